// Tables (Markdown) and plots (SVG) of the cost benchmark, from the data a
// section measured: the same code renders a run just finished and a saved
// <label>-<section>.json (bench-cost.mjs --replot), so the lead's "after" run
// and the "before" figures read alike.
import { distinct, markdownTable, mb, ratio, secs, times } from './stats.mjs';
import { lineChart } from './svg-chart.mjs';

const timeCell = (m) =>
  m.skipped ?? (m.over ? `over ${m.over} s` : `${secs(m.seconds)}${m.runs > 1 ? '' : ' (1 run)'}`);
const peaks = (m) => `${mb(m.parentPeak)} / ${mb(m.childPeak)}`;
const runs = (s) => `${s.counted.runs} + ${s.uncounted.runs}`;
const mbValue = (bytes) => (bytes === null ? null : bytes / 2 ** 20);

/** The figures of the first identifier of a run that had them. */
function figuresOf(modeSummary) {
  for (const run of modeSummary.list) if (run.figures) return Object.values(run.figures)[0];
  return null;
}

function heapAfterSetup(modeSummary) {
  for (const run of modeSummary.list) {
    const match = /heap after setup: ([\d.]+) MB/.exec(run.outputs.join('\n'));
    if (match) return `${Math.round(Number(match[1]))} MB`;
  }
  return '-';
}

/** Issue 11's acceptance, as lines under a table: "met" or "NOT met" with the figures. */
const verdict = (met, text) => `- ${met === null ? 'not measured' : met ? 'met' : 'NOT met'}: ${text}`;

function timeChart({ title, xLabel, xLog = false, points }) {
  return lineChart({
    title,
    xLabel,
    yLabel: 'wall time (s)',
    xLog,
    series: [
      { name: 'counted', points: points.map(([x, s]) => [x, s.counted.seconds]) },
      { name: '-n (not counted)', points: points.map(([x, s]) => [x, s.uncounted.seconds]), dashed: true },
    ],
  });
}

function suite(s) {
  const row = (name, key, format) => [
    name,
    format(s.counted[key]),
    format(s.uncounted[key]),
    times(ratio(s.counted[key], s.uncounted[key])),
  ];
  const table = markdownTable(
    ['suite (default -j)', 'counted', '-n', 'counted / -n'],
    [
      [
        'wall time (median)',
        timeCell(s.counted),
        timeCell(s.uncounted),
        times(ratio(s.counted.seconds, s.uncounted.seconds)),
      ],
      ['runs', s.counted.runs, s.uncounted.runs, ''],
      row('peak RSS, parent', 'parentPeak', mb),
      row('peak RSS, largest child', 'childPeak', mb),
      row('sum of per-file times', 'childSeconds', secs),
    ],
  );
  const r = ratio(s.counted.seconds, s.uncounted.seconds);
  // A counted run stopped at its bound gives a lower bound of the ratio.
  const atLeast = s.counted.over ? ratio(s.counted.over, s.uncounted.seconds) : null;
  const suiteRatio =
    atLeast !== null
      ? verdict(
          atLeast > 2.5 ? false : null,
          `suite counted <= 2.5 x -n: more than ${times(atLeast)} (stopped at its bound)`,
        )
      : verdict(r === null ? null : r <= 2.5, `suite counted <= 2.5 x -n: ${times(r)}`);
  const acceptance = [
    suiteRatio,
    verdict(
      s.counted.seconds === null && !s.counted.over ? null : s.counted.seconds !== null && s.counted.seconds < 60,
      `suite counted, default -j, under 60 s: ${timeCell(s.counted)}`,
    ),
  ];
  return { table, charts: {}, acceptance };
}

function bigHeap(cases) {
  const table = markdownTable(
    [
      'cache',
      'heap after setup',
      'counted',
      '-n',
      'time ratio',
      'child time counted / -n',
      'counted peak RSS parent / child',
      '-n peak RSS parent / child',
      'peak RSS ratio',
      'total / remaining allocations',
      'runs (counted + -n)',
    ],
    cases.map(({ size, s }) => {
      const f = figuresOf(s.counted);
      return [
        `${size} MB`,
        heapAfterSetup(s.uncounted),
        timeCell(s.counted),
        timeCell(s.uncounted),
        times(ratio(s.counted.seconds, s.uncounted.seconds)),
        `${secs(s.counted.childSeconds)} / ${secs(s.uncounted.childSeconds)}`,
        peaks(s.counted),
        peaks(s.uncounted),
        times(ratio(s.counted.peak, s.uncounted.peak)),
        f ? `${f.total_allocations} / ${f.remaining_allocations}` : '-',
        runs(s),
      ];
    }),
  );
  const xs = cases.map((c) => c.size);
  const rssSeries = (mode, who, name, dashed) => ({
    name,
    points: cases.map((c, i) => [xs[i], mbValue(c.s[mode][who])]),
    dashed,
  });
  const charts = {
    time: timeChart({
      title: 'Wall time: 100 temporaries beside a big heap',
      xLabel: 'heap kept alive by the setup (MB)',
      points: cases.map((c) => [c.size, c.s]),
    }),
    rss: lineChart({
      title: 'Peak RSS: 100 temporaries beside a big heap',
      xLabel: 'heap kept alive by the setup (MB)',
      yLabel: 'peak RSS (MB)',
      series: [
        rssSeries('counted', 'parentPeak', 'counted, parent', false),
        rssSeries('counted', 'childPeak', 'counted, child', false),
        rssSeries('uncounted', 'parentPeak', '-n, parent', true),
        rssSeries('uncounted', 'childPeak', '-n, child', true),
      ],
    }),
  };
  const at200 = cases.find((c) => c.size === 200)?.s;
  const acceptance = [];
  if (at200) {
    const f = figuresOf(at200.counted);
    const tr = ratio(at200.counted.seconds, at200.uncounted.seconds);
    const pr = ratio(at200.counted.peak, at200.uncounted.peak);
    acceptance.push(
      verdict(
        at200.counted.over ? false : tr === null ? null : tr <= 4,
        `200 MB: counted time <= 4 x -n: ${at200.counted.over ? `over ${at200.counted.over} s` : times(tr)}`,
      ),
      verdict(
        pr === null ? null : pr <= 3,
        `200 MB: counted peak RSS <= 3 x -n: ${times(pr)}${at200.counted.over ? ' (run stopped at its bound: at least this)' : ''}`,
      ),
      verdict(
        f ? f.total_allocations >= 100 && f.total_allocations <= 110 && f.remaining_allocations === 0 : null,
        `200 MB: 100..110 allocations, 0 remaining: ${f ? `${f.total_allocations}, ${f.remaining_allocations}` : '-'}`,
      ),
    );
  }
  return { table, charts, acceptance };
}

function explain(run) {
  const f = run.figures ? Object.values(run.figures)[0] : null;
  const table = markdownTable(
    ['--explain, 200 MB cache', 'wall time', 'peak RSS parent', 'peak RSS child', 'total / remaining allocations'],
    [
      [
        'counted, 1 run',
        run.overBound ? `over ${run.boundSeconds} s` : secs(run.seconds),
        mb(run.parentPeak),
        mb(run.childPeak),
        f ? `${f.total_allocations} / ${f.remaining_allocations}` : '-',
      ],
    ],
  );
  const peak = Math.max(run.parentPeak ?? 0, run.childPeak ?? 0) || null;
  const acceptance = [
    verdict(
      peak === null ? null : peak < 1.5 * 2 ** 30 && !run.overBound,
      `--explain on 200 MB under 1.5 GB peak RSS: ${mb(peak)}${run.overBound ? ' when stopped at its bound' : ''}`,
    ),
  ];
  return { table, charts: {}, acceptance };
}

function files(cases) {
  const perFile = (m, count) => secs(m.seconds === null ? null : m.seconds / count);
  const table = markdownTable(
    [
      'files',
      'counted',
      '-n',
      'time ratio',
      'counted per file',
      '-n per file',
      'counted peak RSS parent / child',
      '-n peak RSS parent / child',
      'runs (counted + -n)',
    ],
    cases.map(({ count, s }) => [
      count,
      timeCell(s.counted),
      timeCell(s.uncounted),
      times(ratio(s.counted.seconds, s.uncounted.seconds)),
      perFile(s.counted, count),
      perFile(s.uncounted, count),
      peaks(s.counted),
      peaks(s.uncounted),
      runs(s),
    ]),
  );
  const charts = {
    time: timeChart({
      title: 'Wall time against the number of test files',
      xLabel: 'test files (1000 temporaries each)',
      points: cases.map((c) => [c.count, c.s]),
    }),
  };
  return { table, charts };
}

function workload(cases) {
  const table = markdownTable(
    [
      'allocations',
      'counted',
      '-n',
      'time ratio',
      'counted peak RSS parent / child',
      '-n peak RSS parent / child',
      'total_allocations',
      'runs (counted + -n)',
    ],
    cases.map(({ n, s }) => [
      n,
      timeCell(s.counted),
      timeCell(s.uncounted),
      times(ratio(s.counted.seconds, s.uncounted.seconds)),
      peaks(s.counted),
      peaks(s.uncounted),
      figuresOf(s.counted)?.total_allocations ?? '-',
      runs(s),
    ]),
  );
  const charts = {
    time: timeChart({
      title: "Wall time against the workload's size",
      xLabel: 'allocations in the workload',
      xLog: true,
      points: cases.map((c) => [c.n, c.s]),
    }),
  };
  return { table, charts };
}

function userWays(data) {
  const rows = [];
  for (const [workload, methods] of Object.entries(data)) {
    for (const [method, values] of Object.entries(methods)) {
      const name = method.startsWith('runner ') ? `alloc-counter ${method.slice('runner '.length)}` : method;
      rows.push([workload, name, values.length, distinct(values).text]);
    }
  }
  return { table: markdownTable(['workload', 'method', 'processes', 'distinct values (range)'], rows), charts: {} };
}

const RENDERERS = { suite, 'big-heap': bigHeap, explain, files, workload, 'user-ways': userWays };

/** { table, charts: { name: svg }, acceptance: lines } of a section's data. */
export function renderSection(section, data) {
  return { acceptance: [], ...RENDERERS[section](data) };
}

/** Sections whose data is a list of cases, which --replot may join from several runs. */
const CASE_KEYS = { 'big-heap': 'size', files: 'count', workload: 'n' };

/** The data of several saved runs of one section, joined (cases by their key, later runs winning). */
export function joinSectionData(section, datas) {
  const key = CASE_KEYS[section];
  if (!key) {
    if (datas.length > 1) throw new Error(`--replot: section ${section} cannot be joined from several runs`);
    return datas[0];
  }
  const byKey = new Map();
  for (const data of datas) for (const c of data) byKey.set(c[key], c);
  return [...byKey.values()].sort((a, b) => a[key] - b[key]);
}
