// One counting window in a vitest worker: the one place the vitest matchers
// count, so that the counting core can be switched here alone.
//
// It uses the addon as the runner's child does (child/measure.ts): settle the
// loop, gc(), startTracking(), run the workload (awaited when it returns a
// promise), then closeWindowAfter(1, snapshotPath) takes the heap snapshot in
// C++ after one loop turn and stops tracking. The measured windows' snapshots
// are read in a process of their own (read-windows.ts), with the runner's
// figure code and attribution rule.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAddonPath } from '../parent/project/paths.js';
import { readWindowsApart, type WindowResult } from './read-windows.js';

export type { WindowResult } from './read-windows.js';

/** The addon calls a window uses (see child/counters.ts for the whole interface). */
interface WindowAddon {
  startTracking(): void;
  closeWindowAfter(turns: number, path: string, callback: (error: string | null) => void): void;
}

export interface WindowSettings {
  warmupRuns: number;
  measuredRuns: number;
  /** Sites are shown relative to it. */
  projectRoot: string;
}

/** As in child/measure.ts: the turns after the workload, inside the window. */
const SETTLE_TURNS = 1;
/** As in child/measure.ts: V8 keeps the subject of the last RegExp match alive. */
const CLEAR_LAST_MATCH = /(?:)/;

declare const gc: (() => void) | undefined;

let addon: WindowAddon | undefined;

function loadAddon(): WindowAddon {
  addon ??= createRequire(import.meta.url)(defaultAddonPath) as WindowAddon;
  return addon;
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** One window, its snapshot written to `path` (the null device for warm-ups). */
async function oneWindow(workload: () => unknown, path: string): Promise<void> {
  const tracker = loadAddon();
  await settle();
  gc!();
  tracker.startTracking();
  let result: unknown = workload();
  if (isThenable(result)) result = await result;
  result = undefined;
  CLEAR_LAST_MATCH.test('');
  const error = await new Promise<string | null>((resolve) => tracker.closeWindowAfter(SETTLE_TURNS, path, resolve));
  if (error !== null) throw new Error(`alloc-counter: ${error}`);
}

/** Counts `workload`: warm-up windows, then measured ones; the minimum of each figure. */
export async function countWindow(workload: () => unknown, settings: WindowSettings): Promise<WindowResult> {
  if (typeof gc !== 'function') {
    throw new Error('alloc-counter: gc() is missing: the worker runs without the counting flags (add allocCounter())');
  }
  for (let i = 0; i < settings.warmupRuns; i++) await oneWindow(workload, devNull);
  const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-vitest-'));
  try {
    const paths: string[] = [];
    for (let i = 0; i < settings.measuredRuns; i++) {
      const path = join(dir, `window${i}.heapsnapshot`);
      await oneWindow(workload, path);
      paths.push(path);
    }
    return await readWindowsApart(paths, settings.projectRoot);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
