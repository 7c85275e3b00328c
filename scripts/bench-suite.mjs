#!/usr/bin/env node
// Wall time of the whole allocation suite with -j 1 and with -j 2, run
// alternately (so that a slow moment of the machine hits both), with the
// suite's limits from baselines.json. Prints each run, the medians and their
// ratio, and checks that every figure is identical in every run.
//
//   node scripts/bench-suite.mjs [--repetitions N] [test files...]     (npm run bench)
//
// Figures are compared as check-determinism compares them
// (scripts/figure-agreement.mjs), native allocation counts within 1% or 32 allocations.
//
// Exit 0 when every run passed and all figures agree, 1 otherwise, 2 on bad usage.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadFigureAgreement } from './figure-agreement.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let repetitions = 2;
const at = args.indexOf('--repetitions');
if (at >= 0) {
  repetitions = Number(args[at + 1]);
  args.splice(at, 2);
  if (!Number.isInteger(repetitions) || repetitions < 1) {
    console.error('bench-suite: --repetitions N needs an integer >= 1');
    process.exit(2);
  }
}
const JOBS = [1, 2];

/** identifier.metric -> value, from a --json report. */
function figuresOf(reportPath) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const figures = new Map();
  for (const file of report.files) {
    if (file.failure) throw new Error(`${file.file}: ${file.failure.message}`);
    for (const id of file.identifiers)
      for (const [metric, value] of Object.entries(id.figures ?? {})) figures.set(`${id.identifier}.${metric}`, value);
  }
  return figures;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// Compared as check-determinism compares them (scripts/figure-agreement.mjs).
const agreement = await loadFigureAgreement(root, 1);
const sameFigure = (key, a, b) =>
  ['identical', 'advisory', 'within'].includes(agreement(key.slice(key.lastIndexOf('.') + 1), [a, b]).verdict);

const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^MAX_.*_ALLOWED_/.test(k)));
const work = mkdtempSync(join(tmpdir(), 'alloc-counter-bench-'));
const seconds = new Map(JOBS.map((jobs) => [jobs, []]));
let reference = null;
let problems = 0;
console.log(
  `bench-suite: node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
try {
  for (let repetition = 1; repetition <= repetitions; repetition++) {
    for (const jobs of JOBS) {
      const report = join(work, `j${jobs}-${repetition}.json`);
      const started = performance.now();
      const run = spawnSync(join(root, 'run-alloc-counter-tests.sh'), ['-j', String(jobs), '--json', report, ...args], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * 1024 * 1024,
      });
      const wall = (performance.now() - started) / 1000;
      seconds.get(jobs).push(wall);
      console.log(`repetition ${repetition}, -j ${jobs}: ${wall.toFixed(1)} s (exit ${run.status})`);
      if (run.status !== 0) {
        problems++;
        for (const line of String(run.stdout).split('\n')) if (line.startsWith('FAILED')) console.log(`  ${line}`);
      }
      const figures = figuresOf(report);
      if (reference === null) reference = figures;
      else {
        for (const [key, value] of reference) {
          if (!sameFigure(key, value, figures.get(key))) {
            console.log(`  DIFFERS: ${key}: ${value} in the first run, ${figures.get(key)} here`);
            problems++;
          }
        }
        if (figures.size !== reference.size) {
          console.log(`  DIFFERS: ${figures.size} figures here, ${reference.size} in the first run`);
          problems++;
        }
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const [one, two] = JOBS.map((jobs) => median(seconds.get(jobs)));
console.log(
  `median wall time: -j 1 ${one.toFixed(1)} s, -j 2 ${two.toFixed(1)} s, ratio -j1/-j2 ${(one / two).toFixed(2)}`,
);
console.log(
  problems === 0
    ? `bench-suite: ${reference?.size ?? 0} figures identical in all ${repetitions * JOBS.length} runs`
    : `bench-suite: ${problems} problems (failed runs or differing figures)`,
);
process.exit(problems === 0 ? 0 : 1);
