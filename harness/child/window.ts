// What every kind of window shares: the loop turns around it, the workload's
// call, and the names of a measured run's files.
import { join } from 'node:path';
import type { ChildState, Workload } from './measure.js';

/**
 * Event-loop turns after the workload, inside the window (closeCountingWindowAfter in
 * alloc_tracker.cc). One turn passes a close-callbacks phase; each further
 * turn costs about 1.5 allocations of Node's own, even for an empty workload.
 */
export const SETTLE_TURNS = 1;

/**
 * V8 keeps the subject string of the last RegExp match alive (RegExp.lastMatch);
 * a match on '' before the window closes drops the workload's last subject.
 */
export const CLEAR_LAST_MATCH = /(?:)/;

export function settle(): Promise<void> {
  // Two turns of the loop let close callbacks and immediates of the previous run finish.
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** A measured run's files in the work folder; the parent checks the names (parent/run/run-files.ts). */
export interface RunFiles {
  totals: string | null;
  remaining: string | null;
  snapshot: string | null;
}

/** Sampling counting: both profiles, and the snapshot when asked for; snapshot counting: the snapshot. */
export function runFiles(state: ChildState, identifier: string, index: number): RunFiles {
  const base = join(state.workDir, `${identifier.replace(/[^A-Za-z0-9_.-]/g, '_')}.${process.pid}.run${index}`);
  const sampling = state.counting === 'sampling';
  return {
    totals: sampling ? `${base}.totals.allocprofile` : null,
    remaining: sampling ? `${base}.remaining.allocprofile` : null,
    snapshot: !sampling || state.snapshots ? `${base}.heapsnapshot` : null,
  };
}

/** Runs the workload; its number of operations, or null. Nothing of its result is held. */
export async function runWorkload(workload: Workload): Promise<number | null> {
  // Sync workloads are never awaited, so an empty sync workload measures 0.
  let result: unknown = workload();
  if (isThenable(result)) result = await result;
  return typeof result === 'number' ? result : null;
}
