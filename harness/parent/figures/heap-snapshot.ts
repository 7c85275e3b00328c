// Turns one heap snapshot taken with V8's allocation tracking on into the
// JS-heap figures of its measurement window.
//
// - trace_tree: every allocation since tracking started, as a call tree of
//   [id, function_info_index, count, size, children]. The sum of count/size is
//   total_allocations/total_allocated_bytes, freed objects included.
// - nodes: the live heap after the snapshot's GC; a non-zero trace_node_id
//   means "allocated while tracking", so those nodes are remaining_allocations.
// Allocations whose own trace node belongs to a function of the harness are
// dropped (attributeTrace: the one rule, also used for allocation sites), and so are those of built-ins (functions without a script, such as
// the Promise constructor) that the harness called directly. Nodes below them
// that run JS of any other script are the workload's and count.
import { type HeapSnapshot, readSnapshotFile } from './snapshot-reader.js';

export type { HeapSnapshot } from './snapshot-reader.js';

export interface JsHeapFigures {
  total_allocations: number;
  total_allocated_bytes: number;
  remaining_allocations: number;
}

export interface TraceFunction {
  name: string;
  scriptName: string;
  line: number;
  column: number;
}

/** The snapshot's arrays, read streaming (figures/snapshot-reader.ts). */
export function readHeapSnapshot(path: string): HeapSnapshot {
  return readSnapshotFile(path);
}

export function fieldIndex(fields: string[], name: string, where: string): number {
  const index = fields.indexOf(name);
  if (index < 0) throw new Error(`heap snapshot: ${where} has no field '${name}'`);
  return index;
}

/** The positions of several fields of one record layout, by name. */
function fieldIndices<N extends string>(fields: string[], names: readonly N[], where: string): Record<N, number> {
  return Object.fromEntries(names.map((name) => [name, fieldIndex(fields, name, where)])) as Record<N, number>;
}

export function traceFunctions(snapshot: HeapSnapshot): TraceFunction[] {
  const fields = snapshot.meta.trace_function_info_fields;
  const width = fields.length;
  const at = fieldIndices(fields, ['name', 'script_name', 'line', 'column'], 'trace_function_info_fields');
  const infos = snapshot.traceFunctionInfos;
  const functions: TraceFunction[] = [];
  for (let i = 0; i + width <= infos.length; i += width) {
    functions.push({
      name: snapshot.strings[infos[i + at.name]!] ?? '',
      scriptName: snapshot.strings[infos[i + at.script_name]!] ?? '',
      // V8's allocation tracker already stores 1-based positions (0 when unknown).
      line: infos[i + at.line]!,
      column: infos[i + at.column]!,
    });
  }
  return functions;
}

/** Names of the values of the nodes' `type` field (meta.node_types[type index]). */
export function nodeTypeNames(snapshot: HeapSnapshot): string[] {
  const typeAt = fieldIndex(snapshot.meta.node_fields, 'type', 'node_fields');
  const names = snapshot.meta.node_types[typeAt];
  if (!Array.isArray(names)) throw new Error('heap snapshot: meta.node_types has no list of type names');
  return names.map(String);
}

/** Does a script name (a path or a file: URL) belong to the harness's own files? */
export function harnessScriptMatcher(harnessDir: string): (scriptName: string) => boolean {
  const asUrl = `file://${harnessDir}/`;
  const asPath = `${harnessDir}/`;
  return (scriptName) => scriptName.startsWith(asUrl) || scriptName.startsWith(asPath);
}

/**
 * Node types that are V8's own bookkeeping rather than objects of the program:
 * compiled code and inline-cache handlers ("code"), maps ("object shape"),
 * feedback and property-array internals ("hidden"), and synthetic roots. V8
 * creates them while code warms up, at moments that vary from run to run, so
 * they never count as remaining allocations.
 */
export const VM_INTERNAL_NODE_TYPES = new Set(['code', 'object shape', 'hidden', 'synthetic']);

/** A trace-tree node of the workload: its own allocations, and its workload callees. */
export interface WorkloadTraceNode {
  traceNodeId: number;
  functionIndex: number;
  count: number;
  size: number;
  children: WorkloadTraceNode[];
  parent: WorkloadTraceNode | null;
}

/**
 * The trace tree split into the harness's part and the workload's: the one
 * rule that both the figures and the allocation sites use.
 */
export interface AttributedTrace {
  functions: TraceFunction[];
  /**
   * The workload's call tree: harness nodes removed, their children lifted to
   * the nearest workload ancestor (a root when there is none).
   */
  roots: WorkloadTraceNode[];
  byTraceNodeId: Map<number, WorkloadTraceNode>;
  harnessTraceNodeIds: Set<number>;
  totalCount: number;
  totalBytes: number;
}

export function attributeTrace(
  snapshot: HeapSnapshot,
  isHarnessScript: (scriptName: string) => boolean,
): AttributedTrace {
  const functions = traceFunctions(snapshot);
  const harnessFunction = functions.map((f) => isHarnessScript(f.scriptName));
  const builtinFunction = functions.map((f) => f.scriptName === '');
  const fields = snapshot.meta.trace_node_fields;
  const width = fields.length;
  const at = fieldIndices(fields, ['id', 'function_info_index', 'count', 'size', 'children'], 'trace_node_fields');
  const attributed: AttributedTrace = {
    functions,
    roots: [],
    byTraceNodeId: new Map(),
    harnessTraceNodeIds: new Set(),
    totalCount: 0,
    totalBytes: 0,
  };
  // Explicit stack: trace trees of deep recursions would overflow the JS stack.
  const stack: { flat: unknown[]; parent: WorkloadTraceNode | null; underHarness: boolean }[] = [
    { flat: snapshot.traceTree, parent: null, underHarness: false },
  ];
  while (stack.length > 0) {
    const { flat, parent, underHarness } = stack.pop()!;
    for (let i = 0; i + width <= flat.length; i += width) {
      const functionIndex = flat[i + at.function_info_index] as number;
      const traceNodeId = flat[i + at.id] as number;
      const isHarness =
        harnessFunction[functionIndex] === true || (underHarness && builtinFunction[functionIndex] === true);
      let workloadParent = parent;
      if (isHarness) {
        attributed.harnessTraceNodeIds.add(traceNodeId);
      } else {
        const node: WorkloadTraceNode = {
          traceNodeId,
          functionIndex,
          count: flat[i + at.count] as number,
          size: flat[i + at.size] as number,
          children: [],
          parent,
        };
        (parent === null ? attributed.roots : parent.children).push(node);
        attributed.byTraceNodeId.set(traceNodeId, node);
        attributed.totalCount += node.count;
        attributed.totalBytes += node.size;
        workloadParent = node;
      }
      stack.push({ flat: flat[i + at.children] as unknown[], parent: workloadParent, underHarness: isHarness });
    }
  }
  return attributed;
}

/**
 * Calls visit(node ordinal) for every remaining allocation: a live node
 * allocated while tracking, not by the harness, not V8's own bookkeeping.
 */
export function forEachRemainingNode(
  snapshot: HeapSnapshot,
  trace: AttributedTrace,
  visit: (ordinal: number) => void,
): void {
  const nodeFields = snapshot.meta.node_fields;
  const width = nodeFields.length;
  const traceAt = fieldIndex(nodeFields, 'trace_node_id', 'node_fields');
  const typeAt = fieldIndex(nodeFields, 'type', 'node_fields');
  const internalType = nodeTypeNames(snapshot).map((name) => VM_INTERNAL_NODE_TYPES.has(name));
  const nodes = snapshot.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const traceNodeId = nodes[i + traceAt]!;
    if (traceNodeId !== 0 && !trace.harnessTraceNodeIds.has(traceNodeId) && !internalType[nodes[i + typeAt]!]) {
      visit(i / width);
    }
  }
}

export function figuresOfTrace(snapshot: HeapSnapshot, trace: AttributedTrace): JsHeapFigures {
  let remaining = 0;
  forEachRemainingNode(snapshot, trace, () => remaining++);
  return {
    total_allocations: trace.totalCount,
    total_allocated_bytes: trace.totalBytes,
    remaining_allocations: remaining,
  };
}

export function jsHeapFigures(snapshot: HeapSnapshot, isHarnessScript: (scriptName: string) => boolean): JsHeapFigures {
  return figuresOfTrace(snapshot, attributeTrace(snapshot, isHarnessScript));
}
