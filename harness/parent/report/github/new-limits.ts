// When a run ends in exit 3 (figures below their limits by more than the
// tolerance, nothing failed), the limits to lower, ready to commit: the
// baselines.json entries, as --update-baselines would write them, and the
// env vars to lower for limits that came from the environment.
import { isExactMetric, limitName, METRIC_NAMES, type MetricName } from '../../../metrics.js';
import { DEFAULT_HEADROOM, type Headroom, limitForFigure } from '../../limits/baselines.js';
import type { JsonReport } from '../json.js';
import { identifierOutcomes, type ReportVerdict } from '../outcomes.js';

export interface NewLimits {
  /** `{ runtimes: { node-20: { limits: { name: { metric: limit } } } } }`: the entries to change, nothing else. */
  baselines: { runtimes: Record<string, { limits: Record<string, Partial<Record<MetricName, number>>> }> } | null;
  /** `lowest` entries that --update-baselines would drop along with the lowered limit: `name.metric`. */
  dropLowest: string[];
  /** Env-var limits: [variable, new value]. */
  env: [string, number][];
  /** Whether the headroom came from the report; older reports lack it, and DEFAULT_HEADROOM stands in. */
  headroomFromReport: boolean;
}

const isMetric = (metric: string): metric is MetricName => (METRIC_NAMES as string[]).includes(metric);

function byName<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** The limits of the report's improved figures, lowered as --update-baselines lowers them. */
export function newLimits(report: JsonReport): NewLimits {
  // A report without `policy` predates it: it does not say which headroom the run used.
  const headroom: Headroom = report.policy?.headroom ?? DEFAULT_HEADROOM;
  const limits: Record<string, Partial<Record<MetricName, number>>> = {};
  const dropLowest: string[] = [];
  const env: [string, number][] = [];
  for (const outcome of identifierOutcomes(report)) {
    const name = limitName(outcome.id.identifier);
    for (const verdict of outcome.improved) {
      if (!isMetric(verdict.metric) || verdict.value === null || verdict.limit === null) continue;
      const lowered = limitForFigure(verdict.value, verdict.metric, headroom);
      if (verdict.limit.kind === 'env') env.push([verdict.limit.source, lowered]);
      if (verdict.limit.kind !== 'baselines') continue;
      limits[name] = { ...limits[name], [verdict.metric]: lowered };
      if (lowestToDrop(verdict)) dropLowest.push(`${name}.${verdict.metric}`);
    }
  }
  const sorted = byName(limits);
  for (const name of Object.keys(sorted)) sorted[name] = inMetricOrder(sorted[name]!);
  return {
    baselines: Object.keys(sorted).length === 0 ? null : { runtimes: { [report.runtimeKey]: { limits: sorted } } },
    dropLowest,
    env,
    headroomFromReport: report.policy !== undefined,
  };
}

/** An exact metric's limit lowered to the figure: its `lowest` (the spread of an earlier update) no longer applies. */
function lowestToDrop(verdict: ReportVerdict): boolean {
  return verdict.limit?.lowest !== undefined && isMetric(verdict.metric) && isExactMetric(verdict.metric);
}

function inMetricOrder(limits: Partial<Record<MetricName, number>>): Partial<Record<MetricName, number>> {
  return Object.fromEntries(METRIC_NAMES.filter((m) => limits[m] !== undefined).map((m) => [m, limits[m]]));
}
