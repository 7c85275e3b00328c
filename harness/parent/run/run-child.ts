// Spawns one child Node process for one test file and collects what it said.
// The child leads its own process group, so a time-out, an interrupt or the
// end of the child kills everything the test started as well: no orphans.
import { execa } from 'execa';
import type { ChildConfig, HelloMessage, LoadMessage, NativeMessage, RunMessage } from '../../protocol.js';
import { parseChannel } from './channel.js';
import type { ChildFailure } from './child-failure.js';
import { childNodeFlags } from './child-flags.js';
import { endFailure, heapLimitMb } from './exit.js';
import { addGroup, endGroup, killGroup } from './process-groups.js';

export type { ChildFailure } from './child-failure.js';
export { killAllChildren } from './process-groups.js';

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
  /** Node flags instead of the counting flags (child-flags.ts): --cpu-profile's uncounted run gives none. */
  nodeFlags?: string[];
}

export interface ChildOutcome {
  hello: HelloMessage | null;
  runs: RunMessage[];
  /** Native (malloc) figures of measured runs, by identifier and run index. */
  nativeRuns: NativeMessage[];
  /** Load runs (measureLoad), by identifier and run index. */
  loadRuns: LoadMessage[];
  /** Identifiers whose measure() completed, in order. */
  measured: string[];
  failure: ChildFailure | null;
  /** The test's stdout and stderr, interleaved as written. */
  output: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  /**
   * The child's pid, which names its snapshots: as its first hello said (sent by the harness
   * before the test is imported; a --node wrapper may not exec), else as spawned.
   */
  pid: number | null;
}

/** What the runner keeps of a child's output; a child that writes more fails (an output flood). */
const MAX_OUTPUT_MB = 64;

function spawnChild(spec: ChildRunSpec) {
  const args = [...(spec.nodeFlags ?? childNodeFlags(spec.nodeMajor, spec.config.counting))];
  if (spec.preload !== null) args.push('--import', spec.preload);
  args.push(spec.childEntry, JSON.stringify(spec.config));
  const [command, ...commandArgs] = spec.wrapper === undefined ? [spec.nodeBinary] : [...spec.wrapper, spec.nodeBinary];
  return execa(command!, [...commandArgs, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    all: true,
    reject: false,
    detached: true,
    cleanup: true,
    stripFinalNewline: false,
    maxBuffer: MAX_OUTPUT_MB * 1024 * 1024,
    // tsx compiles TypeScript on the main thread on Node >= 22 (module.registerHooks);
    // whether its disk cache is warm changes what the child allocates, so never use it.
    env: { ...(spec.env ?? process.env), TSX_DISABLE_CACHE: '1' },
    extendEnv: false,
  });
}

export async function runChild(spec: ChildRunSpec): Promise<ChildOutcome> {
  const started = performance.now();
  const subprocess = spawnChild(spec);
  const pid = subprocess.pid;
  if (pid !== undefined) addGroup(pid);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (pid !== undefined) killGroup(pid);
  }, spec.timeoutSeconds * 1000);
  const result = await subprocess;
  clearTimeout(timer);
  if (pid !== undefined) endGroup(pid);
  const durationMs = performance.now() - started;

  const { done, failure, ...said } = parseChannel(String(result.stdio[3] ?? ''));
  const { exitCode, signal } = result;
  const output = typeof result.all === 'string' ? result.all : '';
  const heapLimit = heapLimitMb((spec.env ?? process.env).NODE_OPTIONS);
  const end = { timedOut, timeoutSeconds: spec.timeoutSeconds, exitCode, signal, done, reported: failure };
  return {
    ...said,
    failure: endFailure({
      ...end,
      output,
      heapLimitMb: heapLimit,
      outputOverflowMb: result.isMaxBuffer ? MAX_OUTPUT_MB : null,
    }),
    output,
    exitCode: exitCode ?? null,
    signal: signal ?? null,
    durationMs,
    pid: said.hello?.pid ?? pid ?? null,
  };
}
