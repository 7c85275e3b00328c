// Limits for each figure, in order: an env var (MAX_ALLOCS_ALLOWED_<name>, ...),
// then baselines.json for the running Node major, then the metric's default
// (0 for remaining allocations, fds and handles), else none.
import { limitName, METRICS, type MetricName, metricSpec } from '../../metrics.js';
import { UsageError } from '../errors.js';
import { type Baselines, baselineLimit, baselineLowest } from './baselines.js';

export interface Limit {
  value: number;
  /** Where the limit came from: the env var's name, "baselines.json node-20", or "default". */
  source: string;
  kind: 'env' | 'baselines' | 'default';
  /** For exact metrics from baselines.json: the lowest figure seen when it was written (see baselines.ts). */
  lowest?: number;
}

const NON_NEGATIVE_INTEGER = /^(0|[1-9][0-9]*)$/;

/** Exit-2 check, before anything runs: every MAX_*_ALLOWED_* var must be a non-negative integer. */
export function validateLimitEnv(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) {
    if (!METRICS.some((m) => name.startsWith(m.envPrefix))) continue;
    if (value === undefined || !NON_NEGATIVE_INTEGER.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
      throw new UsageError(`${name}=${JSON.stringify(value)}: a limit must be a non-negative integer`);
    }
  }
}

export interface LimitSources {
  env: NodeJS.ProcessEnv;
  baselines: Baselines;
  /** File name shown in messages. */
  baselinesLabel: string;
  runtimeKey: string;
}

export function limitOf(identifier: string, metric: MetricName, sources: LimitSources): Limit | null {
  const spec = metricSpec(metric)!;
  const name = limitName(identifier);
  const variable = `${spec.envPrefix}${name}`;
  const raw = sources.env[variable];
  if (raw !== undefined) return { value: Number(raw.trim()), source: variable, kind: 'env' };
  const fromFile = baselineLimit(sources.baselines, sources.runtimeKey, name, metric);
  if (fromFile !== undefined) {
    const lowest = baselineLowest(sources.baselines, sources.runtimeKey, name, metric);
    return {
      value: fromFile,
      source: `${sources.baselinesLabel} ${sources.runtimeKey}`,
      kind: 'baselines',
      ...(lowest !== undefined ? { lowest } : {}),
    };
  }
  if (spec.defaultLimit !== null) return { value: spec.defaultLimit, source: 'default', kind: 'default' };
  return null;
}
