// Figures against limits: one verdict per metric.
import { METRIC_NAMES, type Figures, type MetricName } from '../metrics.js';
import type { Limit } from './limits.js';

export interface Verdict {
  metric: MetricName;
  /** null: a native figure that could not be measured (status 'unavailable'). */
  value: number | null;
  limit: Limit | null;
  status: 'pass' | 'fail' | 'unchecked' | 'unavailable';
}

export function checkFigures(figures: Figures, limitOf: (metric: MetricName) => Limit | null): Verdict[] {
  return METRIC_NAMES.map((metric) => {
    const value = figures[metric];
    const limit = limitOf(metric);
    const status = value === null ? 'unavailable' : limit === null ? 'unchecked' : value > limit.value ? 'fail' : 'pass';
    return { metric, value, limit, status };
  });
}

/** "+23.4%" over a non-zero limit; "+N over 0" otherwise. */
export function overBy(value: number, limit: number): string {
  if (limit === 0) return `+${value} over 0`;
  return `${value >= limit ? '+' : ''}${(((value - limit) / limit) * 100).toFixed(1)}%`;
}

export function failureLine(identifier: string, verdict: Verdict): string {
  const limit = verdict.limit!;
  const value = verdict.value!; // only 'fail' verdicts get a failure line
  const where = limit.source === 'default' ? 'default limit' : limit.source;
  return `FAILED: ${identifier}.${verdict.metric}: ${value} > ${limit.value} allowed (${overBy(value, limit.value)}; ${where})`;
}
