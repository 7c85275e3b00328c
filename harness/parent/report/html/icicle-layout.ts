// An allocation call tree laid out as an icicle: one cell per node, callers
// above callees, each as wide as its totalCount. A cell for the whole run sits
// on top, so the widths add up to the run's total and the top-level subtrees
// cut by pruning show as the gap under it.
import type { SiteLocation } from '../../diagnostics/locations.js';
import { siteKey, siteLabel } from '../../diagnostics/locations.js';
import type { IdentifierDiagnostics } from '../../diagnostics/schema.js';
import type { PrunedCallTreeNode } from '../../diagnostics/sites.js';

export interface IcicleCell {
  node: PrunedCallTreeNode;
  label: string;
  depth: number;
  /** Left and right edges as fractions of the run's total. */
  x0: number;
  x1: number;
  /** The node's path from the top: function, script and line of every frame. */
  pathKey: string;
  /** The same path with named functions matched by script and name, so that a function moved by an edit matches. */
  looseKey: string;
}

const exactSegment = (site: SiteLocation): string => `${site.function}\u0000${site.script}\u0000${site.line}`;

/** The whole run, as the root of every tree: its own allocations are those of the cut subtrees. */
function runNode(diagnostics: IdentifierDiagnostics): PrunedCallTreeNode {
  const { callTree } = diagnostics;
  return {
    function: '(all)',
    script: '',
    line: 0,
    column: 0,
    selfCount: 0,
    selfBytes: 0,
    totalCount: Math.max(diagnostics.totalCount, sum(callTree.roots.map((r) => r.totalCount)) + callTree.otherCount),
    totalBytes: diagnostics.totalBytes,
    otherCount: callTree.otherCount,
    otherBytes: callTree.otherBytes,
    children: callTree.roots,
  };
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** Cells in depth-first order (callers before callees); the first is the whole run. */
export function layoutIcicle(diagnostics: IdentifierDiagnostics): IcicleCell[] {
  const root = runNode(diagnostics);
  const total = root.totalCount;
  const cells: IcicleCell[] = [];
  const visit = (node: PrunedCallTreeNode, depth: number, x0: number, pathKey: string, looseKey: string): void => {
    if (node.totalCount <= 0 && depth > 0) return;
    const width = total > 0 ? node.totalCount / total : depth === 0 ? 1 : 0;
    const label = depth === 0 ? 'all allocations' : siteLabel(node);
    cells.push({ node, label, depth, x0, x1: x0 + width, pathKey, looseKey });
    let x = x0;
    for (const child of node.children) {
      visit(child, depth + 1, x, `${pathKey}\u0001${exactSegment(child)}`, `${looseKey}\u0001${siteKey(child)}`);
      x += total > 0 ? child.totalCount / total : 0;
    }
  };
  visit(root, 0, 0, '', '');
  return cells;
}

/** What the cell's own width shows: its allocations and those of its callees cut by pruning. */
export function ownCount(node: PrunedCallTreeNode): number {
  return node.selfCount + node.otherCount;
}
