#!/usr/bin/env node
// Peak memory of `--explain` on a small workload beside a large live heap
// (issue 11: under 1.5 GB, parent + child). Writes a test file that keeps
// --heap-mb of small objects alive and leaks 100 objects per run, runs the
// runner on it with --explain, and samples the RSS of the runner and all its
// descendants from /proc every 50 ms (Linux only).
//
//   node scripts/bench-explain-rss.mjs [--heap-mb 200] [-- runner options...]
//
// Prints the largest sampled sum of RSS over the process tree, and each
// process's own peak (VmHWM, last seen); their sum is an upper bound of the
// tree's peak (the peaks may not coincide).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const separator = args.indexOf('--');
const runnerOptions = separator >= 0 ? args.splice(separator).slice(1) : [];
const at = args.indexOf('--heap-mb');
const heapMb = at >= 0 ? Number(args[at + 1]) : 200;
if (!Number.isInteger(heapMb) || heapMb < 1) {
  console.error('bench-explain-rss: --heap-mb needs an integer >= 1');
  process.exit(2);
}

const harnessIndex = pathToFileURL(join(root, 'dist', 'harness', 'index.js')).href;
const TEST_FILE = `// A small workload beside a large live heap.
import { measure } from '${harnessIndex}';

// Exported: a module-level variable no closure uses would be collected after the module ran.
export const kept: object[][] = [];
for (let i = 0; process.memoryUsage().heapUsed < ${heapMb} * 1024 * 1024; ) {
  const block: object[] = [];
  for (let j = 0; j < 10000; j++, i++) block.push({ id: i, name: 'item ' + i });
  kept.push(block);
}
const leaked: object[] = [];

export async function run(identifier: string): Promise<void> {
  await measure(identifier, () => {
    for (let i = 0; i < 100; i++) leaked.push({ run: i });
    return 100;
  });
}
`;

/** pid -> { ppid, rssKb, hwmKb, name } of every process we may read. */
function processTable() {
  const table = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
      table.set(Number(entry), {
        ppid: field('PPid'),
        rssKb: field('VmRSS'),
        hwmKb: field('VmHWM'),
        name: /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?',
      });
    } catch {
      // The process ended between readdir and read.
    }
  }
  return table;
}

function descendantsOf(rootPid, table) {
  const pids = [rootPid];
  for (let i = 0; i < pids.length; i++) {
    for (const [pid, info] of table) if (info.ppid === pids[i]) pids.push(pid);
  }
  return pids.filter((pid) => table.has(pid));
}

const build = spawnSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(2);
const work = mkdtempSync(join(tmpdir(), 'alloc-counter-bench-explain-'));
const testFile = join(work, 'test_big_heap.ts');
writeFileSync(testFile, TEST_FILE);
console.log(
  `bench-explain-rss: node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, ${heapMb} MB live heap`,
);
const runner = spawn(
  join(root, 'run-alloc-counter-tests.sh'),
  ['--explain', '--allow-missing', '--baselines', join(work, 'baselines.json'), ...runnerOptions, testFile],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
let output = '';
runner.stdout.on('data', (data) => {
  output += data;
});
let peakSumKb = 0;
const peaks = new Map();
const sample = () => {
  const table = processTable();
  let sum = 0;
  for (const pid of descendantsOf(runner.pid, table)) {
    const info = table.get(pid);
    sum += info.rssKb;
    peaks.set(pid, { name: info.name, hwmKb: Math.max(info.hwmKb, peaks.get(pid)?.hwmKb ?? 0) });
  }
  peakSumKb = Math.max(peakSumKb, sum);
};
const timer = setInterval(sample, 50);
const exitCode = await new Promise((resolveExit) => runner.on('exit', (code) => resolveExit(code)));
clearInterval(timer);
rmSync(work, { recursive: true, force: true });

console.log(
  output
    .split('\n')
    .filter((line) => /^(==|-- why|files:)/.test(line))
    .join('\n'),
);
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
const big = [...peaks.entries()].filter(([, p]) => p.hwmKb > 50 * 1024);
for (const [pid, p] of big) console.log(`  pid ${pid} (${p.name}): peak ${mb(p.hwmKb)}`);
console.log(`runner exit ${exitCode}`);
console.log(`largest sampled RSS of the process tree: ${mb(peakSumKb)}`);
console.log(
  `sum of the processes' own peaks (upper bound): ${mb([...peaks.values()].reduce((s, p) => s + p.hwmKb, 0))}`,
);
