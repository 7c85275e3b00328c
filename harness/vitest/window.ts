// One counting window in a vitest worker: the one place the vitest matchers
// count, so that the counting core can be switched here alone.
//
// It uses the addon as the runner's child does (child/measure.ts): settle the
// loop, gc(), startTracking(), run the workload (awaited when it returns a
// promise), then closeWindowAfter(1, snapshotPath) takes the heap snapshot in
// C++ after one loop turn and stops tracking. The snapshot is read with the
// runner's figure code (parent/figures/heap-snapshot.ts), with its attribution
// rule: the harness's own frames are dropped, and here vitest's too, so that
// work vitest does in the worker while a window is open does not count.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SourceLocator } from '../parent/diagnostics/locations.js';
import { callTreeOf, flattenSites, type SiteTotals } from '../parent/diagnostics/sites.js';
import {
  attributeTrace,
  figuresOfTrace,
  harnessScriptMatcher,
  type JsHeapFigures,
  readHeapSnapshot,
} from '../parent/figures/heap-snapshot.js';
import { compiledHarnessDir, defaultAddonPath } from '../parent/project/paths.js';

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

export interface WindowResult {
  /** The minimum of each figure over the measured runs, as the runner reports. */
  figures: JsHeapFigures;
  /** The allocation sites of the run with the fewest allocations, most first. */
  sites: SiteTotals[];
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

/** Frames whose allocations are not the workload's: the harness's, and vitest's (its runner, expect, chai). */
const isHarnessFrame = (() => {
  const harness = harnessScriptMatcher(compiledHarnessDir);
  const vitest = /[\\/]node_modules[\\/](?:vitest|@vitest[\\/][^\\/]+|chai|tinyspy)[\\/]/;
  return (scriptName: string): boolean => harness(scriptName) || vitest.test(scriptName);
})();

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
    let best: WindowResult | null = null;
    let minimum: JsHeapFigures | null = null;
    for (let i = 0; i < settings.measuredRuns; i++) {
      const path = join(dir, `window${i}.heapsnapshot`);
      await oneWindow(workload, path);
      const snapshot = readHeapSnapshot(path);
      rmSync(path);
      const trace = attributeTrace(snapshot, isHarnessFrame);
      const figures = figuresOfTrace(snapshot, trace);
      if (best === null || figures.total_allocations < best.figures.total_allocations) {
        best = { figures, sites: flattenSites(callTreeOf(trace, new SourceLocator(settings.projectRoot))) };
      }
      minimum = minimum === null ? figures : minOf(minimum, figures);
    }
    if (best === null || minimum === null) throw new Error('alloc-counter: measuredRuns must be at least 1');
    return { figures: minimum, sites: best.sites };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function minOf(a: JsHeapFigures, b: JsHeapFigures): JsHeapFigures {
  return {
    total_allocations: Math.min(a.total_allocations, b.total_allocations),
    total_allocated_bytes: Math.min(a.total_allocated_bytes, b.total_allocated_bytes),
    remaining_allocations: Math.min(a.remaining_allocations, b.remaining_allocations),
  };
}
