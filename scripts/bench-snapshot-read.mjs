#!/usr/bin/env node
// Reading a heap snapshot: the old reader (JSON.parse of the whole file, then
// the zod check it had) against the streaming one (figures/snapshot-reader.ts),
// side by side on the same files. A child with --expose-gc builds a live heap
// of small objects of each size asked for and writes v8.writeHeapSnapshot();
// then each reader reads each file in its own process, alternately, and the
// script prints the median read time and the median peak RSS of the process.
//
//   node scripts/bench-snapshot-read.mjs [--heap-mb 100,200] [--repetitions 3]
//
// The harness's snapshots also carry an allocation trace, which only adds to
// trace_function_infos and trace_tree (small next to nodes and edges).
// Exit 0 when both readers give the same node and edge counts (or the old one
// fails, as it does on files larger than V8's longest string), 1 otherwise, 2 on bad usage.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const READERS = ['json-parse', 'streaming'];

if (process.argv[2] === '--read') {
  await readOnce(process.argv[3], process.argv[4]);
  process.exit(0);
}

/** Worker mode: one read, then its time, counts and this process's peak RSS as one JSON line. */
async function readOnce(reader, path) {
  const started = performance.now();
  let nodes;
  let edges;
  if (reader === 'json-parse') {
    const { z } = await import('zod');
    const numbers = z.custom((value) => Array.isArray(value));
    const schema = z.object({
      snapshot: z.object({
        meta: z.object({
          node_fields: z.array(z.string()),
          node_types: z.array(z.unknown()),
          edge_fields: z.array(z.string()),
          edge_types: z.array(z.unknown()),
          trace_function_info_fields: z.array(z.string()),
          trace_node_fields: z.array(z.string()),
        }),
        node_count: z.number().int(),
        trace_function_count: z.number().int(),
      }),
      nodes: numbers,
      edges: numbers,
      trace_function_infos: numbers,
      trace_tree: z.array(z.unknown()),
      strings: z.array(z.string()),
    });
    const snapshot = schema.parse(JSON.parse(readFileSync(path, 'utf8')));
    nodes = snapshot.nodes.length;
    edges = snapshot.edges.length;
  } else {
    const module = join(root, 'dist', 'harness', 'parent', 'figures', 'snapshot-reader.js');
    const { readSnapshotFile } = await import(pathToFileURL(module).href);
    const snapshot = readSnapshotFile(path);
    nodes = snapshot.nodes.length;
    edges = snapshot.edges.length;
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, nodes, edges, maxRssKb: process.resourceUsage().maxRSS }));
}

const args = process.argv.slice(2);
function option(name, fallback) {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = args[at + 1];
  if (value === undefined) usage(`${name} needs a value`);
  return value;
}
function usage(message) {
  console.error(`bench-snapshot-read: ${message}`);
  process.exit(2);
}
const heapSizes = option('--heap-mb', '100,200').split(',').map(Number);
const repetitions = Number(option('--repetitions', '3'));
if (heapSizes.some((mb) => !Number.isInteger(mb) || mb < 1)) usage('--heap-mb needs integers >= 1, comma-separated');
if (!Number.isInteger(repetitions) || repetitions < 1) usage('--repetitions needs an integer >= 1');

// The streaming reader is imported from dist/: build it as the runner script does.
const build = spawnSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) usage('the harness does not compile');

// Small objects, each with a distinct string, linked from arrays of 10,000: a heap like a
// workload's cache. Grows until the live heap after a full GC reaches the size asked for.
const GENERATE = `
const { writeHeapSnapshot } = require('node:v8');
const [targetMb, path] = process.argv.slice(1);
const kept = [];
let i = 0;
const target = Number(targetMb) * 1024 * 1024;
for (;;) {
  if (process.memoryUsage().heapUsed >= target) {
    globalThis.gc();
    if (process.memoryUsage().heapUsed >= target) break;
  }
  const block = [];
  for (let j = 0; j < 10000; j++, i++) block.push({ id: i, name: 'item ' + i, next: block[j - 1] ?? null });
  kept.push(block);
}
writeHeapSnapshot(path);
console.log(JSON.stringify({ heapUsedMb: process.memoryUsage().heapUsed / 1048576, objects: i }));
`;

const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** One read in its own process; peak RSS from /usr/bin/time when there is one (it also sees a crash). */
function measureRead(reader, path) {
  const command = [process.execPath, self, '--read', reader, path];
  const run = time
    ? spawnSync(time, ['-f', 'maxrss_kb=%M', ...command], { encoding: 'utf8', maxBuffer: 1 << 20 })
    : spawnSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 20 });
  const timed = /maxrss_kb=(\d+)/.exec(run.stderr ?? '');
  const rssMb = timed ? Number(timed[1]) / 1024 : null;
  const line = (run.stdout ?? '').trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    const why = (run.stderr ?? '')
      .split('\n')
      .filter((l) => /Error|FATAL|heap/i.test(l) && !l.startsWith('maxrss'))
      .slice(0, 1)
      .join('');
    return { failed: why || `exit ${run.status ?? run.signal}`, rssMb };
  }
  const result = JSON.parse(line);
  return { ...result, rssMb: rssMb ?? result.maxRssKb / 1024 };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

console.log(
  `bench-snapshot-read: node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, peak RSS from ${time ?? 'process.resourceUsage()'}`,
);
const work = mkdtempSync(join(tmpdir(), 'alloc-counter-bench-snapshot-'));
const rows = [];
let problems = 0;
try {
  for (const heapMb of heapSizes) {
    const path = join(work, `heap-${heapMb}mb.heapsnapshot`);
    const generated = spawnSync(process.execPath, ['--expose-gc', '-e', GENERATE, String(heapMb), path], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (generated.status !== 0) throw new Error(`generating the ${heapMb} MB heap's snapshot failed`);
    const { heapUsedMb, objects } = JSON.parse(generated.stdout.trim().split('\n').pop());
    const fileMb = statSync(path).size / 1048576;
    console.log(
      `${heapMb} MB heap: ${heapUsedMb.toFixed(0)} MB live, ${objects} objects, ${fileMb.toFixed(0)} MB file`,
    );
    const results = new Map(READERS.map((reader) => [reader, []]));
    for (let repetition = 1; repetition <= repetitions; repetition++) {
      for (const reader of READERS) {
        const result = measureRead(reader, path);
        results.get(reader).push(result);
        const shown = result.failed
          ? `failed: ${result.failed}`
          : `${(result.ms / 1000).toFixed(2)} s, ${result.nodes} node values`;
        console.log(`  ${reader} #${repetition}: ${shown}, peak RSS ${result.rssMb?.toFixed(0) ?? '?'} MB`);
      }
    }
    const [old, streaming] = READERS.map((reader) => results.get(reader));
    for (let i = 0; i < repetitions; i++) {
      if (streaming[i].failed) problems++;
      else if (!old[i].failed && (old[i].nodes !== streaming[i].nodes || old[i].edges !== streaming[i].edges)) {
        console.log(`  run ${i + 1}: the readers disagree on the node or edge count`);
        problems++;
      }
    }
    for (const reader of READERS) {
      const runs = results.get(reader);
      const ok = runs.filter((r) => !r.failed);
      const rss = runs.map((r) => r.rssMb).filter((r) => r !== null);
      rows.push({
        heap: `${heapUsedMb.toFixed(0)} MB live`,
        file: `${fileMb.toFixed(0)} MB`,
        reader,
        time:
          ok.length === runs.length
            ? `${(median(ok.map((r) => r.ms)) / 1000).toFixed(2)} s`
            : `failed: ${runs.find((r) => r.failed).failed}`,
        rss: rss.length > 0 ? `${median(rss).toFixed(0)} MB` : '?',
      });
    }
    rmSync(path, { force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`\nmedians of ${repetitions} (read time; peak RSS of the reading process):\n`);
console.log('| live heap | snapshot file | reader | read time | peak RSS |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.heap} | ${r.file} | ${r.reader} | ${r.time} | ${r.rss} |`);
process.exit(problems === 0 ? 0 : 1);
