// The figures reported for every identifier, in output order, with the env
// var that limits each (<prefix><name>, <name> being the identifier without
// `test_`); ARCHITECTURE.md, "Metrics" and "Limits", says what each counts
// and how it is checked. `exact` metrics get limits equal to the figure (no headroom) and
// any figure below the limit counts as an improvement; the others are counts
// that get headroom (`headroomPercent`, then rounding, see baselines.ts) and
// an improvement tolerance.
interface MetricSpec<M extends string> {
  metric: M;
  envPrefix: string;
  /** The limit when neither an env var nor baselines.json sets one; null: none (the figure is "missing"). */
  defaultLimit: number | null;
  exact: boolean;
  headroomPercent: number;
  headroomMinimum: number;
  /** Below its limit by this percentage at least to be an improvement; null: the run's --tolerance only. */
  improvementPercent: number | null;
  advisory: boolean;
}

/**
 * A JS count: exact for one checkout, but shifted by a few allocations with
 * the child's argv and paths (V8's tables grow at other moments): +0.1%.
 */
function jsCount<M extends string>(metric: M, envPrefix: string): MetricSpec<M> {
  return {
    metric,
    envPrefix,
    defaultLimit: null,
    exact: false,
    headroomPercent: 0.1,
    headroomMinimum: 0,
    improvementPercent: null,
    advisory: false,
  };
}

/** What a workload should not keep (objects, fds, handles): exact, and 0 unless a limit says otherwise. */
function keptAfterwards<M extends string>(metric: M, envPrefix: string): MetricSpec<M> {
  return {
    metric,
    envPrefix,
    defaultLimit: 0,
    exact: true,
    headroomPercent: 0,
    headroomMinimum: 0,
    improvementPercent: null,
    advisory: false,
  };
}

/**
 * A native (malloc-family) figure, null where native counting is unavailable.
 * They vary between processes: on Node 20 totals by ~0.2% with how the kernel
 * splits socket reads, on Node 24 bytes by 10% and more (read buffers sized by
 * what is available), remaining blocks with when other threads free theirs.
 * So their limits are coarse, and only a figure half its limit is an
 * improvement; a copy per frame still doubles them. No default, for remaining
 * either: Node's native caches (compiled code, zlib/OpenSSL state)
 * legitimately keep blocks, so a limit is set per test.
 */
function nativeCount<M extends string>(
  metric: M,
  envPrefix: string,
  own: Pick<MetricSpec<M>, 'headroomPercent' | 'headroomMinimum' | 'advisory'>,
): MetricSpec<M> {
  return { metric, envPrefix, defaultLimit: null, exact: false, improvementPercent: 50, ...own };
}

export const METRICS = [
  jsCount('total_allocations', 'MAX_ALLOCS_ALLOWED_'),
  jsCount('total_allocated_bytes', 'MAX_ALLOCATED_BYTES_ALLOWED_'),
  keptAfterwards('remaining_allocations', 'MAX_REMAINING_ALLOCS_ALLOWED_'),
  nativeCount('total_native_allocations', 'MAX_NATIVE_ALLOCS_ALLOWED_', {
    headroomPercent: 25,
    headroomMinimum: 50,
    advisory: false,
  }),
  nativeCount('total_native_allocated_bytes', 'MAX_NATIVE_ALLOCATED_BYTES_ALLOWED_', {
    headroomPercent: 25,
    headroomMinimum: 65536,
    advisory: true,
  }),
  nativeCount('remaining_native_allocations', 'MAX_NATIVE_REMAINING_ALLOCS_ALLOWED_', {
    headroomPercent: 50,
    headroomMinimum: 8,
    advisory: true,
  }),
  keptAfterwards('leaked_fds', 'MAX_LEAKED_FDS_ALLOWED_'),
  keptAfterwards('leaked_handles', 'MAX_LEAKED_HANDLES_ALLOWED_'),
] as const;

export type MetricName = (typeof METRICS)[number]['metric'];
export const NATIVE_METRIC_NAMES = [
  'total_native_allocations',
  'total_native_allocated_bytes',
  'remaining_native_allocations',
] as const satisfies readonly MetricName[];
export type NativeMetricName = (typeof NATIVE_METRIC_NAMES)[number];
/** A native figure is null when native counting was unavailable (never 0 for "unknown"). */
export type Figures = Record<Exclude<MetricName, NativeMetricName>, number> & Record<NativeMetricName, number | null>;
export const METRIC_NAMES: MetricName[] = METRICS.map((m) => m.metric);

/**
 * A metric's row of the table. Undefined only for a name the table lacks,
 * which scripts reading a report of another version may pass.
 */
export function metricSpec(metric: MetricName): MetricSpec<MetricName> | undefined {
  return METRICS.find((m) => m.metric === metric);
}

/**
 * Advisory metrics are printed and checked against a limit someone set (env
 * var or baselines.json), but never required, written by --update-baselines
 * or reported as improved: native bytes (Node 24 sizes read buffers by what
 * is available: 3x between runs) and native remaining blocks (2 to 32 between
 * processes of one test) vary too much to gate CI on.
 */
export function isAdvisoryMetric(metric: MetricName): boolean {
  return metricSpec(metric)?.advisory ?? false;
}

export function isExactMetric(metric: MetricName): boolean {
  return metricSpec(metric)?.exact ?? true;
}

/**
 * The improvement tolerance of a metric, when it has its own (native figures,
 * which vary between processes: it is their percentage and headroom minimum);
 * null: the run's --tolerance only.
 */
export function improvementPercentOf(metric: MetricName): { percent: number; minimum: number } | null {
  const spec = metricSpec(metric);
  if (spec?.improvementPercent == null) return null;
  return { percent: spec.improvementPercent, minimum: spec.headroomMinimum };
}

export function headroomOf(metric: MetricName): { percent: number; minimum: number } {
  const spec = metricSpec(metric);
  return { percent: spec?.headroomPercent ?? 0, minimum: spec?.headroomMinimum ?? 0 };
}

/** `test_1000_reqs_1_conn` -> `1000_reqs_1_conn`, as in the limit env vars. */
export function limitName(identifier: string): string {
  return identifier.startsWith('test_') ? identifier.slice('test_'.length) : identifier;
}

/**
 * Figures of a load test (child/load.ts, measureLoad): latencies in
 * microseconds, rates, the server process's resources, the generator's own
 * event-loop delay. Each is the median of the identifier's load runs (the
 * JSON report has every run and the spread). A load figure is limited from
 * above by `MAX_<METRIC>_<name>`, from below by `MIN_<METRIC>_<name>` (env),
 * by `max_<metric>` / `min_<metric>` under the identifier in baselines.json,
 * by the limits the test file gives measureLoad, then by the default; one
 * without any limit is printed and unchecked (timing is not a count: there is
 * no "missing" limit and no improvement).
 */
export interface LoadMetricSpec<M extends string> {
  metric: M;
  /** The upper limit when nothing else sets one; null: none. */
  defaultMax: number | null;
  description: string;
}

export const LOAD_METRICS = [
  { metric: 'latency_p50_us', defaultMax: null, description: 'median corrected round-trip latency' },
  { metric: 'latency_p90_us', defaultMax: null, description: '90th percentile corrected latency' },
  { metric: 'latency_p99_us', defaultMax: null, description: '99th percentile corrected latency' },
  { metric: 'latency_p999_us', defaultMax: null, description: '99.9th percentile corrected latency' },
  { metric: 'latency_max_us', defaultMax: null, description: 'highest corrected latency' },
  {
    metric: 'latency_uncorrected_p99_us',
    defaultMax: null,
    description: '99th percentile latency from the actual send (coordinated omission not corrected)',
  },
  { metric: 'messages_per_second', defaultMax: null, description: 'replies (or deliveries) received per second' },
  { metric: 'peak_rss_bytes', defaultMax: null, description: "the server process's peak resident set" },
  { metric: 'cpu_user_us', defaultMax: null, description: "the server process's user CPU during the run" },
  { metric: 'cpu_system_us', defaultMax: null, description: "the server process's system CPU during the run" },
  {
    metric: 'server_leaked_fds',
    defaultMax: 0,
    description: "the server process's open fds after every connection closed, minus before the first",
  },
  {
    metric: 'generator_loop_delay_p99_us',
    defaultMax: 50000,
    description: "the load generator's own event-loop delay; over its limit the generator was saturated",
  },
] as const satisfies readonly LoadMetricSpec<string>[];

export type LoadMetricName = (typeof LOAD_METRICS)[number]['metric'];
export const LOAD_METRIC_NAMES: LoadMetricName[] = LOAD_METRICS.map((m) => m.metric);
export type LoadFigures = Record<LoadMetricName, number | null>;
export type LoadBound = 'max' | 'min';

/** `MAX_LATENCY_P99_US_` / `MIN_MESSAGES_PER_SECOND_`: the env var prefix of a load limit. */
export function loadEnvPrefix(bound: LoadBound, metric: LoadMetricName): string {
  return `${bound.toUpperCase()}_${metric.toUpperCase()}_`;
}

/** The generator's loop-delay figure: over its limit, the run's latencies are the generator's, not the server's. */
export const SATURATION_METRIC: LoadMetricName = 'generator_loop_delay_p99_us';
