#!/usr/bin/env node
// Lists the remaining allocations of a heap snapshot kept with --keep-snapshots:
// live nodes allocated inside the window (trace_node_id != 0), minus V8's own
// bookkeeping and the harness's own objects (as the runner counts them), with
// the function that allocated each and its callers.
//
//   node scripts/show-remaining.mjs <file.heapsnapshot>
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/show-remaining.mjs <file.heapsnapshot>');
  process.exit(2);
}
const snapshot = JSON.parse(readFileSync(file, 'utf8'));
const meta = snapshot.snapshot.meta;
const nodeFields = meta.node_fields;
const nodeTypes = meta.node_types[0];
const width = nodeFields.length;
const typeAt = nodeFields.indexOf('type');
const nameAt = nodeFields.indexOf('name');
const sizeAt = nodeFields.indexOf('self_size');
const traceAt = nodeFields.indexOf('trace_node_id');
const ignored = new Set(['code', 'hidden', 'object shape', 'synthetic']);

const infoFields = meta.trace_function_info_fields;
const infos = snapshot.trace_function_infos;
const fi = (index, field) => infos[index * infoFields.length + infoFields.indexOf(field)];
const scriptOf = (fn) => String(snapshot.strings[fi(fn, 'script_name')]);
// As the runner does: allocations by the harness's own functions, and by
// built-ins they call, are the harness's, not the workload's.
const isHarnessScript = (script) => /\/dist\/harness\//.test(script);

// trace node id -> { function info index, parent id, harness? }, from the nested trace_tree.
const traceFields = meta.trace_node_fields;
const traceNodes = new Map();
const tf = { id: traceFields.indexOf('id'), fn: traceFields.indexOf('function_info_index'), children: traceFields.indexOf('children') };
const stack = [{ level: snapshot.trace_tree, parent: 0, underHarness: false }];
while (stack.length > 0) {
  const { level, parent, underHarness } = stack.pop();
  for (let i = 0; i < level.length; i += traceFields.length) {
    const fn = level[i + tf.fn];
    const harness = isHarnessScript(scriptOf(fn)) || (underHarness && scriptOf(fn) === '');
    traceNodes.set(level[i + tf.id], { fn, parent, harness });
    stack.push({ level: level[i + tf.children], parent: level[i + tf.id], underHarness: harness });
  }
}
const describe = (fn) => `${snapshot.strings[fi(fn, 'name')] || '(anonymous)'} ${scriptOf(fn)}:${fi(fn, 'line') + 1}:${fi(fn, 'column') + 1}`;
/** The allocating function and up to 3 callers. */
function where(traceId) {
  const frames = [];
  for (let id = traceId; id !== 0 && frames.length < 4; id = traceNodes.get(id)?.parent ?? 0) {
    const node = traceNodes.get(id);
    if (!node) break;
    frames.push(describe(node.fn));
  }
  return frames.join(' <- ');
}

const nodes = snapshot.nodes;
let count = 0;
for (let i = 0; i < nodes.length; i += width) {
  const trace = nodes[i + traceAt];
  if (trace === 0) continue;
  const type = nodeTypes[nodes[i + typeAt]];
  if (ignored.has(type) || traceNodes.get(trace)?.harness) continue;
  count++;
  console.log(`${type} ${JSON.stringify(String(snapshot.strings[nodes[i + nameAt]]).slice(0, 60))} ${nodes[i + sizeAt]} B <- ${where(trace)}`);
}
console.log(`${count} remaining`);
