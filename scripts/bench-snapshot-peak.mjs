#!/usr/bin/env node
// What V8's own heap snapshot costs in memory beside a big live heap, with no
// harness at all: a child Node keeps a cache of small objects alive (the
// big-heap file's cache, scripts/bench/generate.mjs), then calls
// v8.writeHeapSnapshot() and prints its VmHWM before and after. Every
// retainer path the harness gives (--explain) comes from such a snapshot.
//
//   node scripts/bench-snapshot-peak.mjs [--heap-mb 50,100,200] [--node PATH]...
//
// Results: BENCHMARKS.md, "V8's own heap snapshot beside a big heap".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cacheEntries, fillCacheSource } from './bench/generate.mjs';

/** The child's program: keep about `megabytes` of the cache alive, snapshot, report. */
function childSource(megabytes) {
  return `
import v8 from 'node:v8';
import { readFileSync, statSync, unlinkSync } from 'node:fs';
const hwmMb = () => Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
const dir = process.argv[1];
const cache = [];
${fillCacheSource(cacheEntries(megabytes))}
gc();
const heapMb = process.memoryUsage().heapUsed / 1048576;
const before = hwmMb();
const started = process.hrtime.bigint();
const file = v8.writeHeapSnapshot(dir + '/s.heapsnapshot');
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const fileMb = statSync(file).size / 1048576;
unlinkSync(file);
console.log(JSON.stringify({ node: process.version, objects: cache.length, heapMb, hwmBeforeMb: before, hwmAfterMb: hwmMb(), fileMb, seconds }));
`;
}

function fail(message) {
  console.error(`bench-snapshot-peak: ${message}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: { 'heap-mb': { type: 'string', default: '50,100,200' }, node: { type: 'string', multiple: true } },
  }));
} catch (error) {
  fail(error.message);
}
const sizes = values['heap-mb'].split(',').map(Number);
if (sizes.some((size) => !Number.isFinite(size) || size <= 0))
  fail(`--heap-mb ${values['heap-mb']}: give sizes in MB, such as 50,100,200`);
const nodes = values.node ?? [process.execPath];

const rows = [];
for (const node of nodes) {
  for (const megabytes of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'snapshot-peak-'));
    try {
      const child = spawnSync(node, ['--expose-gc', '--input-type=module', '-e', childSource(megabytes), dir], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      if (child.error) fail(`--node ${node}: ${child.error.message}`);
      if (child.status !== 0)
        fail(`--node ${node}, ${megabytes} MB: exit ${child.status}: ${child.stderr.trim().split('\n').at(-1)}`);
      const row = JSON.parse(child.stdout);
      rows.push(row);
      console.error(`${row.node} ${megabytes} MB: ${JSON.stringify(row)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const mb = (value) => `${Math.round(value)} MB`;
console.log(
  '| Node | objects kept | live heap | snapshot file | peak RSS before | peak RSS after the snapshot | after / live heap | time |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) {
  const ratio = (row.hwmAfterMb / row.heapMb).toFixed(1);
  console.log(
    `| ${row.node} | ${row.objects} | ${mb(row.heapMb)} | ${mb(row.fileMb)} | ${mb(row.hwmBeforeMb)} | ${mb(row.hwmAfterMb)} | ${ratio}x | ${row.seconds.toFixed(1)} s |`,
  );
}
