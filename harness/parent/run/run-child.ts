// Spawns one child Node process for one test file and collects what it said.
// The child leads its own process group, so a time-out, an interrupt or the
// end of the child kills everything the test started as well: no orphans.
import { execa } from 'execa';
import type {
  ChildConfig,
  ChildMessage,
  ErrorMessage,
  HelloMessage,
  NativeMessage,
  RunMessage,
} from '../../protocol.js';
import { childMessageSchema } from '../../protocol.js';

export interface ChildRunSpec {
  nodeBinary: string;
  nodeMajor: number;
  childEntry: string;
  config: ChildConfig;
  timeoutSeconds: number;
  /** Module to --import before the test file (TypeScript support), or null. */
  preload: string | null;
  env?: NodeJS.ProcessEnv;
  /** A program and its arguments that run node (e.g. heaptrack), or none. */
  wrapper?: string[];
}

export interface ChildFailure {
  kind: 'error' | 'crash' | 'timeout' | 'protocol';
  phase: ErrorMessage['phase'] | null;
  message: string;
  stack: string | null;
}

export interface ChildOutcome {
  hello: HelloMessage | null;
  runs: RunMessage[];
  /** Native (malloc) figures of measured runs, by identifier and run index. */
  nativeRuns: NativeMessage[];
  /** Identifiers whose measure() completed, in order. */
  measured: string[];
  failure: ChildFailure | null;
  /** The test's stdout and stderr, interleaved as written. */
  output: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
}

/**
 * V8 flags that make allocation counts exact and repeatable (DESIGN.md).
 * `--no-compact`: V8's allocation tracker maps address ranges to allocation
 * sites and never forgets the range of an object that died; when compaction
 * moved an object from before the window onto such an address, it took that
 * site, and counted as a remaining allocation of the workload (up to 40
 * "remaining" harness objects in a run, changing from run to run).
 * `--no-use-ic`: inline caches allocate their handlers and feedback again
 * whenever a GC has dropped the maps they pointed at; socket workloads whose
 * JS did exactly the same thing moved by 10 to 60 allocations from run to run.
 * Without ICs the figures count the objects the code makes, not V8's caches.
 * `--predictable-gc-schedule --no-minor-gc-task`: GCs at points set by the
 * allocations alone, not by the clock (heap growing, new-space sizing, and
 * scavenges run from a task when the loop gets to it).
 * `--no-baseline-batch-compilation`: Sparkplug compiles each function when
 * it gets hot instead of in batches; under load a batch was compiled at
 * another moment in 1 of 4 processes (test_1000_reqs_1_conn: 7 allocations).
 */
export function childNodeFlags(nodeMajor: number): string[] {
  const flags = [
    '--expose-gc',
    '--no-opt',
    '--no-use-ic',
    '--predictable',
    '--predictable-gc-schedule',
    '--no-minor-gc-task',
    '--no-baseline-batch-compilation',
    '--no-compact',
  ];
  if (nodeMajor >= 22) flags.push('--no-maglev');
  return flags;
}

const liveGroups = new Set<number>();

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Kills every child process group still running (on interrupt or exit of the parent). */
export function killAllChildren(): void {
  for (const pid of liveGroups) killGroup(pid);
  liveGroups.clear();
}

export async function runChild(spec: ChildRunSpec): Promise<ChildOutcome> {
  const args = [...childNodeFlags(spec.nodeMajor)];
  if (spec.preload !== null) args.push('--import', spec.preload);
  args.push(spec.childEntry, JSON.stringify(spec.config));
  const started = performance.now();
  const [command, ...commandArgs] = spec.wrapper === undefined ? [spec.nodeBinary] : [...spec.wrapper, spec.nodeBinary];
  const subprocess = execa(command!, [...commandArgs, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    all: true,
    reject: false,
    detached: true,
    cleanup: true,
    stripFinalNewline: false,
    maxBuffer: 64 * 1024 * 1024,
    // tsx compiles TypeScript on the main thread on Node >= 22 (module.registerHooks);
    // whether its disk cache is warm changes what the child allocates, so never use it.
    env: { ...(spec.env ?? process.env), TSX_DISABLE_CACHE: '1' },
    extendEnv: false,
  });
  const pid = subprocess.pid;
  if (pid !== undefined) liveGroups.add(pid);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (pid !== undefined) killGroup(pid);
  }, spec.timeoutSeconds * 1000);
  const result = await subprocess;
  clearTimeout(timer);
  if (pid !== undefined) {
    // Whatever the test started and left behind goes with it.
    killGroup(pid);
    liveGroups.delete(pid);
  }
  const durationMs = performance.now() - started;

  const outcome: ChildOutcome = {
    hello: null,
    runs: [],
    nativeRuns: [],
    measured: [],
    failure: null,
    output: typeof result.all === 'string' ? result.all : '',
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    durationMs,
  };
  let done = false;
  const channel = String(result.stdio[3] ?? '');
  for (const line of channel.split('\n')) {
    if (line === '') continue;
    let message: ChildMessage;
    try {
      message = childMessageSchema.parse(JSON.parse(line));
    } catch (error) {
      outcome.failure ??= {
        kind: 'protocol',
        phase: null,
        message: `malformed message from the child: ${(error as Error).message.split('\n')[0]}: ${line.slice(0, 200)}`,
        stack: null,
      };
      continue;
    }
    switch (message.type) {
      case 'hello':
        outcome.hello = message;
        break;
      case 'run':
        outcome.runs.push(message);
        break;
      case 'native':
        outcome.nativeRuns.push(message);
        break;
      case 'measured':
        outcome.measured.push(message.identifier);
        break;
      case 'error':
        outcome.failure ??= { kind: 'error', phase: message.phase, message: message.message, stack: message.stack };
        break;
      case 'done':
        done = true;
        break;
    }
  }
  if (timedOut) {
    outcome.failure = {
      kind: 'timeout',
      phase: null,
      message: `timed out after ${spec.timeoutSeconds} s (killed with its process group; raise --timeout if it is just slow)`,
      stack: null,
    };
  } else if (outcome.failure === null && (!done || result.exitCode !== 0)) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
    outcome.failure = {
      kind: 'crash',
      phase: null,
      message: done ? `the child ${how} after finishing` : `the child ${how} before finishing`,
      stack: null,
    };
  }
  return outcome;
}
