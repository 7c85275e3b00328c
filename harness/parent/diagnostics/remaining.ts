// The remaining allocations of a run, grouped as DevTools' summary view
// groups them: objects by constructor, everything else by node type.
import { type AttributedTrace, forEachRemainingNode, type HeapSnapshot } from '../figures/heap-snapshot.js';
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
  /** Node ordinal of one member, whose retainer path is shown. */
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
