// The comparison as a GitHub pull-request comment: the verdict, one table row
// per changed figure (regressions first), added and removed identifiers, the
// allocation sites that moved, and the unchanged identifiers folded away.
import { siteLabel } from '../diagnostics/locations.js';
import type { IdentifierDiff } from './diff.js';
import { escapeMarkdown as md } from './escape.js';
import { deltaText, figureText, percentText, signed, statusText } from './numbers.js';
import { type Comparison, SITES_SHOWN, verdictText } from './summary.js';

const row = (cells: string[]): string => `| ${cells.join(' | ')} |`;

function figureRows(id: IdentifierDiff, comparison: Comparison): string[] {
  const changed = id.figures.filter((f) => f.status !== 'unchanged');
  return changed.map((f, index) => {
    const status = statusText(f, comparison.rules);
    const metric = f.status === 'regression' ? `**${f.metric}** ${status}` : `${f.metric} ${status}`;
    const name = index === 0 ? md(id.identifier) : '';
    return row([name, metric, figureText(f.base), figureText(f.head), deltaText(f), percentText(f)]);
  });
}

function figuresTable(changed: IdentifierDiff[], comparison: Comparison): string[] {
  if (changed.length === 0) return [];
  return [
    row(['identifier', 'metric', 'base', 'head', 'delta', '%']),
    row(['---', '---', '---:', '---:', '---:', '---:']),
    ...changed.flatMap((id) => figureRows(id, comparison)),
    '',
  ];
}

function onOneSide(ids: IdentifierDiff[], label: string): string[] {
  if (ids.length === 0) return [];
  return [`**${label}:** ${ids.map((id) => `${md(id.identifier)} (${md(id.file)})`).join(', ')}`, ''];
}

function sitesBlock(changed: IdentifierDiff[]): string[] {
  const withSites = changed.filter((id) => id.sites !== null);
  if (withSites.length === 0) return [];
  const lines = [`<details><summary>Allocation sites that changed (top ${SITES_SHOWN} per identifier)</summary>`, ''];
  for (const { sites } of withSites) {
    const { identifier, totalBefore, totalAfter, changes } = sites!;
    lines.push(
      `**${md(identifier)}**: ${totalBefore} → ${totalAfter} allocations (${signed(totalAfter - totalBefore)}), ${changes.length} sites changed`,
      '',
      row(['site', 'allocations', 'base', 'head', 'bytes']),
      row(['---', '---:', '---:', '---:', '---:']),
      ...changes
        .slice(0, SITES_SHOWN)
        .map((c) =>
          row([md(siteLabel(c)), signed(c.countChange), String(c.before), String(c.after), signed(c.bytesChange)]),
        ),
      '',
    );
  }
  return [...lines, '</details>', ''];
}

function unchangedBlock(unchanged: IdentifierDiff[]): string[] {
  if (unchanged.length === 0) return [];
  return [
    `<details><summary>${unchanged.length} unchanged identifiers</summary>`,
    '',
    row(['identifier', 'file']),
    row(['---', '---']),
    ...unchanged.map((id) => row([md(id.identifier), md(id.file)])),
    '',
    '</details>',
    '',
  ];
}

export function formatComparisonMarkdown(comparison: Comparison): string {
  const { base, head, diff } = comparison;
  const of = (status: IdentifierDiff['status']) => diff.identifiers.filter((id) => id.status === status);
  const changed = diff.identifiers.filter((id) => ['regression', 'improvement', 'changed'].includes(id.status));
  const mark = diff.counts.regression > 0 ? ':x:' : ':white_check_mark:';
  const lines = [
    `### ${mark} alloc-counter: ${verdictText(diff)}`,
    '',
    `${md(base.path)} (${md(base.report.node)}) → ${md(head.path)} (${md(head.report.node)}), ${md(head.report.runtimeKey)}`,
    '',
    ...comparison.notes.flatMap((note) => [`> ${md(note)}`, '']),
    ...figuresTable(changed, comparison),
    ...onOneSide(of('added'), 'Added'),
    ...onOneSide(of('removed'), 'Removed'),
    ...sitesBlock(changed),
    ...unchangedBlock(of('unchanged')),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
