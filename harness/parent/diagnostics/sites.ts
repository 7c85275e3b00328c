// Allocation sites of one measured run: the workload's call tree (the trace
// tree without the harness's frames, see attributeTrace) with each function
// placed in its source, and the flat list of sites it adds up to.
import type { AttributedTrace, WorkloadTraceNode } from '../figures/heap-snapshot.js';
import { type SiteLocation, type SourceLocator, siteKey, siteLabel } from './locations.js';

export interface CallTreeNode extends SiteLocation {
  /** Allocations made by this function itself, at this place in the tree. */
  selfCount: number;
  selfBytes: number;
  /** Its own and those of everything it called. */
  totalCount: number;
  totalBytes: number;
  children: CallTreeNode[];
}

/** A call tree pruned for the report: what was cut is summed into `otherCount`/`otherBytes`. */
export interface PrunedCallTreeNode extends SiteLocation {
  selfCount: number;
  selfBytes: number;
  totalCount: number;
  totalBytes: number;
  otherCount: number;
  otherBytes: number;
  children: PrunedCallTreeNode[];
}

export interface SiteTotals extends SiteLocation {
  count: number;
  bytes: number;
  /**
   * The call path of the heaviest place in the tree it allocates at, outermost
   * first, at most CALL_PATH_FRAMES frames; only for the TOP_SITES sites with
   * the most allocations ([] for the others, to keep the report small).
   */
  callPath: string[];
}

export const CALL_PATH_FRAMES = 4;
/** Sites shown by --explain, and the ones that keep their call path in the report. */
export const TOP_SITES = 15;

/**
 * Report pruning rule: a subtree is kept when its total count is at least
 * 0.5% of the run's total allocations (and at least 1); smaller subtrees are
 * summed into their parent's otherCount/otherBytes. The flat site list is
 * never pruned.
 */
export const PRUNE_FRACTION = 0.005;

export function callTreeOf(trace: AttributedTrace, locator: SourceLocator): CallTreeNode[] {
  const locations = trace.functions.map((fn) => locator.locate(fn));
  // Trace nodes lifted out from under different harness frames can repeat a
  // function among siblings: one node per site and parent.
  const build = (nodes: WorkloadTraceNode[]): CallTreeNode[] => {
    const bySite = new Map<string, { location: SiteLocation; nodes: WorkloadTraceNode[] }>();
    for (const node of nodes) {
      const location = locations[node.functionIndex] ?? { function: '?', script: '', line: 0, column: 0 };
      const key = `${siteKey(location)}\u0000${location.line}:${location.column}`;
      const entry = bySite.get(key);
      if (entry === undefined) bySite.set(key, { location, nodes: [node] });
      else entry.nodes.push(node);
    }
    const result: CallTreeNode[] = [];
    for (const { location, nodes: same } of bySite.values()) {
      const children = build(same.flatMap((n) => n.children));
      const selfCount = same.reduce((sum, n) => sum + n.count, 0);
      const selfBytes = same.reduce((sum, n) => sum + n.size, 0);
      result.push({
        ...location,
        selfCount,
        selfBytes,
        totalCount: selfCount + children.reduce((sum, c) => sum + c.totalCount, 0),
        totalBytes: selfBytes + children.reduce((sum, c) => sum + c.totalBytes, 0),
        children,
      });
    }
    return result.filter((n) => n.totalCount > 0).sort((a, b) => b.totalCount - a.totalCount);
  };
  return build(trace.roots);
}

/** Every site with its allocations summed over the tree, most allocations first. */
export function flattenSites(tree: CallTreeNode[]): SiteTotals[] {
  const sites = new Map<string, SiteTotals & { heaviest: number }>();
  const walk = (node: CallTreeNode, path: string[]): void => {
    const here = [...path, siteLabel(node)].slice(-CALL_PATH_FRAMES);
    if (node.selfCount > 0) {
      const key = siteKey(node);
      const site = sites.get(key);
      if (site === undefined) {
        sites.set(key, {
          function: node.function,
          script: node.script,
          line: node.line,
          column: node.column,
          count: node.selfCount,
          bytes: node.selfBytes,
          callPath: here,
          heaviest: node.selfCount,
        });
      } else {
        site.count += node.selfCount;
        site.bytes += node.selfBytes;
        if (node.selfCount > site.heaviest) {
          site.heaviest = node.selfCount;
          site.callPath = here;
        }
      }
    }
    for (const child of node.children) walk(child, here);
  };
  for (const root of tree) walk(root, []);
  return [...sites.values()]
    .map(({ heaviest: _heaviest, ...site }) => site)
    .sort((a, b) => b.count - a.count || b.bytes - a.bytes)
    .map((site, rank) => (rank < TOP_SITES ? site : { ...site, callPath: [] }));
}

export interface PrunedCallTree {
  /** Subtrees below this total count were cut. */
  pruneBelow: number;
  roots: PrunedCallTreeNode[];
  /** What the cut roots allocated. */
  otherCount: number;
  otherBytes: number;
}

export function pruneCallTree(tree: CallTreeNode[], totalCount: number): PrunedCallTree {
  const minimum = Math.max(1, Math.ceil(totalCount * PRUNE_FRACTION));
  const prune = (node: CallTreeNode): PrunedCallTreeNode => {
    const kept = node.children.filter((c) => c.totalCount >= minimum);
    const cut = node.children.filter((c) => c.totalCount < minimum);
    return {
      function: node.function,
      script: node.script,
      line: node.line,
      column: node.column,
      selfCount: node.selfCount,
      selfBytes: node.selfBytes,
      totalCount: node.totalCount,
      totalBytes: node.totalBytes,
      otherCount: cut.reduce((sum, c) => sum + c.totalCount, 0),
      otherBytes: cut.reduce((sum, c) => sum + c.totalBytes, 0),
      children: kept.map(prune),
    };
  };
  const cutRoots = tree.filter((n) => n.totalCount < minimum);
  return {
    pruneBelow: minimum,
    roots: tree.filter((n) => n.totalCount >= minimum).map(prune),
    otherCount: cutRoots.reduce((sum, c) => sum + c.totalCount, 0),
    otherBytes: cutRoots.reduce((sum, c) => sum + c.totalBytes, 0),
  };
}
