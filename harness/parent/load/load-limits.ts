// Limits of load figures, in order: an env var (MAX_LATENCY_P99_US_<name>,
// MIN_MESSAGES_PER_SECOND_<name>, ...), baselines.json (`max_latency_p99_us`
// under the identifier's name, for the children's Node major), the limits the
// test file gave measureLoad, the metric's default (metrics.ts, LOAD_METRICS).
import { LOAD_METRICS, type LoadBound, type LoadMetricName, limitName, loadEnvPrefix } from '../../metrics.js';
import type { LoadMessage } from '../../protocol.js';
import { UsageError } from '../errors.js';
import type { Baselines } from '../limits/baselines.js';

export interface LoadLimit {
  value: number;
  /** The env var's name, "baselines.json node-20", "the test file" or "default". */
  source: string;
}

const NON_NEGATIVE_NUMBER = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** Every MAX_<LOAD METRIC>_ / MIN_<LOAD METRIC>_ env var: a non-negative number (exit 2 otherwise). */
export function validateLoadLimitEnv(env: NodeJS.ProcessEnv): void {
  const prefixes = LOAD_METRICS.flatMap((m) => [loadEnvPrefix('max', m.metric), loadEnvPrefix('min', m.metric)]);
  for (const [name, value] of Object.entries(env)) {
    if (!prefixes.some((prefix) => name.startsWith(prefix))) continue;
    if (value === undefined || !NON_NEGATIVE_NUMBER.test(value.trim())) {
      throw new UsageError(`${name}=${JSON.stringify(value)}: a load limit must be a non-negative number`);
    }
  }
}

export interface LoadLimitSources {
  env: NodeJS.ProcessEnv;
  baselines: Baselines;
  baselinesLabel: string;
  runtimeKey: string;
}

/** The baselines.json key of a load limit: `max_latency_p99_us`. */
export function loadBaselineKey(bound: LoadBound, metric: LoadMetricName): `${LoadBound}_${LoadMetricName}` {
  return `${bound}_${metric}`;
}

export function loadLimitOf(
  identifier: string,
  metric: LoadMetricName,
  bound: LoadBound,
  testLimits: LoadMessage['limits'],
  sources: LoadLimitSources,
): LoadLimit | null {
  const name = limitName(identifier);
  const variable = `${loadEnvPrefix(bound, metric)}${name}`;
  const raw = sources.env[variable];
  if (raw !== undefined) return { value: Number(raw.trim()), source: variable };
  const entry = sources.baselines.runtimes[sources.runtimeKey]?.limits[name] as Record<string, number> | undefined;
  const fromFile = entry?.[loadBaselineKey(bound, metric)];
  if (fromFile !== undefined) return { value: fromFile, source: `${sources.baselinesLabel} ${sources.runtimeKey}` };
  const fromTest = testLimits[bound][metric];
  if (fromTest !== undefined) return { value: fromTest, source: 'the test file' };
  const fallback = bound === 'max' ? LOAD_METRICS.find((m) => m.metric === metric)?.defaultMax : null;
  return fallback == null ? null : { value: fallback, source: 'default' };
}
