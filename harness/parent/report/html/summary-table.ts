// One row per identifier: each gating figure with its limit, coloured by its
// verdict. Headers sort the rows (the inline script reads data-sort).
import type { JsonReport } from '../json.js';
import { escapeHtml } from './escape.js';
import { firstLine, formatCount } from './format.js';
import {
  type FileEntry,
  fileAnchor,
  type IdentifierEntry,
  identifierAnchor,
  identifierStatus,
  STATUS_LABELS,
  TABLE_METRICS,
  verdictOf,
} from './model.js';

/** Statuses sorted worst first when the status column sorts ascending. */
const STATUS_ORDER = { fail: 0, missing: 1, improved: 2, uncounted: 3, pass: 4 } as const;

function metricCell(id: IdentifierEntry, metric: string): string {
  const verdict = verdictOf(id, metric);
  if (verdict === undefined || verdict.value === null) {
    return `<td class="num status-unavailable" data-sort="-1">–</td>`;
  }
  const limit = verdict.limit === null ? 'no limit' : `≤ ${formatCount(verdict.limit.value)}`;
  const title = `${metric}: ${verdict.status}${verdict.limit === null ? '' : ` (limit from ${verdict.limit.source})`}`;
  return (
    `<td class="num status-${verdict.status}" data-sort="${verdict.value}" title="${escapeHtml(title)}">` +
    `<span class="value">${formatCount(verdict.value)}</span><span class="limit">${escapeHtml(limit)}</span></td>`
  );
}

function identifierRow(file: FileEntry, fileIndex: number, id: IdentifierEntry, idIndex: number): string {
  const status = identifierStatus(id);
  return [
    '<tr>',
    `<td class="file" data-sort="${escapeHtml(file.file)}"><a href="#${fileAnchor(fileIndex)}">${escapeHtml(file.file)}</a></td>`,
    `<td class="identifier" data-sort="${escapeHtml(id.identifier)}"><a href="#${identifierAnchor(fileIndex, idIndex)}">${escapeHtml(id.identifier)}</a></td>`,
    `<td data-sort="${STATUS_ORDER[status]}"><span class="badge ${status}">${STATUS_LABELS[status]}</span></td>`,
    ...TABLE_METRICS.map(({ metric }) => metricCell(id, metric)),
    '</tr>',
  ].join('');
}

/** A file that failed before reporting any identifier still gets a row, so that no failure is missing here. */
function failedFileRow(file: FileEntry, fileIndex: number): string {
  const failure = file.failure!;
  return [
    '<tr>',
    `<td class="file" data-sort="${escapeHtml(file.file)}"><a href="#${fileAnchor(fileIndex)}">${escapeHtml(file.file)}</a></td>`,
    `<td class="identifier" data-sort="">–</td>`,
    `<td data-sort="${STATUS_ORDER.fail}"><span class="badge fail">${escapeHtml(failure.kind)}</span></td>`,
    `<td colspan="${TABLE_METRICS.length}" class="failure-cell">${escapeHtml(firstLine(failure.message))}</td>`,
    '</tr>',
  ].join('');
}

export function renderSummaryTable(report: JsonReport): string {
  const rows: string[] = [];
  report.files.forEach((file, fileIndex) => {
    file.identifiers.forEach((id, idIndex) => {
      rows.push(identifierRow(file, fileIndex, id, idIndex));
    });
    if (file.identifiers.length === 0 && file.failure !== null) rows.push(failedFileRow(file, fileIndex));
  });
  const headers = [
    '<th data-type="text">file</th>',
    '<th data-type="text">identifier</th>',
    '<th data-type="number">status</th>',
    ...TABLE_METRICS.map(({ label }) => `<th data-type="number" class="num">${escapeHtml(label)}</th>`),
  ];
  return [
    '<section class="summary">',
    '<h2>Summary</h2>',
    '<p class="hint">Each cell: the figure, and under it its limit. Click a column header to sort.</p>',
    '<table class="sortable" id="summary-table">',
    `<thead><tr>${headers.join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
    '</section>',
  ].join('\n');
}
