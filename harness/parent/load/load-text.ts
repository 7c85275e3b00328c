// A load identifier's lines in the text report: every load figure as
// `test_x.latency_p99_us: 812` (medians of the runs), what was offered, and
// FAILED lines for limits, checks and a saturated generator.
import { LOAD_METRIC_NAMES, SATURATION_METRIC } from '../../metrics.js';
import type { JsonLoadResult } from './load-schema.js';

type LoadResult = JsonLoadResult;
type LoadVerdict = JsonLoadResult['verdicts'][number];

/** The latency figures: not the server's when the generator was saturated. */
const LATENCY = /^latency_/;

function verdictLine(identifier: string, verdict: LoadVerdict): string {
  const relation = verdict.bound === 'max' ? '>' : '<';
  const word = verdict.bound === 'max' ? 'allowed' : 'required';
  return `FAILED: ${identifier}.${verdict.metric}: ${verdict.value} ${relation} ${verdict.limit.value} ${word} (${verdict.bound} limit; ${verdict.limit.source})`;
}

export function loadFigureLines(identifier: string, load: LoadResult): string[] {
  return LOAD_METRIC_NAMES.map((metric) => {
    const value = load.figures[metric];
    const shown =
      load.saturated && LATENCY.test(metric) ? 'not reported (generator saturated)' : (value ?? 'unavailable');
    return `${identifier}.${metric}: ${shown}`;
  });
}

export function loadNoteLine(identifier: string, load: LoadResult): string {
  const o = load.offered;
  const what =
    o.mode === 'echo'
      ? `${o.connections} connections x ${o.rate} msg/s`
      : `${o.rate} publishes/s to ${o.connections} receivers`;
  return `note: ${identifier}: ${what} (${o.messagesPerSecond} offered/s) for ${o.durationMs} ms after ${o.warmupMs} ms warm-up; median of ${load.runs.length} runs (every run and the spread in the JSON report)`;
}

export function loadFailureLines(identifier: string, load: LoadResult): string[] {
  const lines: string[] = [];
  if (load.saturated) {
    const delay = load.figures[SATURATION_METRIC];
    lines.push(
      `FAILED: ${identifier}: the load generator was saturated (${SATURATION_METRIC} ${delay}): its latencies are its own, not the server's; run on a quieter machine or offer less load`,
    );
  }
  for (const verdict of load.verdicts) {
    if (verdict.status !== 'fail') continue;
    if (load.saturated && verdict.metric === SATURATION_METRIC) continue;
    if (load.saturated && LATENCY.test(verdict.metric)) continue;
    lines.push(verdictLine(identifier, verdict));
  }
  for (const check of load.checks) {
    if (!check.passed) lines.push(`FAILED: ${identifier}: check ${check.name}: ${check.detail}`);
  }
  return lines;
}

/** Passed checks, one line, so that a fault test shows what it verified. */
export function loadChecksLine(identifier: string, load: LoadResult): string | null {
  const passed = load.checks.filter((c) => c.passed);
  if (passed.length === 0) return null;
  return `checks: ${identifier}: ${passed.map((c) => `${c.name} (${c.detail})`).join('; ')}`;
}
