// The --json report: versioned, described by a zod schema that readers (CI
// scripts, --compare-to) parse it with.
import { z } from 'zod';
import { METRIC_NAMES, type MetricName } from '../../metrics.js';
import { writeFileAtomically } from '../atomic-write.js';
import { identifierDiagnosticsSchema } from '../diagnostics/schema.js';
import { headroomSchema } from '../limits/baselines.js';
import { loadResultSchema } from '../load/load-schema.js';
import { harnessVersion } from '../project/paths.js';
import type { FileResult } from '../run/suite.js';
import { identifierFailed, type ReportContext, type SuiteCounts } from './text.js';

/** 2: identifiers carry `diagnostics` (diagnostics/schema.ts). Version 1 reports still parse (--compare-to). */
export const REPORT_SCHEMA_VERSION = 2;

// Partial: a report written before a metric existed still parses (--compare-to).
// Native figures are null where native counting was unavailable (identifiers[].native says why).
const figuresSchema = z.partialRecord(z.enum(METRIC_NAMES as [MetricName, ...MetricName[]]), z.number().nullable());

export const jsonReportSchema = z.strictObject({
  schemaVersion: z.union([z.literal(1), z.literal(REPORT_SCHEMA_VERSION)]),
  tool: z.literal('alloc-counter'),
  /** The harness's version (package.json); absent in reports written before it was recorded. */
  harnessVersion: z.string().optional(),
  startedAt: z.string(),
  wallTimeMs: z.number(),
  node: z.string(),
  v8: z.string().nullable(),
  settings: z.strictObject({
    warmupRuns: z.number(),
    measuredRuns: z.number(),
    count: z.boolean(),
    jobs: z.number(),
    // Optional, so reports written before they were recorded still parse.
    /** --allow-improvements: exit 0 rather than 3 when figures improved. */
    allowImprovements: z.boolean().optional(),
    /** --allow-missing (or --update-baselines): an identifier without a limit passed. */
    allowMissing: z.boolean().optional(),
    /** --shard i/n: this report holds shard `index` of `count` (merge-reports joins them). */
    shard: z.strictObject({ index: z.number().int().min(1), count: z.number().int().min(1) }).optional(),
    /** --counting: how the JS figures were counted (absent: snapshot, the only way before). */
    counting: z.enum(['snapshot', 'sampling']).optional(),
    /** The children's clocks: virtual (the default) or real, and why real. */
    time: z.strictObject({ mode: z.enum(['virtual', 'real']), reason: z.string().nullable() }).optional(),
  }),
  runtimeKey: z.string(),
  /** Set when the limits were measured on another Node release than the one that ran. */
  releaseWarning: z.string().nullable().optional(),
  /**
   * How the figures were judged: whether a figure without a limit failed, and
   * the headroom new limits get (for the limits an improvement suggests).
   * Optional: older reports lack it.
   */
  policy: z
    .strictObject({ allowMissing: z.boolean(), allowImprovements: z.boolean(), headroom: headroomSchema })
    .optional(),
  summary: z.strictObject({
    files: z.number(),
    identifiers: z.number(),
    passed: z.number(),
    failed: z.number(),
    improved: z.number(),
  }),
  exitCode: z.number(),
  /** Set when SIGINT or SIGTERM stopped the run: the report holds only the files that finished. */
  interrupted: z.enum(['SIGINT', 'SIGTERM']).optional(),
  files: z.array(
    z.strictObject({
      file: z.string(),
      passed: z.boolean(),
      durationMs: z.number(),
      failure: z
        .strictObject({
          kind: z.string(),
          phase: z.string().nullable(),
          message: z.string(),
          stack: z.string().nullable(),
        })
        .nullable(),
      output: z.string(),
      identifiers: z.array(
        z.strictObject({
          identifier: z.string(),
          figures: figuresSchema.nullable(),
          runs: z.array(
            z.strictObject({
              index: z.number(),
              figures: figuresSchema.nullable(),
              operations: z.number().nullable(),
              durationMs: z.number(),
              leakedFds: z.array(z.string()).nullable(),
              leakedHandles: z.array(z.string()),
            }),
          ),
          disagreements: z.array(z.strictObject({ metric: z.string(), values: z.array(z.number()) })),
          verdicts: z.array(
            z.strictObject({
              metric: z.string(),
              value: z.number().nullable(),
              limit: z
                .strictObject({
                  value: z.number(),
                  source: z.string(),
                  kind: z.enum(['env', 'baselines', 'default']),
                  lowest: z.number().optional(),
                })
                .nullable(),
              status: z.enum(['pass', 'fail', 'improved', 'missing', 'unavailable', 'unchecked']),
            }),
          ),
          diagnostics: identifierDiagnosticsSchema.nullable().optional(),
          native: z.strictObject({ unavailable: z.string().nullable(), untrackedBlocks: z.number() }).optional(),
          /** measureLoad's runs (load tests only): medians, spread, every run, verdicts, checks. */
          load: loadResultSchema.nullable().optional(),
          /** The test's measure() call: file relative to the package root, 1-based line and column of the source. */
          measureSite: z.strictObject({ file: z.string(), line: z.number(), column: z.number() }).optional(),
        }),
      ),
    }),
  ),
});
export type JsonReport = z.infer<typeof jsonReportSchema>;

export function buildJsonReport(args: {
  results: FileResult[];
  counts: SuiteCounts;
  startedAt: Date;
  wallTimeMs: number;
  settings: JsonReport['settings'];
  exitCode: number;
  context: ReportContext;
  /** The children's Node: what a report without files (an empty shard) records. */
  runtime?: { node: string; v8: string };
  interrupted?: 'SIGINT' | 'SIGTERM';
}): JsonReport {
  const first = args.results.find((r) => r.node !== null);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: 'alloc-counter',
    harnessVersion,
    startedAt: args.startedAt.toISOString(),
    wallTimeMs: args.wallTimeMs,
    node: first?.node ?? args.runtime?.node ?? process.version,
    v8: first?.v8 ?? args.runtime?.v8 ?? null,
    settings: args.settings,
    runtimeKey: args.context.runtimeKey,
    releaseWarning: args.context.releaseWarning,
    policy: {
      allowMissing: args.context.allowMissing,
      allowImprovements: args.context.allowImprovements,
      headroom: args.context.headroom,
    },
    summary: args.counts,
    exitCode: args.exitCode,
    ...(args.interrupted === undefined ? {} : { interrupted: args.interrupted }),
    files: args.results.map((r) => ({
      file: r.displayName,
      passed: r.failure === null && !r.identifiers.some((id) => identifierFailed(id, args.context)),
      durationMs: r.durationMs,
      failure: r.failure,
      output: r.output,
      identifiers: r.identifiers,
    })),
  };
}

/** Written atomically, so a reader never sees half a report. */
export function writeJsonReport(path: string, report: JsonReport): void {
  writeFileAtomically(path, `${JSON.stringify(jsonReportSchema.parse(report), null, 2)}\n`);
}
