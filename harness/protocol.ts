// The structured channel between a child (which runs one test file) and the
// parent. The child writes one JSON object per line to CHANNEL_FD; the parent
// parses every line with these schemas. The child imports only the types, so
// zod never loads into the heap that the child measures.
import { z } from 'zod';
import { LOAD_METRIC_NAMES, type LoadMetricName } from './metrics.js';

export const CHANNEL_FD = 3;

/**
 * Native (malloc) counting as the parent set it up: the interposer preloaded
 * into the child (LD_PRELOAD), or why it is not (see parent/run/native-preload.ts).
 */
export const nativeSetupSchema = z.discriminatedUnion('available', [
  z.strictObject({ available: z.literal(true), libraryPath: z.string() }),
  z.strictObject({ available: z.literal(false), reason: z.string() }),
]);
export type NativeSetup = z.infer<typeof nativeSetupSchema>;

/** One run's native figures, or why there are none (child/native-counters.ts). */
export const nativeRunSchema = z.discriminatedUnion('available', [
  z.strictObject({
    available: z.literal(true),
    total_native_allocations: z.number().int().nonnegative(),
    total_native_allocated_bytes: z.number().int().nonnegative(),
    remaining_native_allocations: z.number().int().nonnegative(),
    /** Window blocks the pointer table had no room for: remaining is a lower bound when > 0. */
    untrackedBlocks: z.number().int().nonnegative(),
  }),
  z.strictObject({ available: z.literal(false), reason: z.string() }),
]);
export type NativeRun = z.infer<typeof nativeRunSchema>;

/** Passed to the child as its single argument (JSON). */
export const childConfigSchema = z.strictObject({
  testFile: z.string(),
  workDir: z.string(),
  warmupRuns: z.number().int().nonnegative(),
  measuredRuns: z.number().int().positive(),
  count: z.boolean(),
  addonPath: z.string().nullable(),
  /** How JS allocations are counted (--counting). */
  counting: z.enum(['snapshot', 'sampling']),
  /** Sampling counting: a heap snapshot of each measured run's remaining window (--explain, --profile, --keep-snapshots). */
  snapshots: z.boolean(),
  native: nativeSetupSchema,
  /** --cpu-profile: the uncounted run, Node's normal flags, each workload's CPU profile written (child/cpu-profile-run.ts). */
  cpuProfileRun: z.boolean().optional(),
});
export type ChildConfig = z.infer<typeof childConfigSchema>;

const helloSchema = z.strictObject({
  type: z.literal('hello'),
  pid: z.number().int(),
  node: z.string(),
  v8: z.string(),
  execArgv: z.array(z.string()),
});

const runSchema = z.strictObject({
  type: z.literal('run'),
  identifier: z.string(),
  index: z.number().int().nonnegative(),
  /**
   * The run's files, null with --no-count. Snapshot counting: the heap snapshot.
   * Sampling counting: the totals and remaining profiles, and the remaining
   * window's snapshot when the parent asked for one.
   */
  files: z
    .strictObject({ totals: z.string().nullable(), remaining: z.string().nullable(), snapshot: z.string().nullable() })
    .nullable(),
  operations: z.number().nullable(),
  durationMs: z.number(),
  /** null where /proc/self/fd cannot be read (not Linux). */
  leakedFds: z.array(z.string()).nullable(),
  leakedHandles: z.array(z.string()),
});

/** A measured native window's figures (sent after the identifier's heap runs; none with --no-count). */
const nativeMessageSchema = z.strictObject({
  type: z.literal('native'),
  identifier: z.string(),
  index: z.number().int().nonnegative(),
  native: nativeRunSchema,
});

const measuredSchema = z.strictObject({
  type: z.literal('measured'),
  identifier: z.string(),
  warmupRuns: z.number().int().nonnegative(),
  measuredRuns: z.number().int().positive(),
});

const loadMetric = z.enum(LOAD_METRIC_NAMES as [LoadMetricName, ...LoadMetricName[]]);
const loadLimitsSchema = z.partialRecord(loadMetric, z.number().nonnegative());

/** A pass/fail check of a load run (nothing lost, a fault handled...), with what was seen. */
export const loadCheckSchema = z.strictObject({ name: z.string(), passed: z.boolean(), detail: z.string() });
export type LoadCheck = z.infer<typeof loadCheckSchema>;

/** One load run of an identifier (child/load.ts): its figures, what was offered, its checks. */
const loadSchema = z.strictObject({
  type: z.literal('load'),
  identifier: z.string(),
  index: z.number().int().nonnegative(),
  /** null: not measured (the server's figures of a URL target). */
  figures: z.record(loadMetric, z.number().nonnegative().nullable()),
  offered: z.strictObject({
    mode: z.enum(['echo', 'broadcast']),
    connections: z.number().int().positive(),
    rate: z.number().positive(),
    messagesPerSecond: z.number().nonnegative(),
    warmupMs: z.number().nonnegative(),
    durationMs: z.number().positive(),
  }),
  /** Sends, arrivals, reconnects, the server's own counters: for the JSON report. */
  counts: z.record(z.string(), z.number()),
  checks: z.array(loadCheckSchema),
  /** The test file's own limits (after env vars and baselines.json). */
  limits: z.strictObject({ max: loadLimitsSchema, min: loadLimitsSchema }),
});
export type LoadMessage = z.infer<typeof loadSchema>;

const errorSchema = z.strictObject({
  type: z.literal('error'),
  /** Where it happened: loading the file, in run()/measure(), or uncaught. */
  phase: z.enum(['setup', 'import', 'run', 'uncaught']),
  message: z.string(),
  stack: z.string().nullable(),
});

const doneSchema = z.strictObject({ type: z.literal('done') });

export const childMessageSchema = z.discriminatedUnion('type', [
  helloSchema,
  runSchema,
  nativeMessageSchema,
  measuredSchema,
  loadSchema,
  errorSchema,
  doneSchema,
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;
export type RunMessage = z.infer<typeof runSchema>;
export type NativeMessage = z.infer<typeof nativeMessageSchema>;
export type ErrorMessage = z.infer<typeof errorSchema>;
export type HelloMessage = z.infer<typeof helloSchema>;
