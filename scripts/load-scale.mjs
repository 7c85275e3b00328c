#!/usr/bin/env node
// Latency against connection count: the dashboard server (a process of its
// own) under the open-loop echo load of measureLoad, 20 messages a second per
// connection, at 10, 50, 100, 250, 500 and 1000 connections. Prints a markdown
// table (p50/p99/max of the corrected latency, the uncorrected p99, achieved
// messages/s, the generator's own loop delay; medians of the runs), the highest
// count whose p99 stayed under 10 ms, and writes an SVG plot of the table.
//
//   node scripts/load-scale.mjs [--runs N] [--duration MS] [--svg FILE] [counts...]
//
// Uses the compiled harness (dist/: npx tsc -p tsconfig.build.json). Exit 0, or 2 on bad usage.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { ServerProcess, startGenerator } = await import(join(root, 'dist/harness/child/load-processes.js'));

const RATE = 20;
const TARGET_US = 10_000;
const NICE = -10;

function usage(message) {
  console.error(`load-scale: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { runs: 3, durationMs: 3000, svg: join(root, 'docs/load-scale.svg'), counts: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs' || arg === '--duration') {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) usage(`${arg} needs a positive integer`);
      if (arg === '--runs') options.runs = value;
      else options.durationMs = value;
    } else if (arg === '--svg') options.svg = resolve(argv[++i] ?? usage('--svg needs a file'));
    else if (/^[0-9]+$/.test(arg) && Number(arg) > 0 && Number(arg) <= 5000) options.counts.push(Number(arg));
    else usage(`unknown argument ${arg}`);
  }
  if (options.counts.length === 0) options.counts = [10, 50, 100, 250, 500, 1000];
  return options;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function oneRun(url, connections, durationMs) {
  const generator = startGenerator(
    {
      url,
      mode: 'echo',
      connections,
      rate: RATE,
      warmupMs: 1000,
      durationMs,
      payloadBytes: 64,
      maxInFlight: RATE * 2,
      lateAfterUs: 5000,
      drainTimeoutMs: 3000,
      connectTimeoutMs: 10_000,
      connectConcurrency: 50,
      reconnect: false,
    },
    NICE,
  );
  try {
    await generator.connected;
    return await generator.result;
  } finally {
    generator.kill();
  }
}

async function point(connections, options) {
  const server = await ServerProcess.start(
    join(root, 'tests_04_performance/lib/dashboard-server-process.ts'),
    {},
    [],
    NICE,
  );
  try {
    const runs = [];
    for (let i = 0; i < options.runs; i++) runs.push(await oneRun(server.url, connections, options.durationMs));
    const pick = (f) => Math.round(median(runs.map(f)));
    return {
      connections,
      p50: pick((r) => r.corrected.p50),
      p99: pick((r) => r.corrected.p99),
      max: pick((r) => r.corrected.max),
      uncorrectedP99: pick((r) => r.uncorrected.p99),
      perSecond: pick((r) => r.achievedPerSecond),
      offered: connections * RATE,
      loopDelayP99: pick((r) => r.loopDelayP99Us),
      lost: runs.reduce((sum, r) => sum + r.lost + r.skipped, 0),
    };
  } finally {
    await server.close();
  }
}

const ms = (us) => (us / 1000).toFixed(us < 10_000 ? 2 : 1);

function table(points) {
  const lines = [
    '| connections | offered msg/s | achieved msg/s | p50 ms | p99 ms | max ms | uncorrected p99 ms | generator loop delay p99 ms | lost or skipped |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const p of points) {
    lines.push(
      `| ${p.connections} | ${p.offered} | ${p.perSecond} | ${ms(p.p50)} | ${ms(p.p99)} | ${ms(p.max)} | ${ms(p.uncorrectedP99)} | ${ms(p.loopDelayP99)} | ${p.lost} |`,
    );
  }
  return lines.join('\n');
}

/** p50, p99 and max (ms, log scale) against connections (log scale), with the 10 ms target. */
function svg(points) {
  const width = 640;
  const height = 400;
  const left = 80;
  const right = 130;
  const top = 20;
  const bottom = 50;
  const xs = points.map((p) => p.connections);
  const ys = points.flatMap((p) => [p.p50, p.p99, p.max, TARGET_US]).map((v) => Math.max(v, 100));
  const [x0, x1] = [Math.log10(Math.min(...xs)), Math.log10(Math.max(...xs))];
  const [y0, y1] = [Math.floor(Math.log10(Math.min(...ys))), Math.ceil(Math.log10(Math.max(...ys)))];
  const x = (c) => left + ((Math.log10(c) - x0) / (x1 - x0 || 1)) * (width - left - right);
  const y = (us) => top + (1 - (Math.log10(Math.max(us, 100)) - y0) / (y1 - y0 || 1)) * (height - top - bottom);
  const series = [
    ['p50', '#1f77b4', (p) => p.p50],
    ['p99', '#d62728', (p) => p.p99],
    ['max', '#7f7f7f', (p) => p.max],
  ];
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    '<title>WebSocket echo latency (p50, p99, max) against connections, 20 messages a second each</title>',
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  for (let e = y0; e <= y1; e++) {
    const us = 10 ** e;
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(us)}" y2="${y(us)}" stroke="#eee"/>`);
    parts.push(
      `<text x="${left - 6}" y="${y(us) + 4}" text-anchor="end">${us >= 1000 ? `${us / 1000} ms` : `${us} µs`}</text>`,
    );
  }
  for (const c of xs) {
    parts.push(`<line x1="${x(c)}" x2="${x(c)}" y1="${top}" y2="${height - bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${x(c)}" y="${height - bottom + 16}" text-anchor="middle">${c}</text>`);
  }
  parts.push(
    `<text x="${(left + width - right) / 2}" y="${height - 10}" text-anchor="middle">connections (20 messages/s each)</text>`,
    `<line x1="${left}" x2="${width - right}" y1="${y(TARGET_US)}" y2="${y(TARGET_US)}" stroke="#2ca02c" stroke-dasharray="6 4"/>`,
    `<text x="${width - right + 6}" y="${y(TARGET_US) + 4}" fill="#2ca02c">10 ms target</text>`,
  );
  series.forEach(([name, colour, value], i) => {
    const path = points.map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.connections).toFixed(1)},${y(value(p)).toFixed(1)}`);
    parts.push(`<path d="${path.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    for (const p of points) parts.push(`<circle cx="${x(p.connections)}" cy="${y(value(p))}" r="3" fill="${colour}"/>`);
    parts.push(`<text x="${width - right + 6}" y="${top + 20 + i * 16}" fill="${colour}">${name} latency</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

const options = parseArgs(process.argv.slice(2));
console.log(
  `load-scale: node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; ${options.runs} runs of ${options.durationMs} ms per count, medians`,
);
const points = [];
for (const connections of options.counts) {
  points.push(await point(connections, options));
  console.error(`  ${connections} connections done`);
}
const under = points.filter((p) => p.p99 < TARGET_US && p.lost === 0).map((p) => p.connections);
console.log(table(points));
console.log(
  `\nhighest count with p99 under 10 ms at ${RATE} msg/s per connection: ${under.length > 0 ? Math.max(...under) : 'none of those tried'}`,
);
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
writeFileSync(options.svg, svg(points));
console.log(`plot: ${options.svg}`);
