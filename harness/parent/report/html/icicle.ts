// An identifier's allocation call tree as an inline SVG icicle, with the data
// the inline script shows on hover and zooms with. Given the base's diagnostics,
// the cells are coloured by change against it instead of by script.
import { colourOf } from '../../diagnostics/flamegraph.js';
import type { IdentifierDiagnostics } from '../../diagnostics/schema.js';
import type { PrunedCallTreeNode } from '../../diagnostics/sites.js';
import { escapeHtml } from './escape.js';
import { formatCount, formatSigned } from './format.js';
import { type CellChange, changeColour, diffIcicle, largestChange, type TreeDiff } from './icicle-diff.js';
import { type IcicleCell, layoutIcicle } from './icicle-layout.js';

/** viewBox units; the SVG is scaled to the page's width. The inline script uses the same figures. */
export const ICICLE_WIDTH = 1000;
export const ICICLE_ROW = 18;
const CHAR_WIDTH = 6.6;

/** A cell as the page's script reads it: its call-tree node without the subtree, and its place. */
export interface IcicleCellData extends Omit<PrunedCallTreeNode, 'children'> {
  label: string;
  depth: number;
  x0: number;
  x1: number;
  change: CellChange | null;
}

export interface RenderedIcicle {
  html: string;
  cells: IcicleCellData[];
}

/** The label cut to what fits in a cell, or nothing for a narrow one. */
export function fittedLabel(label: string, width: number): string {
  const fits = Math.floor((width - 6) / CHAR_WIDTH);
  if (fits < 3) return '';
  return label.length <= fits ? label : `${label.slice(0, fits - 1)}…`;
}

function tooltipOf(cell: IcicleCell, change: CellChange | null): string {
  const { node } = cell;
  const lines = [
    cell.depth === 0 ? cell.label : `${cell.label} (${node.script || 'built-in'}:${node.line}:${node.column})`,
    `total ${formatCount(node.totalCount)} allocations, ${formatCount(node.totalBytes)} bytes; ` +
      `self ${formatCount(node.selfCount)} allocations, ${formatCount(node.selfBytes)} bytes`,
  ];
  if (change !== null) lines.push(changeText(change));
  return lines.join('\n');
}

export function changeText(change: CellChange): string {
  if (change.match === 'new') return 'not in the base';
  return `own ${formatSigned(change.ownChange)} against the base (${formatCount(change.baseOwn)}), total ${formatSigned(change.totalChange)}`;
}

function cellSvg(cell: IcicleCell, index: number, fill: string, change: CellChange | null): string {
  const x = cell.x0 * ICICLE_WIDTH;
  const width = (cell.x1 - cell.x0) * ICICLE_WIDTH;
  const y = cell.depth * ICICLE_ROW;
  const text = fittedLabel(cell.label, width);
  return (
    `<g class="cell" data-i="${index}"><title>${escapeHtml(tooltipOf(cell, change))}</title>` +
    `<rect x="${x.toFixed(2)}" y="${y}" width="${width.toFixed(2)}" height="${ICICLE_ROW - 1}" fill="${fill}"/>` +
    `<text x="${(x + 3).toFixed(2)}" y="${y + ICICLE_ROW - 5}">${escapeHtml(text)}</text></g>`
  );
}

function cellData(cell: IcicleCell, change: CellChange | null): IcicleCellData {
  // Every figure of the node, but not its subtree: the page holds each cell once.
  const { children: _subtree, ...node } = cell.node;
  return { label: cell.label, ...node, depth: cell.depth, x0: cell.x0, x1: cell.x1, change };
}

function goneNote(diff: TreeDiff): string {
  if (diff.gonePaths === 0) return '';
  return `<p class="hint">${formatCount(diff.gonePaths)} call paths of the base are gone (${formatCount(diff.goneCount)} allocations of their own).</p>`;
}

const DIFF_LEGEND =
  '<p class="legend"><span class="swatch grew"></span>own allocations grew <span class="swatch shrank"></span>shrank ' +
  '<span class="swatch same"></span>unchanged (darker: a larger change; a path new in the head counts as grown)</p>';

/** key: the icicle's id in the page's data; base: the comparison's diagnostics for a differential icicle. */
export function renderIcicle(
  key: string,
  diagnostics: IdentifierDiagnostics,
  base: IdentifierDiagnostics | null,
): RenderedIcicle {
  const cells = layoutIcicle(diagnostics);
  const diff = base === null ? null : diffIcicle(cells, base);
  const largest = diff === null ? 0 : largestChange(diff.changes);
  const changeAt = (index: number): CellChange | null => diff?.changes[index] ?? null;
  const fillOf = (cell: IcicleCell, index: number): string => {
    const change = changeAt(index);
    if (change !== null) return changeColour(change, largest);
    return cell.depth === 0 ? 'hsl(40, 20%, 82%)' : colourOf(cell.node);
  };
  const height = (Math.max(...cells.map((cell) => cell.depth)) + 1) * ICICLE_ROW;
  const svg = [
    `<svg class="icicle" data-icicle="${escapeHtml(key)}" viewBox="0 0 ${ICICLE_WIDTH} ${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="allocation call tree">`,
    ...cells.map((cell, index) => cellSvg(cell, index, fillOf(cell, index), changeAt(index))),
    '</svg>',
  ];
  const extra = diff === null ? [] : [DIFF_LEGEND, goneNote(diff)];
  return {
    html: [...svg, ...extra].join('\n'),
    cells: cells.map((cell, index) => cellData(cell, changeAt(index))),
  };
}
