#!/usr/bin/env node
// Runs test files in N separate runner invocations (so N separate child
// processes per file) and checks that every identifier gets identical figures.
//
//   node scripts/check-determinism.mjs [--processes N] [--native-tolerance PCT] [--native-tolerance-min N] [runner options...] [test files...]
//
// Exit 0 when every figure is identical across the N runs, 1 otherwise, 2 on bad usage.
// Except total_native_allocations, which may spread by up to PCT percent
// (default 1) or N allocations (default 32), whichever is larger, and the
// advisory native figures, printed but not checked: the rule is in
// scripts/figure-agreement.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFigureAgreement, NATIVE_TOLERANCE_MIN } from './figure-agreement.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(
    'Usage: node scripts/check-determinism.mjs [--processes N] [--native-tolerance PCT] [--native-tolerance-min N] [runner options...] [test files...]',
  );
  console.log(
    'Runs the files in N separate runner invocations; exit 0 when every identifier has identical figures in all N.',
  );
  process.exit(0);
}
let processes = 10;
const at = args.indexOf('--processes');
if (at >= 0) {
  processes = Number(args[at + 1]);
  args.splice(at, 2);
  if (!Number.isInteger(processes) || processes < 2) {
    console.error('check-determinism: --processes N needs an integer >= 2');
    process.exit(2);
  }
}

let nativeTolerancePct = 1;
const toleranceAt = args.indexOf('--native-tolerance');
if (toleranceAt >= 0) {
  nativeTolerancePct = Number(args[toleranceAt + 1]);
  args.splice(toleranceAt, 2);
  if (!Number.isFinite(nativeTolerancePct) || nativeTolerancePct < 0) {
    console.error('check-determinism: --native-tolerance PCT needs a number >= 0');
    process.exit(2);
  }
}
let nativeToleranceMin = NATIVE_TOLERANCE_MIN;
const toleranceMinAt = args.indexOf('--native-tolerance-min');
if (toleranceMinAt >= 0) {
  nativeToleranceMin = Number(args[toleranceMinAt + 1]);
  args.splice(toleranceMinAt, 2);
  if (!Number.isInteger(nativeToleranceMin) || nativeToleranceMin < 0) {
    console.error('check-determinism: --native-tolerance-min N needs an integer >= 0');
    process.exit(2);
  }
}
const agreement = await loadFigureAgreement(root, nativeTolerancePct, nativeToleranceMin);

const work = mkdtempSync(join(tmpdir(), 'alloc-counter-determinism-'));
/** identifier -> metric -> values, one per process */
const seen = new Map();
try {
  for (let i = 0; i < processes; i++) {
    const report = join(work, `run${i}.json`);
    const run = spawnSync(join(root, 'run-alloc-counter-tests.sh'), ['--json', report, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^MAX_.*_ALLOWED_/.test(k))),
    });
    if (run.status === 2) {
      rmSync(work, { recursive: true, force: true });
      process.exit(2);
    }
    if (!existsSync(report)) {
      console.error(`check-determinism: run ${i + 1} wrote no report (runner exit ${run.status ?? run.signal})`);
      rmSync(work, { recursive: true, force: true });
      process.exit(1);
    }
    const parsed = JSON.parse(readFileSync(report, 'utf8'));
    for (const file of parsed.files) {
      if (file.failure) {
        console.error(`check-determinism: ${file.file} failed in run ${i + 1}: ${file.failure.message}`);
        rmSync(work, { recursive: true, force: true });
        process.exit(1);
      }
      for (const id of file.identifiers) {
        if (!id.figures) continue;
        const metrics = seen.get(id.identifier) ?? new Map();
        seen.set(id.identifier, metrics);
        for (const [metric, value] of Object.entries(id.figures)) {
          metrics.set(metric, [...(metrics.get(metric) ?? []), value]);
        }
      }
    }
    process.stderr.write(`check-determinism: run ${i + 1} of ${processes} done\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

let differing = 0;
for (const [identifier, metrics] of seen) {
  for (const [metric, values] of metrics) {
    const { verdict, spreadPct } = agreement(metric, values);
    if (values.length !== processes) {
      console.log(`${identifier}.${metric}: measured in ${values.length} of ${processes} runs`);
      differing++;
    } else if (verdict === 'advisory') {
      console.log(`${identifier}.${metric}: varies across processes (advisory, not checked): ${values.join(', ')}`);
    } else if (spreadPct !== null && verdict !== 'identical') {
      const within = verdict === 'within';
      console.log(
        `${identifier}.${metric}: ${within ? 'within' : 'DIFFERS by'} ${spreadPct.toFixed(2)}% across processes (tolerance ${nativeTolerancePct}% or ${nativeToleranceMin}): ${values.join(', ')}`,
      );
      if (!within) differing++;
    } else if (verdict === 'differs') {
      console.log(`${identifier}.${metric}: DIFFERS across processes: ${values.join(', ')}`);
      differing++;
    } else {
      console.log(`${identifier}.${metric}: ${values[0]} in all ${processes} processes`);
    }
  }
}
if (seen.size === 0) {
  console.log('check-determinism: no figures were measured');
  process.exit(1);
}
console.log(
  differing === 0
    ? `check-determinism: identical in ${processes} of ${processes} processes (native allocation counts within ${nativeTolerancePct}% or ${nativeToleranceMin}; advisory native figures not checked)`
    : `check-determinism: ${differing} figures differ`,
);
process.exit(differing === 0 ? 0 : 1);
