// Whether one metric's figures from several runs or processes agree: the rule
// that check-determinism and bench-suite share.
// - advisory metrics (harness/metrics.ts: native bytes, native remaining) are
//   never held against a run: remaining native blocks depend on when other
//   threads free theirs;
// - total_native_allocations may spread by a tolerance, a percentage or a few
//   allocations, whichever is larger: it depends on how the kernel splits a
//   byte stream into reads (each read mallocs a buffer), and small workloads
//   move by the bookkeeping of the GC inside the window (remembered-set slot
//   sets and worklists, which depend on where objects lie in the heap):
//   test_10000_timers_scheduled_and_run, one scavenge in every window, took
//   314 to 366 mallocs per window, and its minimum over 3 windows was 314 to
//   317 in 19 of 20 processes and 338 in one;
// - every other figure must be identical.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const TOLERANT_METRICS = new Set(['total_native_allocations']);

/**
 * Loads the metric table from the built harness and returns
 * agreement(metric, values) -> { verdict: 'identical' | 'advisory' | 'within' | 'differs', spreadPct }.
 */
export const NATIVE_TOLERANCE_MIN = 32;

export async function loadFigureAgreement(packageRoot, nativeTolerancePct, nativeToleranceMin = NATIVE_TOLERANCE_MIN) {
  const { isAdvisoryMetric } = await import(pathToFileURL(join(packageRoot, 'dist/harness/metrics.js')).href);
  return (metric, values) => {
    if (new Set(values).size <= 1) return { verdict: 'identical', spreadPct: 0 };
    if (isAdvisoryMetric(metric)) return { verdict: 'advisory', spreadPct: null };
    if (TOLERANT_METRICS.has(metric) && values.every((v) => typeof v === 'number')) {
      const spread = Math.max(...values) - Math.min(...values);
      const spreadPct = (spread / Math.max(1, Math.min(...values))) * 100;
      return {
        verdict: spreadPct <= nativeTolerancePct || spread <= nativeToleranceMin ? 'within' : 'differs',
        spreadPct,
      };
    }
    return { verdict: 'differs', spreadPct: null };
  };
}
