// Turns one heap snapshot taken with V8's allocation tracking on into the
// JS-heap figures of its measurement window.
//
// - trace_tree: every allocation since tracking started, as a call tree of
//   [id, function_info_index, count, size, children]. The sum of count/size is
//   total_allocations/total_allocated_bytes, freed objects included.
// - nodes: the live heap after the snapshot's GC; a non-zero trace_node_id
//   means "allocated while tracking", so those nodes are remaining_allocations.
// Allocations whose own trace node belongs to a function of the harness are
// dropped, and so are those of built-ins (functions without a script, such as
// the Promise constructor) that the harness called directly. Nodes below them
// that run JS of any other script are the workload's and count.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const numberArray = z.custom<number[]>((value) => Array.isArray(value), 'an array of numbers');

const heapSnapshotSchema = z.object({
  snapshot: z.object({
    meta: z.object({
      node_fields: z.array(z.string()),
      node_types: z.array(z.unknown()),
      trace_function_info_fields: z.array(z.string()),
      trace_node_fields: z.array(z.string()),
    }),
    node_count: z.number().int(),
    trace_function_count: z.number().int(),
  }),
  nodes: numberArray,
  trace_function_infos: numberArray,
  trace_tree: z.array(z.unknown()),
  strings: z.array(z.string()),
});
export type HeapSnapshotJson = z.infer<typeof heapSnapshotSchema>;

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

export function readHeapSnapshot(path: string): HeapSnapshotJson {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not a readable heap snapshot: ${(error as Error).message}`);
  }
  const parsed = heapSnapshotSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: not a heap snapshot with an allocation trace: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

function fieldIndex(fields: string[], name: string, where: string): number {
  const index = fields.indexOf(name);
  if (index < 0) throw new Error(`heap snapshot: ${where} has no field '${name}'`);
  return index;
}

export function traceFunctions(snapshot: HeapSnapshotJson): TraceFunction[] {
  const fields = snapshot.snapshot.meta.trace_function_info_fields;
  const width = fields.length;
  const nameAt = fieldIndex(fields, 'name', 'trace_function_info_fields');
  const scriptAt = fieldIndex(fields, 'script_name', 'trace_function_info_fields');
  const lineAt = fieldIndex(fields, 'line', 'trace_function_info_fields');
  const columnAt = fieldIndex(fields, 'column', 'trace_function_info_fields');
  const infos = snapshot.trace_function_infos;
  const functions: TraceFunction[] = [];
  for (let i = 0; i + width <= infos.length; i += width) {
    functions.push({
      name: snapshot.strings[infos[i + nameAt]!] ?? '',
      scriptName: snapshot.strings[infos[i + scriptAt]!] ?? '',
      // V8 stores 0-based positions, -1 when unknown.
      line: infos[i + lineAt]! + 1,
      column: infos[i + columnAt]! + 1,
    });
  }
  return functions;
}

/** Names of the values of the nodes' `type` field (meta.node_types[type index]). */
export function nodeTypeNames(snapshot: HeapSnapshotJson): string[] {
  const typeAt = fieldIndex(snapshot.snapshot.meta.node_fields, 'type', 'node_fields');
  const names = snapshot.snapshot.meta.node_types[typeAt];
  if (!Array.isArray(names)) throw new Error("heap snapshot: meta.node_types has no list of type names");
  return names.map(String);
}

export interface TraceNode {
  id: number;
  functionIndex: number;
  count: number;
  size: number;
  children: TraceNode[];
}

/** The trace tree as objects (roots of the flat encoding). */
export function traceTree(snapshot: HeapSnapshotJson): TraceNode[] {
  const fields = snapshot.snapshot.meta.trace_node_fields;
  const width = fields.length;
  const idAt = fieldIndex(fields, 'id', 'trace_node_fields');
  const functionAt = fieldIndex(fields, 'function_info_index', 'trace_node_fields');
  const countAt = fieldIndex(fields, 'count', 'trace_node_fields');
  const sizeAt = fieldIndex(fields, 'size', 'trace_node_fields');
  const childrenAt = fieldIndex(fields, 'children', 'trace_node_fields');
  const decode = (flat: unknown[]): TraceNode[] => {
    const nodes: TraceNode[] = [];
    for (let i = 0; i + width <= flat.length; i += width) {
      nodes.push({
        id: flat[i + idAt] as number,
        functionIndex: flat[i + functionAt] as number,
        count: flat[i + countAt] as number,
        size: flat[i + sizeAt] as number,
        children: decode(flat[i + childrenAt] as unknown[]),
      });
    }
    return nodes;
  };
  return decode(snapshot.trace_tree);
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

export function jsHeapFigures(snapshot: HeapSnapshotJson, isHarnessScript: (scriptName: string) => boolean): JsHeapFigures {
  const functions = traceFunctions(snapshot);
  const harnessFunction = functions.map((f) => isHarnessScript(f.scriptName));
  const builtinFunction = functions.map((f) => f.scriptName === '');
  const harnessTraceNodes = new Set<number>();
  let total = 0;
  let bytes = 0;
  const stack = traceTree(snapshot).map((node) => ({ node, underHarness: false }));
  while (stack.length > 0) {
    const { node, underHarness } = stack.pop()!;
    const isHarness =
      harnessFunction[node.functionIndex] === true || (underHarness && builtinFunction[node.functionIndex] === true);
    if (isHarness) {
      harnessTraceNodes.add(node.id);
    } else {
      total += node.count;
      bytes += node.size;
    }
    for (const child of node.children) stack.push({ node: child, underHarness: isHarness });
  }

  const nodeFields = snapshot.snapshot.meta.node_fields;
  const width = nodeFields.length;
  const traceAt = fieldIndex(nodeFields, 'trace_node_id', 'node_fields');
  const typeAt = fieldIndex(nodeFields, 'type', 'node_fields');
  const typeNames = nodeTypeNames(snapshot);
  const internalType = typeNames.map((name) => VM_INTERNAL_NODE_TYPES.has(name));
  const nodes = snapshot.nodes;
  let remaining = 0;
  for (let i = 0; i < nodes.length; i += width) {
    const traceNodeId = nodes[i + traceAt]!;
    if (traceNodeId !== 0 && !harnessTraceNodes.has(traceNodeId) && !internalType[nodes[i + typeAt]!]) remaining++;
  }
  return { total_allocations: total, total_allocated_bytes: bytes, remaining_allocations: remaining };
}
