// The figures reported for every identifier, in output order, with the env
// var that limits each (DESIGN.md). <name> is the identifier without `test_`.
// `exact` metrics get limits equal to the figure (no headroom) and any figure
// below the limit counts as an improvement; the others are counts that get
// headroom and an improvement tolerance.
export const METRICS = [
  { metric: 'total_allocations', envPrefix: 'MAX_ALLOCS_ALLOWED_', defaultLimit: null, exact: false },
  { metric: 'total_allocated_bytes', envPrefix: 'MAX_ALLOCATED_BYTES_ALLOWED_', defaultLimit: null, exact: false },
  { metric: 'remaining_allocations', envPrefix: 'MAX_REMAINING_ALLOCS_ALLOWED_', defaultLimit: 0, exact: true },
  { metric: 'leaked_fds', envPrefix: 'MAX_LEAKED_FDS_ALLOWED_', defaultLimit: 0, exact: true },
  { metric: 'leaked_handles', envPrefix: 'MAX_LEAKED_HANDLES_ALLOWED_', defaultLimit: 0, exact: true },
] as const;

export type MetricName = (typeof METRICS)[number]['metric'];
export type Figures = Record<MetricName, number>;
export const METRIC_NAMES: MetricName[] = METRICS.map((m) => m.metric);

export function isExactMetric(metric: MetricName): boolean {
  return METRICS.find((m) => m.metric === metric)?.exact ?? true;
}

/** `test_1000_reqs_1_conn` -> `1000_reqs_1_conn`, as in the limit env vars. */
export function limitName(identifier: string): string {
  return identifier.startsWith('test_') ? identifier.slice('test_'.length) : identifier;
}
