#!/usr/bin/env node
// CI's gate for the load suite (.ci/run): given the --json report of a load
// suite run that failed, exits 0 when every failure is a latency limit
// (latency_* of a load identifier), printing each, and 1 when anything else
// failed (a file's error, a check, a saturated generator, a leak, throughput,
// an allocation limit). Latency is timing on a shared 2-core machine; the rest
// is not (README.md, "The load suite").
//
//   node scripts/latency-only-failures.mjs REPORT.json
import { readFileSync } from 'node:fs';

const path = process.argv[2];
if (path === undefined) {
  console.error('usage: node scripts/latency-only-failures.mjs REPORT.json');
  process.exit(2);
}
let report;
try {
  report = JSON.parse(readFileSync(path, 'utf8'));
} catch (error) {
  console.error(`latency-only-failures: cannot read ${path}: ${error.message}`);
  process.exit(2);
}

const OK_STATUSES = new Set(['pass', 'unchecked', 'unavailable']);
const latency = [];
const other = [];
for (const file of report.files ?? []) {
  if (file.failure) other.push(`${file.file}: ${file.failure.kind ?? 'error'}: ${file.failure.message ?? ''}`);
  for (const id of file.identifiers ?? []) {
    for (const v of id.verdicts ?? []) {
      if (!OK_STATUSES.has(v.status)) other.push(`${id.identifier}.${v.metric}: ${v.status}`);
    }
    const load = id.load;
    if (!load) continue;
    if (load.saturated) other.push(`${id.identifier}: the load generator was saturated`);
    for (const run of load.runs ?? []) {
      for (const check of run.checks ?? []) {
        if (!check.passed) other.push(`${id.identifier} run ${run.index}: check ${check.name} failed: ${check.detail}`);
      }
    }
    for (const v of load.verdicts ?? []) {
      if (OK_STATUSES.has(v.status)) continue;
      const line = `${id.identifier}.${v.metric}: ${v.value} against ${v.bound} ${v.limit?.value}`;
      (v.metric.startsWith('latency_') ? latency : other).push(line);
    }
  }
}
for (const line of latency) console.log(`latency over its limit: ${line}`);
for (const line of other) console.log(`not a latency limit: ${line}`);
if (latency.length === 0 && other.length === 0) console.log('latency-only-failures: no failure in the report');
if (other.length > 0 || latency.length === 0) process.exit(1);
console.log(`latency-only-failures: ${latency.length} latency limit(s) over, nothing else failed`);
