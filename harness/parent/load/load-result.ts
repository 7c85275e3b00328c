// A load identifier's runs (child 'load' messages) as its result: each
// figure's median over the runs with the spread, the verdicts against the
// limits (load-limits.ts), the checks (failed if failed in any run), and
// whether the generator was saturated (its loop-delay figure over its limit:
// then its latencies describe the generator, not the server, and the
// identifier fails as such).
import {
  LOAD_METRIC_NAMES,
  type LoadBound,
  type LoadFigures,
  type LoadMetricName,
  SATURATION_METRIC,
} from '../../metrics.js';
import type { LoadCheck, LoadMessage } from '../../protocol.js';
import { type LoadLimit, type LoadLimitSources, loadLimitOf } from './load-limits.js';

export interface LoadVerdict {
  metric: LoadMetricName;
  bound: LoadBound;
  /** null: not measured (a URL target's server figures). */
  value: number | null;
  limit: LoadLimit;
  status: 'pass' | 'fail' | 'unavailable';
}

export interface LoadRun {
  index: number;
  figures: LoadFigures;
  counts: Record<string, number>;
  checks: LoadCheck[];
}

export interface LoadResult {
  offered: LoadMessage['offered'];
  /** Median of each figure over the runs. */
  figures: LoadFigures;
  /** Each figure's lowest and highest run. */
  spread: Record<LoadMetricName, { min: number | null; max: number | null }>;
  runs: LoadRun[];
  /** Each check once: failed if it failed in any run (the detail is that run's). */
  checks: LoadCheck[];
  verdicts: LoadVerdict[];
  saturated: boolean;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

function measuredValues(runs: readonly LoadMessage[], metric: LoadMetricName): number[] {
  return runs.map((r) => r.figures[metric]).filter((v): v is number => v !== null);
}

function mergeChecks(runs: readonly LoadMessage[]): LoadCheck[] {
  const merged = new Map<string, LoadCheck>();
  for (const run of runs) {
    for (const check of run.checks) {
      const seen = merged.get(check.name);
      if (seen === undefined || (seen.passed && !check.passed)) merged.set(check.name, check);
    }
  }
  return [...merged.values()];
}

function verdictsOf(
  identifier: string,
  figures: LoadFigures,
  testLimits: LoadMessage['limits'],
  sources: LoadLimitSources,
): LoadVerdict[] {
  const verdicts: LoadVerdict[] = [];
  for (const metric of LOAD_METRIC_NAMES) {
    for (const bound of ['max', 'min'] as const) {
      const limit = loadLimitOf(identifier, metric, bound, testLimits, sources);
      if (limit === null) continue;
      const value = figures[metric];
      const fails = value !== null && (bound === 'max' ? value > limit.value : value < limit.value);
      verdicts.push({ metric, bound, value, limit, status: value === null ? 'unavailable' : fails ? 'fail' : 'pass' });
    }
  }
  return verdicts;
}

export function loadResultOf(
  identifier: string,
  messages: readonly LoadMessage[],
  sources: LoadLimitSources,
): LoadResult | null {
  const runs = [...messages].sort((a, b) => a.index - b.index);
  if (runs.length === 0) return null;
  const figures = {} as LoadFigures;
  const spread = {} as LoadResult['spread'];
  for (const metric of LOAD_METRIC_NAMES) {
    const values = measuredValues(runs, metric);
    figures[metric] = values.length > 0 ? median(values) : null;
    spread[metric] =
      values.length > 0 ? { min: Math.min(...values), max: Math.max(...values) } : { min: null, max: null };
  }
  const verdicts = verdictsOf(identifier, figures, runs[0]!.limits, sources);
  return {
    offered: runs[0]!.offered,
    figures,
    spread,
    runs: runs.map((r) => ({ index: r.index, figures: r.figures, counts: r.counts, checks: r.checks })),
    checks: mergeChecks(runs),
    verdicts,
    saturated: verdicts.some((v) => v.metric === SATURATION_METRIC && v.bound === 'max' && v.status === 'fail'),
  };
}

/** Whether the load half of an identifier failed: a limit, a check, or a saturated generator. */
export type LoadOutcome = {
  verdicts: readonly Pick<LoadVerdict, 'status'>[];
  checks: readonly Pick<LoadCheck, 'passed'>[];
};

export function loadFailed(load: LoadOutcome | null | undefined): boolean {
  if (load == null) return false;
  return load.verdicts.some((v) => v.status === 'fail') || load.checks.some((c) => !c.passed);
}
