// Limits for each figure: an env var (MAX_ALLOCS_ALLOWED_<name>, ...), else a
// metric's default (0 for remaining allocations, fds and handles), else none.
import { METRICS, limitName, type MetricName } from '../metrics.js';
import { UsageError } from './errors.js';

export interface Limit {
  value: number;
  /** Where the limit came from: the env var's name, or "default". */
  source: string;
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

export function limitFor(metric: MetricName, identifier: string, env: NodeJS.ProcessEnv): Limit | null {
  const spec = METRICS.find((m) => m.metric === metric)!;
  const variable = `${spec.envPrefix}${limitName(identifier)}`;
  const raw = env[variable];
  if (raw !== undefined) return { value: Number(raw.trim()), source: variable };
  if (spec.defaultLimit !== null) return { value: spec.defaultLimit, source: 'default' };
  return null;
}
