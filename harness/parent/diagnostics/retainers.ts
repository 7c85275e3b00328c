// One shortest retainer path per object, from the snapshot's root, as memlab
// prints them: which variable, property or element keeps a leaked object alive.
//
// A single breadth-first search from the root over every edge except weak
// ones gives, for every reachable node, the edge it was first reached by;
// walking those back from an object gives a shortest path. The search is
// O(nodes + edges) and runs only when a path will be shown.
import type { HeapGraph } from './heap-graph.js';

export interface RetainerStep {
  /** The edge into `node`: a variable or property name, or an element index. */
  edge: string;
  edgeType: string;
  node: string;
  nodeType: string;
  nodeId: number;
  selfSize: number;
}

export interface RetainerPath {
  /** The first node after the snapshot's synthetic root (a GC root category or a global). */
  root: { node: string; nodeType: string; nodeId: number };
  steps: RetainerStep[];
}

/** How a node is named in a path: objects by constructor, closures by function, strings by (a bit of) their value. */
export function nodeLabel(graph: HeapGraph, node: number): string {
  const name = graph.name(node);
  const type = graph.type(node);
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') {
    return JSON.stringify(name.length > 40 ? `${name.slice(0, 37)}...` : name);
  }
  return name === '' ? `(${type})` : name;
}

export function shortestRetainerPaths(graph: HeapGraph, targets: number[]): Map<number, RetainerPath | null> {
  const starts = graph.edgeStarts();
  const edges = graph.rawEdges;
  const typeOffset = graph.edgeTypeFieldOffset;
  const weak = graph.edgeTypeIndex('weak');
  const viaEdge = new Int32Array(graph.nodeCount).fill(-1);
  const fromNode = new Int32Array(graph.nodeCount).fill(-1);
  const visited = new Uint8Array(graph.nodeCount);
  const queue = new Int32Array(graph.nodeCount);
  const wanted = new Set(targets);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  visited[0] = 1;
  let found = 0;
  while (head < tail && found < wanted.size) {
    const node = queue[head++]!;
    if (wanted.has(node)) found++;
    for (let edge = starts[node]!; edge < starts[node + 1]!; edge += graph.edgeFieldCount) {
      if (edges[edge + typeOffset] === weak) continue;
      const target = graph.edgeTarget(edge);
      if (visited[target] === 1) continue;
      visited[target] = 1;
      viaEdge[target] = edge;
      fromNode[target] = node;
      queue[tail++] = target;
    }
  }
  const paths = new Map<number, RetainerPath | null>();
  for (const target of targets) {
    if (visited[target] !== 1 || target === 0) {
      paths.set(target, null);
      continue;
    }
    const chain: number[] = [];
    for (let node = target; node !== 0; node = fromNode[node]!) chain.push(node);
    chain.reverse();
    const first = chain[0]!;
    paths.set(target, {
      root: { node: nodeLabel(graph, first), nodeType: graph.type(first), nodeId: graph.id(first) },
      steps: chain.slice(1).map((node) => {
        const edge = viaEdge[node]!;
        return {
          edge: graph.edgeName(edge),
          edgeType: graph.edgeType(edge),
          node: nodeLabel(graph, node),
          nodeType: graph.type(node),
          nodeId: graph.id(node),
          selfSize: graph.selfSize(node),
        };
      }),
    });
  }
  return paths;
}
