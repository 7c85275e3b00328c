// The figures reported for every identifier, in output order, with the env
// var that limits each (ARCHITECTURE.md, "Metrics" and "Limits", says what
// each counts and how it is checked). <name> is the identifier without `test_`.
// `exact` metrics get limits equal to the figure (no headroom) and any figure
// below the limit counts as an improvement; the others are counts that get
// headroom (`headroomPercent`, then rounding, see baselines.ts) and an
// improvement tolerance. JS counts are exact for one checkout, but shift by a
// few allocations with the child's argv and paths (V8's tables grow at other
// moments). Native figures vary between processes: on Node 20 totals by ~0.2%
// with how the kernel splits socket reads, on Node 24 bytes by 10% and more
// (read buffers sized by what is available), remaining blocks with when other
// threads free theirs. So native limits are coarse: +25% (+50% for remaining),
// and only a figure half its limit is an improvement; a copy per frame still
// doubles them.
export const METRICS = [
  {
    metric: 'total_allocations',
    envPrefix: 'MAX_ALLOCS_ALLOWED_',
    defaultLimit: null,
    exact: false,
    headroomPercent: 0.1,
    headroomMinimum: 0,
    improvementPercent: null,
    advisory: false,
  },
  {
    metric: 'total_allocated_bytes',
    envPrefix: 'MAX_ALLOCATED_BYTES_ALLOWED_',
    defaultLimit: null,
    exact: false,
    headroomPercent: 0.1,
    headroomMinimum: 0,
    improvementPercent: null,
    advisory: false,
  },
  {
    metric: 'remaining_allocations',
    envPrefix: 'MAX_REMAINING_ALLOCS_ALLOWED_',
    defaultLimit: 0,
    exact: true,
    headroomPercent: 0,
    headroomMinimum: 0,
    improvementPercent: null,
    advisory: false,
  },
  // Native (malloc-family) figures: null where native counting is unavailable.
  // No default for remaining either: Node's native caches (compiled code,
  // zlib/OpenSSL state) legitimately keep blocks, so a limit is set per test.
  {
    metric: 'total_native_allocations',
    envPrefix: 'MAX_NATIVE_ALLOCS_ALLOWED_',
    defaultLimit: null,
    exact: false,
    headroomPercent: 25,
    headroomMinimum: 50,
    improvementPercent: 50,
    advisory: false,
  },
  {
    metric: 'total_native_allocated_bytes',
    envPrefix: 'MAX_NATIVE_ALLOCATED_BYTES_ALLOWED_',
    defaultLimit: null,
    exact: false,
    headroomPercent: 25,
    headroomMinimum: 65536,
    improvementPercent: 50,
    advisory: true,
  },
  {
    metric: 'remaining_native_allocations',
    envPrefix: 'MAX_NATIVE_REMAINING_ALLOCS_ALLOWED_',
    defaultLimit: null,
    exact: false,
    headroomPercent: 50,
    headroomMinimum: 8,
    improvementPercent: 50,
    advisory: true,
  },
  {
    metric: 'leaked_fds',
    envPrefix: 'MAX_LEAKED_FDS_ALLOWED_',
    defaultLimit: 0,
    exact: true,
    headroomPercent: 0,
    headroomMinimum: 0,
    improvementPercent: null,
    advisory: false,
  },
  {
    metric: 'leaked_handles',
    envPrefix: 'MAX_LEAKED_HANDLES_ALLOWED_',
    defaultLimit: 0,
    exact: true,
    headroomPercent: 0,
    headroomMinimum: 0,
    improvementPercent: null,
    advisory: false,
  },
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
 * Advisory metrics are printed and checked against a limit someone set (env
 * var or baselines.json), but never required, written by --update-baselines
 * or reported as improved: native bytes (Node 24 sizes read buffers by what
 * is available: 3x between runs) and native remaining blocks (2 to 32 between
 * processes of one test) vary too much to gate CI on.
 */
export function isAdvisoryMetric(metric: MetricName): boolean {
  return METRICS.find((m) => m.metric === metric)?.advisory ?? false;
}

export function isExactMetric(metric: MetricName): boolean {
  return METRICS.find((m) => m.metric === metric)?.exact ?? true;
}

/**
 * The improvement tolerance of a metric, when it has its own (native figures,
 * which vary between processes: it is their percentage and headroom minimum);
 * null: the run's --tolerance only.
 */
export function improvementPercentOf(metric: MetricName): { percent: number; minimum: number } | null {
  const spec = METRICS.find((m) => m.metric === metric);
  if (spec?.improvementPercent == null) return null;
  return { percent: spec.improvementPercent, minimum: spec.headroomMinimum };
}

export function headroomOf(metric: MetricName): { percent: number; minimum: number } {
  const spec = METRICS.find((m) => m.metric === metric);
  return { percent: spec?.headroomPercent ?? 0, minimum: spec?.headroomMinimum ?? 0 };
}

/** `test_1000_reqs_1_conn` -> `1000_reqs_1_conn`, as in the limit env vars. */
export function limitName(identifier: string): string {
  return identifier.startsWith('test_') ? identifier.slice('test_'.length) : identifier;
}
