// measure(identifier, workload): the one function a test file calls.
//
// Warm-up runs, then measured runs, each counted in windows of one of two kinds
// (ARCHITECTURE.md, "Counting"): snapshot counting (snapshot-runs.ts, the
// default) or sampling counting (sampling-runs.ts, --counting sampling); then
// native (malloc) windows. Everything this file allocates inside a window is attributed by V8 to
// functions in the harness's own files, which the parent drops from the figures.
import type { NativeRun } from '../protocol.js';
import { send } from './channel.js';
import type { AllocationTracker } from './counters.js';
import { finishNativeWindow, type NativeCounting } from './native-counters.js';
import { samplingMeasuredRun, samplingWarmUpRun } from './sampling-runs.js';
import { snapshotRun } from './snapshot-runs.js';
import { isThenable, SETTLE_TURNS, settle } from './window.js';

/** A workload returns the number of operations it did (or nothing). */
export type Workload = () => unknown;

export interface ChildState {
  testFile: string;
  workDir: string;
  warmupRuns: number;
  measuredRuns: number;
  /** How JS allocations are counted (--counting). */
  counting: 'snapshot' | 'sampling';
  /** Sampling counting: a heap snapshot of each measured run's remaining window (--explain, --profile, --keep-snapshots). */
  snapshots: boolean;
  /** null with --no-count: the workload runs, nothing is tracked. */
  tracker: AllocationTracker | null;
  /** Native (malloc) counting, or null with --no-count. */
  native: NativeCounting | null;
  measured: Set<string>;
  /** Runs of measure() that have not finished; the entry waits for none to be left. */
  pending: number;
  /** --cpu-profile's uncounted run: the workloads run under the CPU profiler, nothing is counted. */
  cpuProfileRun?: boolean;
}

const STATE_KEY = Symbol.for('alloc-counter.child-state');
type GlobalWithState = typeof globalThis & { [STATE_KEY]?: ChildState };

/** Set by the child entry. Kept on globalThis so that two copies of this module share it. */
export function setChildState(state: ChildState): void {
  (globalThis as GlobalWithState)[STATE_KEY] = state;
}

export function getChildState(): ChildState | undefined {
  return (globalThis as GlobalWithState)[STATE_KEY];
}

declare const gc: () => void;

/**
 * A native (malloc) window: the workload once more, with V8's allocation
 * tracker off, since the tracker mallocs for every JS allocation it records.
 * It closes in C++ after SETTLE_TURNS turns, like the heap window.
 */
async function nativeRun(native: NativeCounting, tracker: AllocationTracker, workload: Workload): Promise<NativeRun> {
  if ('unavailable' in native) return { available: false, reason: native.unavailable };
  await settle();
  gc();
  tracker.startNativeWindow();
  let result: unknown = workload();
  if (isThenable(result)) result = await result;
  result = undefined;
  await new Promise<string | null>((resolve) => tracker.closeNativeWindowAfter(SETTLE_TURNS, resolve));
  return finishNativeWindow(native.counter);
}

/** Warm-up and measured runs, each in its own heap window; then the native windows. */
async function countedRuns(state: ChildState, identifier: string, workload: Workload): Promise<void> {
  const sampling = state.counting === 'sampling';
  for (let i = 0; i < state.warmupRuns; i++) {
    await (sampling ? samplingWarmUpRun(state, workload, i) : snapshotRun(state, identifier, workload, i, false));
  }
  for (let i = 0; i < state.measuredRuns; i++) {
    await (sampling
      ? samplingMeasuredRun(state, identifier, workload, i)
      : snapshotRun(state, identifier, workload, i, true));
  }
  // Native windows come after the heap windows, which they would otherwise perturb.
  // No warm-ups of their own: the heap windows have run the workload already
  // (ARCHITECTURE.md, "Native counting": measured).
  const { native, tracker } = state;
  if (native !== null && tracker !== null) {
    for (let i = 0; i < state.measuredRuns; i++) {
      send({ type: 'native', identifier, index: i, native: await nativeRun(native, tracker, workload) });
    }
  }
}

/**
 * Measures `workload`: warm-up runs, then measured runs, each in its own
 * allocation-tracking window. Call it once per identifier; the identifier a
 * test file's `run(identifier)` receives is `test_<file name>`; further
 * identifiers in the same file should extend it (`identifier + '_suffix'`).
 */
export async function measure(identifier: string, workload: Workload): Promise<void> {
  const state = getChildState();
  if (state === undefined) {
    throw new Error(
      `measure('${identifier}'): not inside an alloc-counter child; run the file with the runner: npx alloc-counter <file> (./run-alloc-counter-tests.sh <file> in alloc-counter's own repo)`,
    );
  }
  if (typeof identifier !== 'string' || !/^[A-Za-z0-9_]+$/.test(identifier)) {
    throw new Error(`measure: identifier ${JSON.stringify(identifier)} must be letters, digits and '_' only`);
  }
  if (typeof workload !== 'function') {
    throw new Error(`measure('${identifier}'): the workload must be a function`);
  }
  if (state.measured.has(identifier)) {
    throw new Error(`measure('${identifier}'): this identifier was already measured in ${state.testFile}`);
  }
  state.measured.add(identifier);
  state.pending++;
  try {
    // Loaded only in --cpu-profile's uncounted run: the counted child loads nothing more.
    if (state.cpuProfileRun === true)
      await (await import('./cpu-profile-run.js')).profiledRuns(state, identifier, workload);
    else await countedRuns(state, identifier, workload);
  } finally {
    state.pending--;
  }
  send({ type: 'measured', identifier, warmupRuns: state.warmupRuns, measuredRuns: state.measuredRuns });
}
