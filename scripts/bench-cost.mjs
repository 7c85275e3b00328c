#!/usr/bin/env node
// What counting costs, against the same runs without counting (-n), side by
// side (issue 11): the whole suite; a workload of 100 temporaries beside a
// heap of 0 to 500 MB kept alive by its setup (and --explain on 200 MB); 10,
// 50 and 200 small files; workloads of 1e3 to 1e6 allocations. Then the ways
// users measure today (heapUsed deltas, mitata's heap estimate) against the
// runner, as the number of distinct values over separate processes.
//
//   node scripts/bench-cost.mjs [--only SECTIONS] [--label NAME] [--out DIR]
//        [--repetitions N] [--budget SECS] [--bound SECS] [--sizes MB,...]
//        [--files N,...] [--workloads N,...] [--keep]            (npm run bench)
//   node scripts/bench-cost.mjs --replot A.json[,B.json...] [--label NAME] [--out DIR]
//
//   --only        comma-separated sections: suite, big-heap, explain, files, workload, user-ways (default: all)
//   --label       prefix of the outputs in --out (default "latest"): <label>-<section>.md (the tables),
//                 .json (every run) and .svg (plots); the before/after figures of issue 11 are
//                 "before" and "after"
//   --repetitions runs per mode and case, counted and -n alternated (default 3); the median is reported
//   --budget      a mode of a case is repeated only while its runs so far plus one more fit in
//                 SECS (default 300): an expensive case runs fewer times, and the tables say how many
//   --bound       a run taking longer is stopped and recorded as "over SECS s" (default 600; the
//                 runner's own --timeout per file is set to it too; the whole suite gets 3 times it)
//   --keep        keep the generated test files in .bench/
//   --replot      measure nothing: render saved <label>-<section>.json files of one section again, the
//                 cases of several joined (a later file's case wins), as --label in --out
//
// Runs never overlap (one runner at a time): the counted 200 MB case alone peaked at 4.9 GB.
// The 500 MB counted case (sizes of 500 MB or more) runs once whatever --repetitions says.
//
// How each figure is taken (scripts/bench/run-runner.mjs, proc-peak.mjs): wall time around the
// runner's process; peak RSS of the parent and of the largest child from each process's VmHWM
// in /proc, polled every 50 ms; /usr/bin/time's maximum resident size (the kernel's figure for
// the largest single process of the tree) as a check; the child's time is the runner's per-file
// time (durationMs of its --json report: spawn to exit of the child).
//
// The generated test files go to .bench/ in the package (git-ignored): 'alloc-counter' resolves
// only for files inside the package. Exit 0 when every run finished, 1 otherwise, 2 on bad usage.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateBenchFiles } from './bench/generate.mjs';
import { procAvailable } from './bench/proc-peak.mjs';
import { joinSectionData, renderSection } from './bench/render.mjs';
import { runRunner } from './bench/run-runner.mjs';
import { distinct, mb, median, secs } from './bench/stats.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECTIONS = ['suite', 'big-heap', 'explain', 'files', 'workload', 'user-ways'];

function usage(message) {
  console.error(`bench-cost: ${message}`);
  process.exit(2);
}

function numberList(text, name) {
  const values = text.split(',').map(Number);
  if (values.some((v) => !Number.isInteger(v) || v < 0)) usage(`--${name} needs comma-separated integers >= 0`);
  return values;
}

function positive(text, name) {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) usage(`--${name} needs a number > 0`);
  return value;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      only: { type: 'string', default: SECTIONS.join(',') },
      label: { type: 'string', default: 'latest' },
      out: { type: 'string', default: join(root, 'docs', 'bench') },
      repetitions: { type: 'string', default: '3' },
      budget: { type: 'string', default: '300' },
      bound: { type: 'string', default: '600' },
      sizes: { type: 'string', default: '0,100,200,500' },
      files: { type: 'string', default: '10,50,200' },
      workloads: { type: 'string', default: '1000,10000,100000,1000000' },
      keep: { type: 'boolean', default: false },
      // Given to every runner run, e.g. --runner-arg=--counting=sampling.
      'runner-arg': { type: 'string', multiple: true, default: [] },
      replot: { type: 'string' },
    },
  }).values;
} catch (error) {
  usage(error.message);
}
const only = parsed.only.split(',');
for (const section of only) if (!SECTIONS.includes(section)) usage(`--only: no section "${section}" (${SECTIONS})`);
if (!/^[\w-]+$/.test(parsed.label)) usage('--label: letters, digits, - and _ only');
const repetitions = positive(parsed.repetitions, 'repetitions');
if (!Number.isInteger(repetitions)) usage('--repetitions needs an integer');
const budget = positive(parsed.budget, 'budget');
const bound = positive(parsed.bound, 'bound');
const sizesMb = numberList(parsed.sizes, 'sizes');
const fileCounts = numberList(parsed.files, 'files');
const workloadSizes = numberList(parsed.workloads, 'workloads');
if (!procAvailable()) usage('needs /proc (Linux) for the peak RSS of each process');

const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^MAX_.*_ALLOWED_/.test(k) && k !== 'FORCE_COLOR'),
);
const RUNNER_OPTIONS = [
  '--allow-missing',
  '--allow-improvements',
  '--timeout',
  String(Math.ceil(bound)),
  ...parsed['runner-arg'],
];
// One folder per bench process, so that two at once (say, a cheap section beside a long one) do not clash.
const benchDir = join(root, '.bench', `run-${process.pid}`);
const work = mkdtempSync(join(tmpdir(), 'alloc-counter-bench-cost-'));
const outDir = resolve(parsed.out);
mkdirSync(outDir, { recursive: true });
const started = performance.now();
const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
const commit = git('rev-parse', '--short', 'HEAD');
// What is measured is the harness: its last commit, and whether its files differ from it.
const harnessCommit = `${git('log', '-1', '--format=%h', '--', 'harness')}${git('status', '--porcelain', '--', 'harness') ? ' + changes' : ''}`;
const loads = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const machine = {
  date: new Date().toISOString(),
  commit: commit || 'unknown',
  harnessCommit: harnessCommit || 'unknown',
  node: process.version,
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  loadAtStart: loads(),
};
console.log(
  `bench-cost: commit ${machine.commit} (harness/ at ${machine.harnessCommit}), node ${machine.node}, ${machine.cores} cores, ` +
    `${machine.memoryGb} GB, load average ${machine.loadAtStart}`,
);
let problems = 0;
let runCount = 0;

/** One runner run, logged as it ends. */
async function timedRun(caseName, mode, files, extraArgs = [], runBound = bound) {
  const args = [...(mode === 'uncounted' ? ['-n'] : []), ...extraArgs, ...RUNNER_OPTIONS, ...files];
  const run = await runRunner({ root, args, work, name: `run-${++runCount}`, boundSeconds: runBound, env });
  const failed = (run.report?.files ?? []).filter((f) => f.failure);
  const childSeconds =
    run.report && !run.overBound ? run.report.files.reduce((sum, f) => sum + f.durationMs, 0) / 1000 : null;
  const result = {
    mode,
    seconds: run.overBound ? null : run.seconds,
    overBound: run.overBound,
    boundSeconds: runBound,
    exit: run.exit,
    parentPeak: run.parentPeak,
    childPeak: run.childPeak,
    children: run.children,
    treeRssMax: run.treeRssMax,
    kernelMaxRss: run.kernelMaxRss,
    childSeconds,
    filesFinished: run.report ? run.report.files.length : null,
    figures: run.report ? Object.fromEntries(run.report.figures) : null,
    outputs: run.report ? run.report.files.map((f) => f.output.trim()).filter(Boolean) : [],
    failures: failed.map((f) => `${relative(root, f.file)}: ${f.failure.kind}: ${f.failure.message.split('\n')[0]}`),
    loadAfter: loads(),
  };
  const bad = run.overBound || ![0, 1, 3].includes(run.exit) || failed.length > 0 || !run.report;
  const finished = run.overBound && run.report ? ` (${run.report.files.length} files finished)` : '';
  if (bad) problems++;
  const peakCheck =
    run.kernelMaxRss !== null && Math.max(run.parentPeak ?? 0, run.childPeak ?? 0) < run.kernelMaxRss * 0.9
      ? ` (polled peaks below time(1)'s ${mb(run.kernelMaxRss)})`
      : '';
  console.log(
    `  ${caseName} ${mode}: ${run.overBound ? `over ${runBound} s${finished}` : secs(run.seconds)}, exit ${run.exit ?? run.signal}, ` +
      `parent ${mb(run.parentPeak)}, child ${mb(run.childPeak)}${peakCheck}, load ${result.loadAfter}` +
      (failed.length ? `\n    ${result.failures.join('\n    ')}` : '') +
      (!run.report && !run.overBound ? `\n    no report: ${run.stderr.split('\n').slice(-3).join(' / ')}` : ''),
  );
  return result;
}

/**
 * Counted and -n side by side, alternated, up to `repetitions` runs of each, a mode repeated only
 * while its time so far plus its last run fits the budget; `countedOnce` runs the counted mode once.
 */
async function sideBySide(
  caseName,
  files,
  { countedOnce = false, countedNeeds = 0, runBound = bound, modes = ['counted', 'uncounted'] } = {},
) {
  const runs = Object.fromEntries(modes.map((m) => [m, []]));
  const skipped = {};
  for (let repetition = 1; repetition <= repetitions; repetition++) {
    for (const mode of modes) {
      const done = runs[mode];
      if (done.length >= repetition || skipped[mode]) continue;
      if (mode === 'counted' && done.length === 0 && memAvailable() < countedNeeds) {
        skipped[mode] = `skipped: ${mb(memAvailable())} available, ${mb(countedNeeds)} wanted`;
        console.log(`  ${caseName} ${mode}: ${skipped[mode]}`);
        continue;
      }
      if (done.length > 0) {
        if (countedOnce && mode === 'counted') continue;
        if (done.some((r) => r.overBound)) continue;
        const spent = done.reduce((sum, r) => sum + r.seconds, 0);
        if (spent + done[done.length - 1].seconds > budget) continue;
      }
      done.push(await timedRun(caseName, mode, files, [], runBound));
    }
  }
  return summarise(runs, skipped);
}

/** MemAvailable of /proc/meminfo, in bytes. */
function memAvailable() {
  const match = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.POSITIVE_INFINITY;
}

function summarise(runs, skipped) {
  const summary = {};
  for (const [mode, list] of Object.entries(runs)) {
    const over = list.find((r) => r.overBound)?.boundSeconds ?? null;
    summary[mode] = {
      skipped: skipped[mode] ?? null,
      runs: list.length,
      over,
      seconds: over ? null : median(list.map((r) => r.seconds)),
      childSeconds: median(list.map((r) => r.childSeconds)),
      parentPeak: median(list.map((r) => r.parentPeak)),
      childPeak: median(list.map((r) => r.childPeak)),
      peak: median(list.map((r) => Math.max(r.parentPeak ?? 0, r.childPeak ?? 0) || null)),
      kernelMaxRss: median(list.map((r) => r.kernelMaxRss)),
      list,
    };
  }
  return summary;
}

const sections = {
  async suite() {
    console.log('suite: the whole suite, default -j, counted and -n');
    // The whole suite is one run: its bound is 3 times --bound (each file keeps --bound as its --timeout).
    return await sideBySide('suite', [], { runBound: 3 * bound });
  },

  async 'big-heap'(files) {
    console.log('big-heap: a workload of 100 temporaries beside a heap kept alive by the setup');
    const cases = [];
    for (const size of sizesMb) {
      // The counted 200 MB case peaked at 4.9 GB on the old core: about 25 bytes per byte of heap, plus 2 GB.
      const countedNeeds = size * 25 * 2 ** 20 + 2 * 2 ** 30;
      const options = { countedOnce: size >= 500, countedNeeds };
      cases.push({ size, s: await sideBySide(`big-heap ${size} MB`, [files.bigHeap.get(size)], options) });
    }
    return cases;
  },

  async explain(files) {
    const size = 200;
    console.log(`explain: --explain on the ${size} MB big-heap file, counted, once`);
    return await timedRun(`explain ${size} MB`, 'counted', [generateIfMissing(files, size)], ['--explain']);
  },

  async files(files) {
    console.log('files: N generated files of 1000 temporaries each, default -j');
    const cases = [];
    for (const count of fileCounts) {
      cases.push({ count, s: await sideBySide(`files ${count}`, files.files.get(count)) });
    }
    return cases;
  },

  async workload(files) {
    console.log('workload: one file, N temporaries');
    const cases = [];
    for (const n of workloadSizes) cases.push({ n, s: await sideBySide(`workload ${n}`, [files.workload.get(n)]) });
    return cases;
  },

  async 'user-ways'(files) {
    console.log('user-ways: heapUsed deltas and mitata (10 processes each) against the runner (5 processes)');
    const u = files.userWays;
    const node = (script, extra = []) => {
      const run = spawnSync('node', ['--expose-gc', script, ...extra], {
        cwd: root,
        env,
        encoding: 'utf8',
        timeout: bound * 1000,
      });
      if (run.status !== 0) {
        problems++;
        console.log(`  ${relative(root, script)} failed: ${run.stderr.trim().split('\n').pop()}`);
        return null;
      }
      return JSON.parse(run.stdout.trim().split('\n').pop());
    };
    const data = {};
    for (const workload of ['lru', 'calibration']) {
      const methods = {
        'heapUsed delta': Array.from({ length: 10 }, () => node(u.heapUsed[workload])?.bytes ?? null),
        'heapUsed delta, gc() before': Array.from(
          { length: 10 },
          () => node(u.heapUsed[workload], ['gc'])?.bytes ?? null,
        ),
      };
      const mitata = Array.from({ length: 10 }, () => node(u.mitata[workload]));
      methods['mitata heap estimate (bytes)'] = mitata.map((m) => m?.bytes ?? null);
      methods['mitata heap estimate (as printed)'] = mitata.map((m) => m?.shown.trim() ?? null);
      data[workload] = methods;
      const said = Object.entries(methods).map(([m, v]) => `${m}: ${distinct(v).text}`);
      console.log(`  ${workload}: ${said.join('; ')}`);
    }
    const ours = [];
    for (let i = 0; i < 5; i++) {
      ours.push(await timedRun('user-ways runner', 'counted', [u.runner.lru, u.runner.calibration]));
    }
    const identifiers = { lru: 'test_user_lru_10000_sets', calibration: 'test_user_calibration_1000' };
    for (const [workload, identifier] of Object.entries(identifiers)) {
      for (const metric of ['total_allocations', 'total_allocated_bytes', 'remaining_allocations']) {
        data[workload][`runner ${metric}`] = ours.map((r) => r.figures?.[identifier]?.[metric] ?? null);
      }
    }
    return data;
  },
};

function generateIfMissing(files, size) {
  return (
    files.bigHeap.get(size) ??
    generateBenchFiles(join(benchDir, 'explain'), { sizesMb: [size], fileCounts: [], workloadSizes: [] }).bigHeap.get(
      size,
    )
  );
}

/** <label>-<section>.md (header, table, plot links), .json (the data) and -<plot>.svg in --out. */
function writeSection(section, data, header) {
  const { table, charts, acceptance } = renderSection(section, data);
  const base = join(outDir, `${parsed.label}-${section}`);
  const chartLinks = [];
  for (const [name, svg] of Object.entries(charts)) {
    writeFileSync(`${base}-${name}.svg`, svg);
    chartLinks.push(`![${section} ${name}](${parsed.label}-${section}-${name}.svg)`);
  }
  const verdicts = acceptance.length ? `\nIssue 11's acceptance:\n\n${acceptance.join('\n')}\n` : '';
  const links = chartLinks.length ? `\n${chartLinks.join('\n')}\n` : '';
  writeFileSync(`${base}.md`, `<!-- ${header} -->\n\n${table}\n${verdicts}${links}`);
  console.log(`\n${table}\n${verdicts}(written to ${relative(root, base)}.md, .json, -*.svg)\n`);
  return base;
}

if (parsed.replot) {
  // Render saved runs again (say, the cases of one section measured by two invocations), measuring nothing.
  const saved = parsed.replot.split(',').map((path) => JSON.parse(readFileSync(path, 'utf8')));
  const section = saved[0].section;
  if (saved.some((one) => one.section !== section)) usage('--replot: the files hold different sections');
  const data = joinSectionData(
    section,
    saved.map((one) => one.data),
  );
  const from = saved.map(({ machine: m }) => {
    const harness = m.harnessCommit ? ` (harness/ at ${m.harnessCommit})` : '';
    return `commit ${m.commit}${harness}, ${m.date}, node ${m.node}, load ${m.loadAtStart} at the start`;
  });
  const base = writeSection(section, data, `scripts/bench-cost.mjs --replot: ${from.join('; ')}`);
  writeFileSync(
    `${base}.json`,
    `${JSON.stringify({ machine: saved[0].machine, joined: saved.map((one) => one.machine), section, data }, null, 1)}\n`,
  );
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

// On exit, also when interrupted (run-runner.mjs stops the run under way, then exits).
process.on('exit', () => {
  rmSync(work, { recursive: true, force: true });
  if (!parsed.keep) rmSync(benchDir, { recursive: true, force: true });
});
const files = generateBenchFiles(benchDir, { sizesMb, fileCounts, workloadSizes });
try {
  for (const section of SECTIONS.filter((s) => only.includes(s))) {
    const sectionStarted = performance.now();
    const data = await sections[section](files);
    const sectionSeconds = (performance.now() - sectionStarted) / 1000;
    const header =
      `scripts/bench-cost.mjs --only ${section} --label ${parsed.label}: commit ${machine.commit} ` +
      `(harness/ at ${machine.harnessCommit}), ` +
      `${machine.date}, node ${machine.node}, ${machine.cores} cores, load average ${machine.loadAtStart} at the start, ` +
      `${loads()} at the end, section ${sectionSeconds.toFixed(0)} s`;
    const base = writeSection(section, data, header);
    writeFileSync(`${base}.json`, `${JSON.stringify({ machine, section, seconds: sectionSeconds, data }, null, 1)}\n`);
    console.log(`(${section}: ${sectionSeconds.toFixed(0)} s)`);
  }
} catch (error) {
  console.error(`bench-cost: ${error.stack}`);
  process.exit(1);
}
const total = (performance.now() - started) / 1000;
console.log(
  `bench-cost: total run time ${total.toFixed(0)} s (${(total / 60).toFixed(1)} min), load average now ${loads()}`,
);
console.log(
  problems === 0 ? 'bench-cost: every run finished' : `bench-cost: ${problems} runs failed or went over their bound`,
);
process.exit(problems === 0 ? 0 : 1);
