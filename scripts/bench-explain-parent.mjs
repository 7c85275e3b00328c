#!/usr/bin/env node
// The parent's share of `--explain` for one identifier, alone: what
// diagnostics/collect.ts does with the measured runs' snapshots (read each,
// take its figures, keep the reported run, then the remaining groups and their
// retainer paths). Prints the figures, the time and this process's peak RSS.
// The snapshots: `./run-alloc-counter-tests.sh --keep-snapshots -t DIR FILE` (keep the runX files).
//
//   node scripts/bench-explain-parent.mjs SNAPSHOT...        (after npm run build)
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const load = (path) => import(pathToFileURL(join(root, 'dist', 'harness', 'parent', path)).href);
const { IdentifierDiagnosticsCollector } = await load('diagnostics/collect.js');
const { harnessScriptMatcher } = await load('figures/heap-snapshot.js');
const { SourceLocator } = await load('diagnostics/locations.js');

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('bench-explain-parent: give the snapshot files of the measured runs');
  process.exit(2);
}
const started = performance.now();
const collector = new IdentifierDiagnosticsCollector(
  'identifier',
  harnessScriptMatcher(join(root, 'dist', 'harness')),
  new SourceLocator(root),
  { explain: true, profile: null },
);
for (const [index, path] of paths.entries())
  console.log(`run ${index}: ${JSON.stringify(collector.addRun(index, path))}`);
const diagnostics = collector.finish(true, (path) => `${path}.none`);
for (const group of diagnostics.remaining.slice(0, 3)) {
  console.log(
    `remaining: ${group.count} x ${group.group}, retainer path of ${group.retainerPath?.steps.length ?? 0} steps`,
  );
}
const seconds = (performance.now() - started) / 1000;
console.log(`${seconds.toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
