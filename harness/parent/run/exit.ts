// How a child ended, as the failure of its file (or none).
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
  if (end.reported !== null || (end.done && end.exitCode === 0)) return end.reported;
  const how = end.signal ? `was killed by ${end.signal}` : `exited with code ${end.exitCode}`;
  return {
    kind: 'crash',
    phase: null,
    message: end.done ? `the child ${how} after finishing` : `the child ${how} before finishing`,
    stack: null,
  };
}
