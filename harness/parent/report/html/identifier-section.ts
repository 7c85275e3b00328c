// One identifier: its figures against their limits, and where its allocations
// come from (the icicle), against the comparison report's when there is one.
import type { JsonReport } from '../json.js';
import { escapeHtml } from './escape.js';
import { renderFigureChart } from './figure-chart.js';
import { formatCount, formatSigned } from './format.js';
import { type IcicleCellData, renderIcicle } from './icicle.js';
import { renderLoadTable } from './load-table.js';
import { findIdentifier, type IdentifierEntry, identifierStatus, STATUS_LABELS } from './model.js';

/** The icicles' cells by key, embedded in the page for the inline script. */
export type IcicleDataSink = Map<string, IcicleCellData[]>;

const ICICLE_HINT = 'width: allocations, callers above callees; hover a cell for details, click to zoom';

function icicleFigure(caption: string, html: string): string {
  return [
    '<figure class="icicle-box">',
    `<figcaption>${escapeHtml(caption)} <span class="hint">(${ICICLE_HINT})</span></figcaption>`,
    html,
    '</figure>',
  ].join('\n');
}

function icicles(anchor: string, id: IdentifierEntry, base: IdentifierEntry | undefined, sink: IcicleDataSink): string {
  const diagnostics = id.diagnostics ?? null;
  if (diagnostics === null) {
    return '<p class="hint">No allocation call tree (run without --no-count, with a version of alloc-counter that writes diagnostics).</p>';
  }
  const parts: string[] = [];
  const tree = renderIcicle(`${anchor}-tree`, diagnostics, null);
  sink.set(`${anchor}-tree`, tree.cells);
  const caption = `Allocation call tree of measured run ${diagnostics.run + 1}: ${formatCount(diagnostics.totalCount)} allocations, ${formatCount(diagnostics.totalBytes)} bytes`;
  parts.push(icicleFigure(caption, tree.html));
  const baseDiagnostics = base?.diagnostics ?? null;
  if (baseDiagnostics !== null) {
    const diff = renderIcicle(`${anchor}-diff`, diagnostics, baseDiagnostics);
    sink.set(`${anchor}-diff`, diff.cells);
    const change = formatSigned(diagnostics.totalCount - baseDiagnostics.totalCount);
    const diffCaption = `Against the base: ${formatCount(baseDiagnostics.totalCount)} → ${formatCount(diagnostics.totalCount)} allocations (${change})`;
    parts.push(icicleFigure(diffCaption, diff.html));
  }
  return parts.join('\n');
}

function baseNote(comparison: JsonReport | null, base: IdentifierEntry | undefined): string {
  if (comparison === null) return '';
  if (base === undefined) return '<p class="hint">Not in the comparison report.</p>';
  return base.diagnostics == null ? '<p class="hint">The comparison report has no call tree for it.</p>' : '';
}

export function renderIdentifierSection(
  anchor: string,
  id: IdentifierEntry,
  comparison: JsonReport | null,
  sink: IcicleDataSink,
): string {
  const status = identifierStatus(id);
  const base = findIdentifier(comparison, id.identifier);
  const chart =
    id.figures === null
      ? id.load == null
        ? '<p class="hint">Not counted (--no-count).</p>'
        : ''
      : `<div class="chart-box">${renderFigureChart(id, base?.figures ?? null)}${chartLegend(base !== undefined)}</div>`;
  return [
    `<section class="identifier" id="${anchor}">`,
    `<h3><span class="name">${escapeHtml(id.identifier)}</span> <span class="badge ${status}">${STATUS_LABELS[status]}</span></h3>`,
    renderLoadTable(id),
    chart,
    baseNote(comparison, base),
    icicles(anchor, id, base, sink),
    '</section>',
  ].join('\n');
}

function chartLegend(withBase: boolean): string {
  const base = withBase ? ' <span class="swatch base"></span>base figure' : '';
  return `<p class="legend"><span class="swatch bar-pass"></span>figure <span class="swatch limit"></span>limit${base}</p>`;
}
