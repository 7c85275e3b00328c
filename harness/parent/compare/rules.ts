// When a figure that moved between two reports is a regression. The counts
// are exact (benchstat's assume=exact: no significance test), so the rule is
// the limits' tolerance (metrics.ts, limits/check.ts) applied to the base
// figure, without baselines.json's rounding to 50, which would hide a rise of
// 49 allocations in a figure of 1000:
//   exact metrics (remaining_allocations, leaked_fds, leaked_handles): any
//     rise, beyond the remaining tolerance (4) for remaining allocations;
//   counts with headroom (total_allocations, total_allocated_bytes,
//     total_native_allocations): a rise of more than the metric's headroom
//     percentage of the base figure (0.1% for JS counts, 25% for native
//     allocations) and more than its headroom minimum (50 for native);
//   advisory metrics (native bytes and native remaining): never.
// A fall by more than the same amount is an improvement; other moves are
// changes within tolerance.
import { headroomOf, isAdvisoryMetric, isExactMetric, type MetricName } from '../../metrics.js';
import { DEFAULT_REMAINING_TOLERANCE } from '../limits/check.js';

export interface CompareRules {
  /** Replaces the headroom percentage of every counted metric (--tolerance); null: each metric's own. */
  tolerancePercent: number | null;
  /** How far remaining_allocations may move (--remaining-tolerance). */
  remainingTolerance: number;
}

export const DEFAULT_COMPARE_RULES: CompareRules = {
  tolerancePercent: null,
  remainingTolerance: DEFAULT_REMAINING_TOLERANCE,
};

export type FigureStatus = 'regression' | 'improvement' | 'within' | 'advisory' | 'unavailable' | 'unchanged';

/** How far `metric` may move from `base` either way and stay within tolerance. */
export function allowance(metric: MetricName, base: number, rules: CompareRules): number {
  if (isExactMetric(metric)) return metric === 'remaining_allocations' ? rules.remainingTolerance : 0;
  const headroom = headroomOf(metric);
  const percent = rules.tolerancePercent ?? headroom.percent;
  return Math.max((base * percent) / 100, headroom.minimum);
}

/** null: not measured on that side (native counting unavailable, or a report older than the metric). */
export function classifyFigure(
  metric: MetricName,
  base: number | null,
  head: number | null,
  rules: CompareRules,
): FigureStatus {
  if (base === null || head === null) return base === head ? 'unchanged' : 'unavailable';
  const delta = head - base;
  if (delta === 0) return 'unchanged';
  if (isAdvisoryMetric(metric)) return 'advisory';
  const allowed = allowance(metric, base, rules);
  if (delta > allowed) return 'regression';
  if (-delta > allowed) return 'improvement';
  return 'within';
}
