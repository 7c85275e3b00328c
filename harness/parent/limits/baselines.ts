// baselines.json: limits per runtime key (`node-<major>`), per identifier
// name (without `test_`), per metric, with the Node and V8 versions that last
// wrote each key, and the headroom rule --update-baselines applies.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { headroomOf, isExactMetric, LOAD_METRIC_NAMES, METRIC_NAMES, type MetricName } from '../../metrics.js';
import { writeFileAtomically } from '../atomic-write.js';
import { UsageError } from '../errors.js';

export const BASELINES_SCHEMA_VERSION = 1;

const count = z.number().int().nonnegative();
/** Load tests' limits (`max_latency_p99_us`, `min_messages_per_second`; parent/load/load-limits.ts), set by hand. */
const loadLimit = z.number().nonnegative();
const loadLimitKeys = LOAD_METRIC_NAMES.flatMap((metric) => [`max_${metric}`, `min_${metric}`]);
const metricLimitsSchema = z.strictObject({
  ...(Object.fromEntries(METRIC_NAMES.map((metric) => [metric, count.optional()])) as Record<
    MetricName,
    z.ZodOptional<typeof count>
  >),
  ...(Object.fromEntries(loadLimitKeys.map((key) => [key, loadLimit.optional()])) as Record<
    string,
    z.ZodOptional<typeof loadLimit>
  >),
});

export const headroomSchema = z.strictObject({
  /** Figures below this are written exactly. */
  exactBelow: count,
  /** Others are raised by this percentage (default: each metric's own, see metrics.ts)... */
  percent: z.number().nonnegative().optional(),
  /** ...then rounded up to a multiple of this. */
  roundTo: z.number().int().positive(),
});
export type Headroom = z.infer<typeof headroomSchema>;

/**
 * SwiftNIO's rule (exact below 1000, otherwise rounded up to the next multiple
 * of 50), after each metric's small headroom percentage.
 */
export const DEFAULT_HEADROOM: Headroom = { exactBelow: 1000, roundTo: 50 };

const identifierName = z.string().regex(/^[A-Za-z0-9_]+$/, 'an identifier name (letters, digits, _)');

const runtimeSchema = z.strictObject({
  node: z.string(),
  v8: z.string(),
  updatedAt: z.string(),
  limits: z.record(identifierName, metricLimitsSchema),
  /**
   * For exact metrics whose figure differed between the processes of an
   * update (--processes N): the lowest figure seen. The limit is the highest;
   * only a figure below the lowest is an improvement.
   */
  lowest: z.record(identifierName, metricLimitsSchema).optional(),
});
export type RuntimeBaselines = z.infer<typeof runtimeSchema>;

export const baselinesSchema = z.strictObject({
  schemaVersion: z.literal(BASELINES_SCHEMA_VERSION),
  headroom: headroomSchema.optional(),
  runtimes: z.record(z.string().regex(/^node-[0-9]+$/, 'a runtime key such as "node-20"'), runtimeSchema),
});
export type Baselines = z.infer<typeof baselinesSchema>;

export const EMPTY_BASELINES: Baselines = { schemaVersion: BASELINES_SCHEMA_VERSION, runtimes: {} };

export function runtimeKey(nodeMajor: number): string {
  return `node-${nodeMajor}`;
}

/**
 * A one-line warning when the limits under `key` were measured on another
 * Node release than the one the children run: V8 changes between releases
 * move the counts, so a moved figure may be Node's doing, not the change's.
 */
export function releaseMismatchWarning(
  baselines: Baselines,
  key: string,
  running: string,
  label: string,
): string | null {
  const measuredOn = baselines.runtimes[key]?.node;
  if (measuredOn === undefined || measuredOn === running) return null;
  const version = measuredOn.replace(/^v/, '');
  return (
    `warning: ${label}: the ${key} limits were measured on Node ${measuredOn}, the tests run on ${running}; ` +
    `counts move between Node releases: run ${measuredOn} (scripts/fetch-node.sh ${version}, then --node ${version}) ` +
    `or regenerate the limits with --update-baselines`
  );
}

/**
 * Larger files are refused unread. Real ones are small (about 280 bytes per identifier and Node
 * major); a 60 MB file took 3 s and 420 MB to read, 70 MB of a million keys 9 s and 1.5 GB
 * (ARCHITECTURE.md, "Bad input").
 */
export const MAX_BASELINES_BYTES = 32 * 1024 * 1024;

/** At most `max` characters of a key or field a file named (a file may hold a key of any length). */
const shortened = (text: string, max = 60): string => (text.length <= max ? text : `${text.slice(0, max)}...`);

/** The first few keys, quoted, and how many more: a file may hold millions of unknown ones. */
function keyList(keys: readonly string[], max = 3): string {
  const named = keys
    .slice(0, max)
    .map((key) => `"${shortened(key)}"`)
    .join(', ');
  return keys.length > max ? `${named} and ${keys.length - max} more` : named;
}

function readText(path: string): string {
  try {
    const { size } = statSync(path);
    if (size > MAX_BASELINES_BYTES) {
      const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
      throw new UsageError(
        `${path}: ${mb(size)}, more than the ${mb(MAX_BASELINES_BYTES)} a baselines file may hold: not a baselines file?`,
      );
    }
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${path}: cannot read: ${(error as Error).message}`);
  }
}

/** Reads and validates baselines.json; a missing file is an empty one. Bad content is exit 2. */
export function readBaselines(path: string): Baselines {
  if (!existsSync(path)) return structuredClone(EMPTY_BASELINES);
  const text = readText(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = baselinesSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.map((step) => shortened(String(step))).join('.') : '(top level)';
    let detail = issue.message;
    if (issue.code === 'unrecognized_keys') detail = `unknown field ${keyList(issue.keys)}`;
    if (issue.code === 'invalid_key') detail = `invalid key, expected ${issue.issues[0]?.message ?? 'another key'}`;
    throw new UsageError(`${path}: at ${where}: ${detail}`);
  }
  return parsed.data;
}

export function baselineLimit(baselines: Baselines, key: string, name: string, metric: MetricName): number | undefined {
  return baselines.runtimes[key]?.limits[name]?.[metric];
}

/** The lowest figure an update saw for an exact metric that varied between processes, if any. */
export function baselineLowest(
  baselines: Baselines,
  key: string,
  name: string,
  metric: MetricName,
): number | undefined {
  return baselines.runtimes[key]?.lowest?.[name]?.[metric];
}

/**
 * The limit --update-baselines writes for a figure. Exact metrics (remaining
 * JS allocations, fds, handles) stay exact; small counts without a minimum
 * headroom too; the rest get the metric's headroom, then rounding.
 */
export function limitForFigure(value: number, metric: MetricName, headroom: Headroom): number {
  if (isExactMetric(metric)) return value;
  const own = headroomOf(metric);
  if (value < headroom.exactBelow && own.minimum === 0) return value;
  const percent = headroom.percent ?? own.percent;
  const raised = Math.ceil(value + Math.max((value * percent) / 100, own.minimum));
  if (raised < headroom.exactBelow) return raised;
  return Math.ceil(raised / headroom.roundTo) * headroom.roundTo;
}

/** Writes baselines.json so that a reader, or a kill at any moment, sees the old file or the new one. */
export function writeBaselinesAtomically(path: string, baselines: Baselines): void {
  const validated = baselinesSchema.parse(baselines);
  writeFileAtomically(path, `${JSON.stringify(sortedBaselines(validated), null, 2)}\n`);
}

/** Keys in a stable order, so that diffs of baselines.json show only real changes. */
function sortedBaselines(baselines: Baselines): Baselines {
  const sortKeys = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
  const runtimes: Baselines['runtimes'] = {};
  for (const [key, runtime] of Object.entries(sortKeys(baselines.runtimes))) {
    const limits: RuntimeBaselines['limits'] = {};
    for (const [name, metrics] of Object.entries(sortKeys(runtime.limits))) {
      limits[name] = Object.fromEntries(
        METRIC_NAMES.filter((m) => metrics[m] !== undefined).map((m) => [m, metrics[m]]),
      ) as RuntimeBaselines['limits'][string];
    }
    const lowest: RuntimeBaselines['limits'] = {};
    for (const [name, metrics] of Object.entries(sortKeys(runtime.lowest ?? {}))) {
      const kept = METRIC_NAMES.filter((m) => metrics[m] !== undefined);
      if (kept.length > 0)
        lowest[name] = Object.fromEntries(kept.map((m) => [m, metrics[m]])) as RuntimeBaselines['limits'][string];
    }
    runtimes[key] = {
      node: runtime.node,
      v8: runtime.v8,
      updatedAt: runtime.updatedAt,
      limits,
      ...(Object.keys(lowest).length > 0 ? { lowest } : {}),
    };
  }
  return {
    schemaVersion: baselines.schemaVersion,
    ...(baselines.headroom ? { headroom: baselines.headroom } : {}),
    runtimes,
  };
}
