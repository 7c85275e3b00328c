// Latencies in microseconds in an HDR histogram (perf_hooks.createHistogram:
// Node's built-in HdrHistogram, 3 significant figures), summarised as the
// percentiles a load run reports.
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { LatencySummary } from './messages.js';

export function latencyHistogram(): RecordableHistogram {
  return createHistogram({ lowest: 1, highest: 3_600_000_000, figures: 3 });
}

/** Records `us`, clamped to the histogram's range (a latency under 1 µs is recorded as 1). */
export function recordMicros(histogram: RecordableHistogram, us: number): void {
  histogram.record(Math.min(3_600_000_000, Math.max(1, Math.round(us))));
}

export function summarise(histogram: RecordableHistogram): LatencySummary {
  const count = histogram.count;
  if (count === 0) return { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  return {
    count,
    p50: histogram.percentile(50),
    p90: histogram.percentile(90),
    p99: histogram.percentile(99),
    p999: histogram.percentile(99.9),
    max: histogram.max,
  };
}
