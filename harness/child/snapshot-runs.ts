// Snapshot counting (the default): each run is one window under V8's allocation
// tracker, closed by a heap snapshot written from C++ (tracker_snapshot.cc); the
// parent reads totals from its allocation trace and remaining from its live
// nodes. Exact, at a cost that grows with the whole heap (ARCHITECTURE.md, "Counting").
import { devNull } from 'node:os';
import { performance } from 'node:perf_hooks';
import { send } from './channel.js';
import { leakedFds, leakedResources, listOpenFds } from './counters.js';
import type { ChildState, Workload } from './measure.js';
import { CLEAR_LAST_MATCH, isThenable, runFiles, SETTLE_TURNS, settle } from './window.js';

declare const gc: () => void;

/** One run; a warm-up (measured false) serialises its snapshot to the null device and reports nothing. */
export async function snapshotRun(
  state: ChildState,
  identifier: string,
  workload: Workload,
  index: number,
  measured: boolean,
): Promise<void> {
  const snapshotPath = measured ? runFiles(state, identifier, index).snapshot : null;
  await settle();
  const tracker = state.tracker;
  const fdsBefore = listOpenFds();
  const resourcesBefore = process.getActiveResourcesInfo();
  gc();
  const started = performance.now();
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
  if (!measured) return;
  await settle();
  send({
    type: 'run',
    identifier,
    index,
    files: tracker ? { totals: null, remaining: null, snapshot: snapshotPath } : null,
    operations,
    durationMs,
    leakedFds: leakedFds(fdsBefore, listOpenFds()),
    leakedHandles: leakedResources(resourcesBefore, process.getActiveResourcesInfo()),
  });
}
