// How a child ended, as the failure of its file (or none), named by what it is:
// time-out, output flood, out of memory, segmentation fault, abort, bus error, early exit.
import type { ChildFailure } from './child-failure.js';

export interface ChildEnd {
  timedOut: boolean;
  timeoutSeconds: number;
  /** As the process ended: undefined when it was killed by a signal or never started. */
  exitCode: number | undefined;
  signal: string | undefined;
  /** Whether the child sent 'done'. */
  done: boolean;
  /** The first failure the child's channel held (parseChannel). */
  reported: ChildFailure | null;
  /** The test's stdout and stderr: V8 says there that it ran out of heap. */
  output?: string;
  /** The child's --max-old-space-size in MB, when it was given one (heapLimitMb). */
  heapLimitMb?: number | null;
  /** The size in MB of output the runner keeps, when the child wrote more (its pipes were closed). */
  outputOverflowMb?: number | null;
}

const OUT_OF_MEMORY = /JavaScript heap out of memory|Reached heap limit/;
const SIGNAL_NAMES: Record<string, string> = {
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'abort',
  SIGBUS: 'bus error',
  SIGILL: 'illegal instruction',
  SIGFPE: 'arithmetic error',
};

/** The --max-old-space-size (or _) in NODE_OPTIONS, in MB; null when none is set. */
export function heapLimitMb(nodeOptions: string | undefined): number | null {
  const match = /--max[-_]old[-_]space[-_]size[= ](\d+)/.exec(nodeOptions ?? '');
  return match === null ? null : Number(match[1]);
}

function whatHappened(end: ChildEnd): string | null {
  if (OUT_OF_MEMORY.test(end.output ?? '')) {
    const limit = end.heapLimitMb ?? null;
    return limit === null ? 'out of memory' : `out of memory (heap limit ${limit} MB)`;
  }
  return end.signal === undefined ? null : (SIGNAL_NAMES[end.signal] ?? null);
}

/** A time-out wins over everything; then what the child reported; then a bad end. */
export function endFailure(end: ChildEnd): ChildFailure | null {
  if (end.timedOut) {
    return {
      kind: 'timeout',
      phase: null,
      message: `timed out after ${end.timeoutSeconds} s (killed with its process group; raise --timeout if it is just slow)`,
      stack: null,
    };
  }
  const overflow = end.outputOverflowMb ?? null;
  if (overflow !== null) {
    // What the child reported then (EPIPE) follows from its pipes being closed.
    const message = `output flood: the test wrote more than ${overflow} MB to stdout and stderr (print less)`;
    return { kind: 'error', phase: null, message, stack: null };
  }
  if (end.reported !== null || (end.done && end.exitCode === 0)) return end.reported;
  const how = end.signal ? `was killed by ${end.signal}` : `exited with code ${end.exitCode}`;
  const when = end.done ? 'after finishing' : 'before finishing';
  const what = whatHappened(end);
  return {
    kind: 'crash',
    phase: null,
    message: `${what === null ? '' : `${what}: `}the child ${how} ${when}`,
    stack: null,
  };
}
