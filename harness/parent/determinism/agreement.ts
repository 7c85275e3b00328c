// Whether one metric's figures from several processes agree: the rule of
// --repeat N, scripts/check-determinism.mjs and scripts/bench-suite.mjs.
// - advisory metrics (metrics.ts: native bytes, native remaining) are never
//   held against a run: remaining native blocks depend on when other threads
//   free theirs;
// - total_native_allocations may spread by a tolerance, a percentage or a few
//   allocations, whichever is larger: it depends on how the kernel splits a
//   byte stream into reads (each read mallocs a buffer), and small workloads
//   move by the bookkeeping of the GC inside the window (ARCHITECTURE.md,
//   "Native counting": test_10000_timers_scheduled_and_run's minimum was 314
//   to 317 in 19 of 20 processes and 338 in one);
// - every other figure must be identical.
import { isAdvisoryMetric, type MetricName } from '../../metrics.js';

export const NATIVE_TOLERANCE_PERCENT = 1;
export const NATIVE_TOLERANCE_MIN = 32;

const TOLERANT_METRICS = new Set<string>(['total_native_allocations']);

export interface Agreement {
  /** 'beyond': a tolerant metric outside its tolerance (--repeat reports it, does not fail on it). */
  verdict: 'identical' | 'advisory' | 'within' | 'beyond' | 'differs';
  /** The spread in percent of the lowest value, for tolerant metrics that are not identical. */
  spreadPct: number | null;
}

export function figureAgreement(
  metric: MetricName | string,
  values: readonly (number | null)[],
  tolerance = { percent: NATIVE_TOLERANCE_PERCENT, minimum: NATIVE_TOLERANCE_MIN },
): Agreement {
  if (new Set(values).size <= 1) return { verdict: 'identical', spreadPct: 0 };
  if (isAdvisoryMetric(metric as MetricName)) return { verdict: 'advisory', spreadPct: null };
  if (TOLERANT_METRICS.has(metric) && values.every((v) => typeof v === 'number')) {
    const numbers = values as number[];
    const spread = Math.max(...numbers) - Math.min(...numbers);
    const spreadPct = (spread / Math.max(1, Math.min(...numbers))) * 100;
    const within = spreadPct <= tolerance.percent || spread <= tolerance.minimum;
    return { verdict: within ? 'within' : 'beyond', spreadPct };
  }
  return { verdict: 'differs', spreadPct: null };
}
