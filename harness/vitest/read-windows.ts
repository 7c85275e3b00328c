// The figures of a matcher's measured windows, read in a Node process of its
// own: the vitest worker runs with the counting flags (--no-opt, --no-use-ic,
// parent/run/child-flags.ts), under which parsing a worker's 11-16 MB heap
// snapshot took 6-10 s a window; here, with Node's usual flags, it takes well
// under a second (ARCHITECTURE.md, "The vitest matchers").
//
//   node read-windows.js PROJECT_ROOT SNAPSHOT...   prints a WindowResult as JSON
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceLocator } from '../parent/diagnostics/locations.js';
import { callTreeOf, flattenSites, type SiteTotals } from '../parent/diagnostics/sites.js';
import {
  attributeTrace,
  figuresOfTrace,
  harnessScriptMatcher,
  type JsHeapFigures,
  readHeapSnapshot,
} from '../parent/figures/heap-snapshot.js';
import { compiledHarnessDir } from '../parent/project/paths.js';

export interface WindowResult {
  /** The minimum of each figure over the measured runs, as the runner reports. */
  figures: JsHeapFigures;
  /** The allocation sites of the run with the fewest allocations, most first. */
  sites: SiteTotals[];
}

/** Frames whose allocations are not the workload's: the harness's, and vitest's (its runner, expect, chai). */
const isHarnessFrame = (() => {
  const harness = harnessScriptMatcher(compiledHarnessDir);
  const vitest = /[\\/]node_modules[\\/](?:vitest|@vitest[\\/][^\\/]+|chai|tinyspy)[\\/]/;
  return (scriptName: string): boolean => harness(scriptName) || vitest.test(scriptName);
})();

function minOf(a: JsHeapFigures, b: JsHeapFigures): JsHeapFigures {
  return {
    total_allocations: Math.min(a.total_allocations, b.total_allocations),
    total_allocated_bytes: Math.min(a.total_allocated_bytes, b.total_allocated_bytes),
    remaining_allocations: Math.min(a.remaining_allocations, b.remaining_allocations),
  };
}

/** The minimum of each figure over the snapshots, and the sites of the one with the fewest allocations. */
export function readWindows(paths: readonly string[], projectRoot: string): WindowResult {
  let best: WindowResult | null = null;
  let minimum: JsHeapFigures | null = null;
  for (const path of paths) {
    const snapshot = readHeapSnapshot(path);
    const trace = attributeTrace(snapshot, isHarnessFrame);
    const figures = figuresOfTrace(snapshot, trace);
    if (best === null || figures.total_allocations < best.figures.total_allocations) {
      best = { figures, sites: flattenSites(callTreeOf(trace, new SourceLocator(projectRoot))) };
    }
    minimum = minimum === null ? figures : minOf(minimum, figures);
  }
  if (best === null || minimum === null) throw new Error('alloc-counter: measuredRuns must be at least 1');
  return { figures: minimum, sites: best.sites };
}

/** The compiled reader, whether this module is the compiled one or (in our own tests) its source. */
const readerScript = join(compiledHarnessDir, 'vitest', 'read-windows.js');
/** Reader output above this is not a result: a runaway site list would be cut, not parsed. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/** readWindows in a process with Node's usual flags (none of the worker's execArgv or NODE_OPTIONS). */
export function readWindowsApart(paths: readonly string[], projectRoot: string): Promise<WindowResult> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [readerScript, projectRoot, ...paths],
      { env, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error !== null) {
          const why = stderr.trim().split('\n').at(-1) || error.message;
          reject(new Error(`alloc-counter: reading the window's heap snapshots failed: ${why}`));
          return;
        }
        resolve(JSON.parse(stdout) as WindowResult);
      },
    );
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [projectRoot, ...paths] = process.argv.slice(2);
  try {
    if (projectRoot === undefined || paths.length === 0)
      throw new Error('usage: read-windows.js PROJECT_ROOT SNAPSHOT...');
    process.stdout.write(JSON.stringify(readWindows(paths, projectRoot)));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
