// Turns a run's two counting profiles (child/measure.ts; written by
// tracker_counting.cc) into its JS-heap figures:
//   totals profile      every allocation of the totals window, as a call tree:
//                       total_allocations and total_allocated_bytes;
//   remaining profile   the allocations of the remaining window still alive
//                       after its full GC: remaining_allocations.
// Each file is {"nodes": [[id, parentId, name, script, line, column, count, bytes], ...]},
// parents before children, with each node's own samples (one per allocation).
// Both go through attributeTrace's rule (heap-snapshot.ts): the harness's frames,
// and built-ins it called directly, are dropped.
import { readFileSync } from 'node:fs';
import type { AttributedTrace, TraceFunction, WorkloadTraceNode } from './heap-snapshot.js';

export interface ProfileNode {
  id: number;
  parentId: number;
  fn: TraceFunction;
  count: number;
  bytes: number;
}

/**
 * Names V8's sampling profiler gives allocations made with no JS on the stack,
 * by the VM's state (SamplingHeapProfiler::AddStack). V8's allocation tracker
 * puts those on its root node; so do we, so that sites read as they always did.
 */
const VM_STATE_NODES = new Set([
  '(GC)',
  '(PARSER)',
  '(COMPILER)',
  '(BYTECODE_COMPILER)',
  '(V8 API)',
  '(EXTERNAL)',
  '(IDLE)',
  '(JS)',
  '(LOGGING)',
]);

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function parseNode(row: unknown, where: string): ProfileNode {
  if (!Array.isArray(row) || row.length !== 8) throw new Error(`${where}: not an 8-field node`);
  const [id, parentId, name, scriptName, line, column, count, bytes] = row as unknown[];
  if (![id, parentId, line, column, count, bytes].every(isCount)) throw new Error(`${where}: a field is not a count`);
  if (typeof name !== 'string' || typeof scriptName !== 'string') throw new Error(`${where}: a name is not a string`);
  return {
    id: id as number,
    parentId: parentId as number,
    fn: { name, scriptName, line: line as number, column: column as number },
    count: count as number,
    bytes: bytes as number,
  };
}

/** The nodes of a counting profile, root first; a one-line error naming the file otherwise. */
export function readCountingProfile(path: string): ProfileNode[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not a readable counting profile: ${(error as Error).message}`);
  }
  const rows = (json as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(rows) || rows.length === 0) throw new Error(`${path}: not a counting profile: no nodes`);
  const nodes = rows.map((row, i) => parseNode(row, `${path}: node ${i}`));
  const seen = new Set<number>();
  for (const [i, node] of nodes.entries()) {
    if (i > 0 && !seen.has(node.parentId)) throw new Error(`${path}: node ${i} comes before its parent`);
    seen.add(node.id);
  }
  return nodes;
}

/** VM-state leaves under the root: their allocations are the root's own. */
function foldVmStateNodes(nodes: ProfileNode[]): ProfileNode[] {
  const root = nodes[0]!;
  const parents = new Set(nodes.map((n) => n.parentId));
  const folded = { ...root };
  const kept = nodes.slice(1).filter((node) => {
    const vmState =
      node.parentId === root.id &&
      node.fn.scriptName === '' &&
      VM_STATE_NODES.has(node.fn.name) &&
      !parents.has(node.id);
    if (vmState) {
      folded.count += node.count;
      folded.bytes += node.bytes;
    }
    return !vmState;
  });
  return [folded, ...kept];
}

function functionIndexer(functions: TraceFunction[]): (fn: TraceFunction) => number {
  const indexOf = new Map<string, number>();
  return (fn) => {
    const key = `${fn.name}\0${fn.scriptName}\0${fn.line}\0${fn.column}`;
    let index = indexOf.get(key);
    if (index === undefined) {
      index = functions.push(fn) - 1;
      indexOf.set(key, index);
    }
    return index;
  };
}

/** The workload's call tree of a profile: the same rule, and the same shape, as attributeTrace's. */
export function attributeProfile(
  profileNodes: ProfileNode[],
  isHarnessScript: (scriptName: string) => boolean,
): AttributedTrace {
  const attributed: AttributedTrace = {
    functions: [],
    roots: [],
    byTraceNodeId: new Map(),
    harnessTraceNodeIds: new Set(),
    totalCount: 0,
    totalBytes: 0,
  };
  const indexOf = functionIndexer(attributed.functions);
  // Per profile node: its nearest workload ancestor-or-self, and whether it is under the harness.
  const placed = new Map<number, { parent: WorkloadTraceNode | null; underHarness: boolean }>();
  for (const node of foldVmStateNodes(profileNodes)) {
    const above = placed.get(node.parentId) ?? { parent: null, underHarness: false };
    const isHarness = isHarnessScript(node.fn.scriptName) || (above.underHarness && node.fn.scriptName === '');
    if (isHarness) {
      attributed.harnessTraceNodeIds.add(node.id);
      placed.set(node.id, { parent: above.parent, underHarness: true });
      continue;
    }
    const traceNode: WorkloadTraceNode = {
      traceNodeId: node.id,
      functionIndex: indexOf(node.fn),
      count: node.count,
      size: node.bytes,
      children: [],
      parent: above.parent,
    };
    (above.parent === null ? attributed.roots : above.parent.children).push(traceNode);
    attributed.byTraceNodeId.set(node.id, traceNode);
    attributed.totalCount += node.count;
    attributed.totalBytes += node.bytes;
    placed.set(node.id, { parent: traceNode, underHarness: false });
  }
  return attributed;
}
