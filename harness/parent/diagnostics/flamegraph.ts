// A self-contained allocation flame graph (SVG, no scripts, no external
// assets): one box per call-tree node, as wide as the allocations it and its
// callees made, callers above callees. Hovering a box shows its site and figures.
import { siteLabel } from './locations.js';
import type { CallTreeNode } from './sites.js';

const WIDTH = 1200;
const ROW = 18;
const TOP = 40;
/** Boxes narrower than this are not drawn (their allocations still widen their callers). */
const MIN_BOX_WIDTH = 0.5;
const CHAR_WIDTH = 6.6;

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

/** Stable colours: the package's own code warm, Node's internals cool, V8 built-ins grey. */
export function colourOf(node: Pick<CallTreeNode, 'script' | 'function'>): string {
  if (node.script === '') return 'hsl(0, 0%, 72%)';
  let hash = 0;
  for (const char of `${node.script}:${node.function}`) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const lightness = 55 + (hash % 20);
  if (node.script.startsWith('node:')) return `hsl(${200 + (hash % 40)}, 55%, ${lightness}%)`;
  return `hsl(${10 + (hash % 40)}, 80%, ${lightness}%)`;
}

export function allocationFlameGraphSvg(
  title: string,
  roots: CallTreeNode[],
  totalCount: number,
  totalBytes: number,
): string {
  const boxes: string[] = [];
  let depthReached = 0;
  const scale = totalCount > 0 ? WIDTH / totalCount : 0;
  const draw = (node: CallTreeNode, x: number, depth: number): void => {
    const width = node.totalCount * scale;
    if (width < MIN_BOX_WIDTH) return;
    depthReached = Math.max(depthReached, depth);
    const y = TOP + depth * ROW;
    const label = siteLabel(node);
    const share = ((node.totalCount / totalCount) * 100).toFixed(1);
    const tooltip =
      `${label} (${node.script || 'built-in'}:${node.line}:${node.column})\n` +
      `${node.totalCount} allocations (${share}%), ${node.totalBytes} bytes with callees; ` +
      `${node.selfCount} allocations, ${node.selfBytes} bytes itself`;
    const fits = Math.floor((width - 6) / CHAR_WIDTH);
    const text = fits >= 3 ? (label.length <= fits ? label : `${label.slice(0, fits - 2)}..`) : '';
    boxes.push(
      `<g><title>${escapeXml(tooltip)}</title>` +
        `<rect x="${x.toFixed(2)}" y="${y}" width="${width.toFixed(2)}" height="${ROW - 1}" fill="${colourOf(node)}" rx="2"/>` +
        (text === '' ? '' : `<text x="${(x + 3).toFixed(2)}" y="${y + ROW - 5}">${escapeXml(text)}</text>`) +
        `</g>`,
    );
    let childX = x;
    for (const child of node.children) {
      draw(child, childX, depth + 1);
      childX += child.totalCount * scale;
    }
  };
  let x = 0;
  for (const root of roots) {
    draw(root, x, 0);
    x += root.totalCount * scale;
  }
  const height = TOP + (depthReached + 1) * ROW + 10;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="monospace" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fdfdf8"/>`,
    `<text x="4" y="16" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="4" y="32">${totalCount} allocations, ${totalBytes} bytes; width: allocations (callers above callees); hover a box for its site</text>`,
    ...boxes,
    `</svg>`,
    '',
  ].join('\n');
}
