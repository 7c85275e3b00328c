// The remaining allocations of a run. From its heap snapshot, grouped as
// DevTools' summary view groups them: objects by constructor, everything else
// by node type. Without a snapshot (the counting profile knows sites, not
// types), grouped by the function that allocated them.
import {
  type AttributedTrace,
  forEachRemainingNode,
  type HeapSnapshot,
  type WorkloadTraceNode,
} from '../figures/heap-snapshot.js';
import type { HeapGraph } from './heap-graph.js';
import { type SiteLocation, type SourceLocator, siteKey } from './locations.js';

/** Allocation sites listed per group. */
export const SITES_PER_GROUP = 3;

export interface RemainingGroup {
  /** `Foo` for objects made by `new Foo` (`Object` for literals), `(closure)`, `(string)`, `(array)`... */
  group: string;
  count: number;
  bytes: number;
  /** Where the group's objects were allocated, most first. */
  sites: (SiteLocation & { count: number })[];
  /** Node ordinal of one member, whose retainer path is shown; -1 without a snapshot. */
  sampleNode: number;
}

function groupOf(graph: HeapGraph, node: number): string {
  const type = graph.type(node);
  if (type === 'object' || type === 'native') return graph.name(node) || `(${type})`;
  if (type === 'concatenated string' || type === 'sliced string') return '(string)';
  return `(${type})`;
}

export function remainingGroups(
  snapshot: HeapSnapshot,
  graph: HeapGraph,
  trace: AttributedTrace,
  locator: SourceLocator,
): RemainingGroup[] {
  const groups = new Map<string, { group: RemainingGroup; sites: Map<string, SiteLocation & { count: number }> }>();
  forEachRemainingNode(snapshot, trace, (node) => {
    const name = groupOf(graph, node);
    let entry = groups.get(name);
    if (entry === undefined) {
      entry = { group: { group: name, count: 0, bytes: 0, sites: [], sampleNode: node }, sites: new Map() };
      groups.set(name, entry);
    }
    entry.group.count++;
    entry.group.bytes += graph.selfSize(node);
    const traceNode = trace.byTraceNodeId.get(graph.traceNodeId(node));
    const fn = traceNode === undefined ? undefined : trace.functions[traceNode.functionIndex];
    const location = fn === undefined ? { function: '(unknown)', script: '', line: 0, column: 0 } : locator.locate(fn);
    const key = siteKey(location);
    const site = entry.sites.get(key);
    if (site === undefined) entry.sites.set(key, { ...location, count: 1 });
    else site.count++;
  });
  return [...groups.values()]
    .map(({ group, sites }) => ({
      ...group,
      sites: [...sites.values()].sort((a, b) => b.count - a.count).slice(0, SITES_PER_GROUP),
    }))
    .sort((a, b) => b.count - a.count || b.bytes - a.bytes);
}

/** Remaining allocations of a counting profile (attributeProfile), a group per allocating function. */
export function remainingBySite(left: AttributedTrace, locator: SourceLocator): RemainingGroup[] {
  const groups = new Map<string, RemainingGroup>();
  const visit = (node: WorkloadTraceNode): void => {
    if (node.count > 0) {
      const fn = left.functions[node.functionIndex];
      const location =
        fn === undefined ? { function: '(unknown)', script: '', line: 0, column: 0 } : locator.locate(fn);
      const key = siteKey(location);
      const group = groups.get(key);
      if (group === undefined) {
        groups.set(key, {
          group: `(allocated by ${location.function})`,
          count: node.count,
          bytes: node.size,
          sites: [{ ...location, count: node.count }],
          sampleNode: -1,
        });
      } else {
        group.count += node.count;
        group.bytes += node.size;
        group.sites[0]!.count += node.count;
      }
    }
    for (const child of node.children) visit(child);
  };
  for (const root of left.roots) visit(root);
  return [...groups.values()].sort((a, b) => b.count - a.count || b.bytes - a.bytes);
}
