// The parts of a --json report the page is built from, and how the page names
// and orders them.
import { loadFailed } from '../../load/load-result.js';
import type { JsonReport } from '../json.js';

export type FileEntry = JsonReport['files'][number];
export type IdentifierEntry = FileEntry['identifiers'][number];
export type VerdictEntry = IdentifierEntry['verdicts'][number];
export type VerdictStatus = VerdictEntry['status'];
export type IdentifierStatus = 'fail' | 'missing' | 'improved' | 'pass' | 'uncounted';

/** The summary table's columns: the figures CI gates on (the advisory native ones are in each chart). */
export const TABLE_METRICS = [
  { metric: 'total_allocations', label: 'allocations' },
  { metric: 'total_allocated_bytes', label: 'bytes' },
  { metric: 'remaining_allocations', label: 'remaining' },
  { metric: 'total_native_allocations', label: 'native allocs' },
  { metric: 'leaked_fds', label: 'fds' },
  { metric: 'leaked_handles', label: 'handles' },
] as const;

/** The worst verdict wins: a failure hides an improvement elsewhere. */
export function identifierStatus(id: IdentifierEntry): IdentifierStatus {
  if (loadFailed(id.load)) return 'fail';
  if (id.figures === null) return id.load == null ? 'uncounted' : 'pass';
  const statuses = new Set(id.verdicts.map((v) => v.status));
  if (statuses.has('fail')) return 'fail';
  if (statuses.has('missing')) return 'missing';
  if (statuses.has('improved')) return 'improved';
  return 'pass';
}

export const STATUS_LABELS: Record<IdentifierStatus | VerdictStatus, string> = {
  fail: 'fail',
  missing: 'no limit',
  improved: 'improved',
  pass: 'pass',
  uncounted: 'not counted',
  unavailable: 'unavailable',
  unchecked: 'unchecked',
};

/** Element ids made from positions, never from names, so a name cannot break an id or a selector. */
export function fileAnchor(fileIndex: number): string {
  return `file-${fileIndex}`;
}

export function identifierAnchor(fileIndex: number, idIndex: number): string {
  return `id-${fileIndex}-${idIndex}`;
}

export function verdictOf(id: IdentifierEntry, metric: string): VerdictEntry | undefined {
  return id.verdicts.find((v) => v.metric === metric);
}

/** The same identifier in the comparison report, when it is there. */
export function findIdentifier(report: JsonReport | null, identifier: string): IdentifierEntry | undefined {
  if (report === null) return undefined;
  for (const file of report.files) {
    const found = file.identifiers.find((id) => id.identifier === identifier);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function isBytesMetric(metric: string): boolean {
  return metric.endsWith('_bytes');
}
