// Figures against limits: one verdict per metric.
import { METRIC_NAMES, type Figures, type MetricName } from '../metrics.js';
import type { Limit } from './limits.js';

export interface Verdict {
  metric: MetricName;
  value: number;
  limit: Limit | null;
  status: 'pass' | 'fail' | 'unchecked';
}

export function checkFigures(figures: Figures, limitOf: (metric: MetricName) => Limit | null): Verdict[] {
  return METRIC_NAMES.map((metric) => {
    const value = figures[metric];
    const limit = limitOf(metric);
    const status = limit === null ? 'unchecked' : value > limit.value ? 'fail' : 'pass';
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
  const where = limit.source === 'default' ? 'default limit' : limit.source;
  return `FAILED: ${identifier}.${verdict.metric}: ${verdict.value} > ${limit.value} allowed (${overBy(verdict.value, limit.value)}; ${where})`;
}
