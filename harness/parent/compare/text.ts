// The comparison as text for a terminal or a CI log: regressions first, then
// improvements, changes within tolerance, added and removed identifiers; the
// unchanged ones folded to a count.
import { formatComparison } from '../diagnostics/compare.js';
import { IDENTIFIER_STATUSES, type IdentifierDiff } from './diff.js';
import { deltaText, figureText, percentText, statusText } from './numbers.js';
import { type Comparison, SECTION_TITLES, SITES_SHOWN, verdictText } from './summary.js';

const METRIC_WIDTH = 'total_native_allocated_bytes'.length;

/** One aligned line per changed figure: metric, base -> head, delta, percentage, status. */
function figureLines(id: IdentifierDiff, comparison: Comparison): string[] {
  const rows = id.figures
    .filter((f) => f.status !== 'unchanged')
    .map((f) => [
      f.metric,
      figureText(f.base),
      figureText(f.head),
      deltaText(f),
      percentText(f),
      statusText(f, comparison.rules),
    ]);
  const width = (column: number) => Math.max(...rows.map((r) => r[column]!.length));
  return rows.map(
    ([metric, base, head, delta, percent, status]) =>
      `   ${metric!.padEnd(METRIC_WIDTH)} ${base!.padStart(width(1))} -> ${head!.padEnd(width(2))} ${delta!.padStart(width(3))} ${percent!.padStart(width(4))}  ${status}`,
  );
}

function identifierLines(id: IdentifierDiff, comparison: Comparison): string[] {
  const lines = [`${id.identifier} (${id.file})`];
  if (id.status === 'removed') return lines;
  if (id.status === 'added') {
    const figures = id.figures.filter((f) => f.head !== null).map((f) => `${f.metric} ${f.head}`);
    return [`${lines[0]}: ${figures.join(', ') || 'no figures'}`];
  }
  lines.push(...figureLines(id, comparison));
  if (id.sites !== null) lines.push(...formatComparison(id.sites, comparison.base.path, SITES_SHOWN));
  return lines;
}

export function formatComparisonText(comparison: Comparison): string {
  const { base, head, diff } = comparison;
  const lines = [
    `alloc-counter compare: ${base.path} (${base.report.node}) -> ${head.path} (${head.report.node}), ${head.report.runtimeKey}`,
    ...comparison.notes,
    verdictText(diff),
  ];
  for (const status of IDENTIFIER_STATUSES) {
    const ids = diff.identifiers.filter((id) => id.status === status);
    if (ids.length === 0) continue;
    if (status === 'unchanged') {
      lines.push('', `== ${SECTION_TITLES.unchanged}: ${ids.length} identifiers`);
      continue;
    }
    lines.push('', `== ${SECTION_TITLES[status]} (${ids.length})`);
    for (const id of ids) lines.push(...identifierLines(id, comparison));
  }
  return `${lines.join('\n')}\n`;
}
