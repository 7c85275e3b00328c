// Figures against limits: one verdict per metric.
//   fail      over the limit
//   improved  under the limit by more than the tolerance: the limit should come down
//   missing   no limit at all (fails unless --allow-missing)
//   pass      otherwise
import {
  type Figures,
  improvementPercentOf,
  isAdvisoryMetric,
  isExactMetric,
  METRIC_NAMES,
  type MetricName,
} from '../../metrics.js';
import { type Headroom, limitForFigure } from './baselines.js';
import type { Limit } from './limits.js';

export interface Verdict {
  metric: MetricName;
  /** null: a native figure that could not be measured (status 'unavailable'). */
  value: number | null;
  limit: Limit | null;
  /** unchecked: an advisory metric (metrics.ts) without a limit. */
  status: 'pass' | 'fail' | 'improved' | 'missing' | 'unavailable' | 'unchecked';
}

export interface Tolerance {
  /** A count improves when it is below its limit by more than this percentage of the limit... */
  percent: number;
  /** ...and by more than this many. */
  minimum: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { percent: 2, minimum: 50 };

export interface CheckPolicy {
  headroom: Headroom;
  tolerance: Tolerance;
  /**
   * Objects by which remaining_allocations may exceed its limit (SwiftNIO
   * accepts |remaining| < 5): workloads with many sockets keep a few more or
   * fewer objects alive from one process to the next. A leak per operation
   * still shows by the hundred.
   */
  remainingTolerance: number;
}

export const DEFAULT_REMAINING_TOLERANCE = 4;

/** How far a figure may go over its limit before it fails. */
export function slackOf(metric: MetricName, policy: CheckPolicy): number {
  return metric === 'remaining_allocations' ? policy.remainingTolerance : 0;
}

export function isImprovement(metric: MetricName, value: number, limit: Limit, policy: CheckPolicy): boolean {
  // A default limit (0 remaining) cannot be lowered; advisory metrics are not gated.
  if (limit.kind === 'default' || isAdvisoryMetric(metric)) return false;
  const exact = isExactMetric(metric);
  if (exact) return value < (limit.lowest ?? limit.value) - slackOf(metric, policy);
  const wouldWrite = limitForFigure(value, metric, policy.headroom);
  const slack = limit.value - wouldWrite;
  const own = improvementPercentOf(metric);
  const percent = Math.max(policy.tolerance.percent, own?.percent ?? 0);
  const minimum = Math.max(policy.tolerance.minimum, own?.minimum ?? 0);
  return slack > (limit.value * percent) / 100 && slack > minimum;
}

export function checkFigures(
  figures: Figures,
  limitOf: (metric: MetricName) => Limit | null,
  policy: CheckPolicy,
): Verdict[] {
  return METRIC_NAMES.map((metric) => {
    const value = figures[metric];
    const limit = limitOf(metric);
    let status: Verdict['status'];
    if (value === null) status = 'unavailable';
    else if (limit === null) status = isAdvisoryMetric(metric) ? 'unchecked' : 'missing';
    else if (value > limit.value + slackOf(metric, policy)) status = 'fail';
    else if (isImprovement(metric, value, limit, policy)) status = 'improved';
    else status = 'pass';
    return { metric, value, limit, status };
  });
}

/**
 * Whether an identifier failed its check: a figure over its limit, or with
 * `missingFails`, a figure without one (the report, unless --allow-missing).
 */
export function verdictsFail(
  verdicts: readonly Pick<Verdict, 'status'>[],
  { missingFails }: { missingFails: boolean },
): boolean {
  return verdicts.some((v) => v.status === 'fail' || (missingFails && v.status === 'missing'));
}

/** The change from a non-zero `from` to `to`, signed, in percent of `from`: "+23.4%", "-3.1%". */
export function percentChange(from: number, to: number): string {
  return `${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(1)}%`;
}

/** "+23.4%" (or "-3.1%") against a non-zero limit; "+N over 0" otherwise. */
export function overBy(value: number, limit: number): string {
  if (limit === 0) return `+${value} over 0`;
  return percentChange(limit, value);
}

function describeSource(limit: Limit): string {
  return limit.kind === 'default' ? 'default limit' : limit.source;
}

export function failureLine(identifier: string, verdict: Verdict, policy: CheckPolicy): string {
  const limit = verdict.limit!;
  const value = verdict.value!; // only 'fail' verdicts get a failure line
  const slack = slackOf(verdict.metric, policy);
  const tolerance = slack > 0 ? `, tolerance ${slack}` : '';
  return `FAILED: ${identifier}.${verdict.metric}: ${value} > ${limit.value} allowed (${overBy(value, limit.value)}; ${describeSource(limit)}${tolerance})`;
}

/** How to lower a limit that is too loose, given where it came from. */
/** `command`: the runner as the user types it (project/project.ts); `file` as they see it. */
export function improvementLine(
  identifier: string,
  verdict: Verdict,
  file: string,
  headroom: Headroom,
  command: string,
): string {
  const limit = verdict.limit!;
  const value = verdict.value!; // only counted figures can improve
  const lowered = limitForFigure(value, verdict.metric, headroom);
  const how =
    limit.kind === 'env'
      ? `lower ${limit.source} to ${lowered}`
      : `lower it with ${command} --update-baselines ${file}`;
  return `IMPROVED: ${identifier}.${verdict.metric}: ${value} < ${limit.value} allowed (${overBy(value, limit.value)}; ${describeSource(limit)}): ${how}`;
}

export function missingLine(
  identifier: string,
  verdicts: Verdict[],
  file: string,
  where: { label: string; key: string; command: string },
): string {
  const { label, key, command } = where;
  const metrics = verdicts.filter((v) => v.status === 'missing').map((v) => v.metric);
  return `FAILED: ${identifier}: no limit for ${metrics.join(', ')} in ${label} (${key}): add them with ${command} --update-baselines ${file} (or run with --allow-missing)`;
}
