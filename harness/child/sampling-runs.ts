// Sampling counting (--counting sampling): each measured run is two windows of
// the workload, counted by V8's sampling heap profiler at one byte per sample
// from our addon (tracker_counting.cc), at a cost that follows what the
// workload allocates, not the heap beside it (ARCHITECTURE.md, "Counting"):
//   totals     every allocation, temporaries included;
//   remaining  what is still alive after a full GC (and the fds and resources left open),
//              with a heap snapshot (V8's allocation tracker on) only when the parent asks.
import { performance } from 'node:perf_hooks';
import { send } from './channel.js';
import { type AllocationTracker, leakedFds, leakedResources, listOpenFds } from './counters.js';
import type { ChildState, Workload } from './measure.js';
import { CLEAR_LAST_MATCH, runFiles, runWorkload, SETTLE_TURNS, settle } from './window.js';

declare const gc: () => void;

/**
 * One counting window: the window closes in C++ after SETTLE_TURNS turns of
 * the loop, so that what the workload left in flight (close callbacks,
 * shutdowns) finishes inside it and nothing of ours runs in it.
 */
async function countingWindow(
  tracker: AllocationTracker,
  workload: Workload,
  keepCollected: boolean,
  profilePath: string,
  snapshotPath: string | null,
): Promise<number | null> {
  gc();
  if (snapshotPath !== null) tracker.startTracking();
  tracker.startCounting(keepCollected);
  const operations = await runWorkload(workload);
  CLEAR_LAST_MATCH.test('');
  const error = await new Promise<string | null>((resolve) =>
    tracker.closeCountingWindowAfter(SETTLE_TURNS, profilePath, !keepCollected, snapshotPath, resolve),
  );
  if (error !== null) throw new Error(error);
  return operations;
}

/**
 * A warm-up run: the workload once, in a window of each kind by turns, writing
 * nothing; so the default two warm-ups run the workload as often as the heap
 * snapshot path did before a measured run (ARCHITECTURE.md, "Counting").
 */
export async function samplingWarmUpRun(state: ChildState, workload: Workload, index: number): Promise<void> {
  await settle();
  if (state.tracker !== null) {
    await countingWindow(state.tracker, workload, index % 2 === 0, '', null);
    return;
  }
  gc();
  await runWorkload(workload);
  await settle();
}

/** A measured run: a totals window, then a remaining window; its files go to the parent. */
export async function samplingMeasuredRun(
  state: ChildState,
  identifier: string,
  workload: Workload,
  index: number,
): Promise<void> {
  const tracker = state.tracker;
  const files = runFiles(state, identifier, index);
  await settle();
  if (tracker !== null) await countingWindow(tracker, workload, true, files.totals ?? '', null);
  await settle();
  const fdsBefore = listOpenFds();
  const resourcesBefore = process.getActiveResourcesInfo();
  const started = performance.now();
  let operations: number | null;
  if (tracker === null) {
    gc();
    operations = await runWorkload(workload);
    await settle();
  } else {
    operations = await countingWindow(tracker, workload, false, files.remaining ?? '', files.snapshot);
  }
  const durationMs = performance.now() - started;
  await settle();
  send({
    type: 'run',
    identifier,
    index,
    files: tracker ? files : null,
    operations,
    durationMs,
    leakedFds: leakedFds(fdsBefore, listOpenFds()),
    leakedHandles: leakedResources(resourcesBefore, process.getActiveResourcesInfo()),
  });
}
