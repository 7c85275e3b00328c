// A load identifier's result in the --json report (load-result.ts's LoadResult).
import { z } from 'zod';
import { LOAD_METRIC_NAMES, type LoadMetricName } from '../../metrics.js';

const loadMetric = z.enum(LOAD_METRIC_NAMES as [LoadMetricName, ...LoadMetricName[]]);
const loadFigures = z.partialRecord(loadMetric, z.number().nullable());
const check = z.strictObject({ name: z.string(), passed: z.boolean(), detail: z.string() });

export const loadResultSchema = z.strictObject({
  offered: z.strictObject({
    mode: z.enum(['echo', 'broadcast']),
    connections: z.number(),
    rate: z.number(),
    /** The offered rate; figures.messages_per_second is the achieved one. */
    messagesPerSecond: z.number(),
    warmupMs: z.number(),
    durationMs: z.number(),
  }),
  /** Median of each figure over the runs. */
  figures: loadFigures,
  spread: z.partialRecord(loadMetric, z.strictObject({ min: z.number().nullable(), max: z.number().nullable() })),
  runs: z.array(
    z.strictObject({
      index: z.number(),
      figures: loadFigures,
      counts: z.record(z.string(), z.number()),
      checks: z.array(check),
    }),
  ),
  checks: z.array(check),
  verdicts: z.array(
    z.strictObject({
      metric: z.string(),
      bound: z.enum(['max', 'min']),
      value: z.number().nullable(),
      limit: z.strictObject({ value: z.number(), source: z.string() }),
      status: z.enum(['pass', 'fail', 'unavailable']),
    }),
  ),
  saturated: z.boolean(),
});

export type JsonLoadResult = z.infer<typeof loadResultSchema>;
