// measure(identifier, workload): the one function a test file calls.
//
// Each run is one measurement window:
//   settle the event loop; list fds and resources; gc();
//   start V8's allocation tracking; run the workload (awaited if it returns a promise);
//   gc(); heap snapshot with the allocation trace -> file; stop tracking;
//   list fds and resources again.
// The parent turns each snapshot into total/remaining allocation figures.
// Everything this file allocates inside the window is attributed by V8 to
// functions in the harness's own files, which the parent drops from the figures.
import { devNull } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { NativeRun } from '../protocol.js';
import { send } from './channel.js';
import { type AllocationTracker, leakedFds, leakedResources, listOpenFds } from './counters.js';
import { finishNativeWindow, type NativeCounting } from './native-counters.js';

/** A workload returns the number of operations it did (or nothing). */
export type Workload = () => unknown;

export interface ChildState {
  testFile: string;
  workDir: string;
  warmupRuns: number;
  measuredRuns: number;
  /** Sample a heap profile of each measured run (--profile). */
  heapProfile: boolean;
  /** null with --no-count: the workload runs, nothing is tracked. */
  tracker: AllocationTracker | null;
  /** Native (malloc) counting, or null with --no-count. */
  native: NativeCounting | null;
  measured: Set<string>;
  /** Runs of measure() that have not finished; the entry waits for none to be left. */
  pending: number;
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
 * Event-loop turns after the workload, inside the window (closeWindowAfter in
 * alloc_tracker.cc). One turn passes a close-callbacks phase; each further
 * turn costs about 1.5 allocations of Node's own, even for an empty workload.
 */
const SETTLE_TURNS = 1;

/**
 * V8 keeps the subject string of the last RegExp match alive (RegExp.lastMatch);
 * a match on '' before the window closes drops the workload's last subject.
 */
const CLEAR_LAST_MATCH = /(?:)/;

/**
 * Bytes between samples of the sampling heap profiler (--profile): DevTools'
 * default (32 KiB) would miss most of a small workload.
 */
const HEAP_PROFILE_SAMPLING_INTERVAL = 1024;

function settle(): Promise<void> {
  // Two turns of the loop let close callbacks and immediates of the previous run finish.
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function snapshotFileName(identifier: string, index: number): string {
  const safe = identifier.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `${safe}.${process.pid}.run${index}.heapsnapshot`;
}

async function oneRun(
  state: ChildState,
  identifier: string,
  workload: Workload,
  index: number,
  snapshotPath: string | null,
): Promise<void> {
  await settle();
  const tracker = state.tracker;
  const fdsBefore = listOpenFds();
  const resourcesBefore = process.getActiveResourcesInfo();
  gc();
  const started = performance.now();
  // The profile is written as the window closes (alloc_tracker.cc); its name is the one
  // heapProfilePathFor() in parent/diagnostics/profile.ts expects.
  if (tracker !== null && state.heapProfile && snapshotPath !== null) {
    tracker.startSampling(HEAP_PROFILE_SAMPLING_INTERVAL, snapshotPath.replace(/\.heapsnapshot$/, '') + '.heapprofile');
  }
  tracker?.startTracking();
  // Sync workloads are never awaited, so an empty sync workload measures 0.
  let result: unknown = workload();
  if (isThenable(result)) result = await result;
  const operations = typeof result === 'number' ? result : null;
  // Hold nothing of the workload's across the snapshot, or it counts as remaining.
  result = undefined;
  if (tracker === null) {
    await settle();
  } else {
    // The window closes in C++ after SETTLE_TURNS turns of the loop, so that
    // what the workload left in flight (close callbacks, shutdowns) finishes
    // inside it and nothing of ours runs in it.
    // Warm-up runs serialise too (to the null device), so that measured runs pay no one-off costs.
    CLEAR_LAST_MATCH.test('');
    const error = await new Promise<string | null>((resolve) =>
      tracker.closeWindowAfter(SETTLE_TURNS, snapshotPath ?? devNull, resolve),
    );
    if (error !== null) throw new Error(error);
  }
  const durationMs = performance.now() - started;
  if (snapshotPath === null) return;
  await settle();
  send({
    type: 'run',
    identifier,
    index,
    snapshot: tracker ? snapshotPath : null,
    operations,
    durationMs,
    leakedFds: leakedFds(fdsBefore, listOpenFds()),
    leakedHandles: leakedResources(resourcesBefore, process.getActiveResourcesInfo()),
  });
}

/**
 * A native (malloc) window: the workload once more, with V8's allocation
 * tracker off, since the tracker mallocs for every JS allocation it records.
 * It closes in C++ after SETTLE_TURNS turns, like the heap window.
 */
async function nativeRun(
  native: NativeCounting,
  tracker: AllocationTracker,
  workload: Workload,
  measured: boolean,
): Promise<NativeRun> {
  if ('unavailable' in native) return { available: false, reason: native.unavailable };
  await settle();
  gc();
  tracker.startNativeWindow();
  let result: unknown = workload();
  if (isThenable(result)) result = await result;
  result = undefined;
  await new Promise<string | null>((resolve) => tracker.closeNativeWindowAfter(SETTLE_TURNS, resolve));
  return finishNativeWindow(native.counter, measured);
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
      `measure('${identifier}'): not inside an alloc-counter child; run the file with ./run-alloc-counter-tests.sh <file>`,
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
    for (let i = 0; i < state.warmupRuns; i++) await oneRun(state, identifier, workload, i, null);
    for (let i = 0; i < state.measuredRuns; i++) {
      await oneRun(state, identifier, workload, i, join(state.workDir, snapshotFileName(identifier, i)));
    }
    // Native windows come after the heap windows, which they would otherwise perturb.
    const { native, tracker } = state;
    if (native !== null && tracker !== null) {
      for (let i = 0; i < state.warmupRuns; i++) await nativeRun(native, tracker, workload, false);
      for (let i = 0; i < state.measuredRuns; i++) {
        send({ type: 'native', identifier, index: i, native: await nativeRun(native, tracker, workload, true) });
      }
    }
  } finally {
    state.pending--;
  }
  send({ type: 'measured', identifier, warmupRuns: state.warmupRuns, measuredRuns: state.measuredRuns });
}
