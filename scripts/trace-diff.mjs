// Compares the allocation trace trees of two heap snapshots (kept with --keep-snapshots) by call
// path: per path, how many more (or fewer) allocations and bytes the second took. This is how
// differences between processes were traced to their sites (BENCHMARKS.md).
// Usage: node scripts/trace-diff.mjs A.heapsnapshot B.heapsnapshot [frames shown, default 6]
// The project's streaming reader (typed arrays, never the file's text): a big snapshot fits.
import { readSnapshotFile } from '../dist/harness/parent/figures/snapshot-reader.js';

function callPaths(path) {
  const snapshot = readSnapshotFile(path);
  const meta = snapshot.meta;
  const infoFields = meta.trace_function_info_fields;
  const nodeWidth = meta.trace_node_fields.length;
  const infos = snapshot.traceFunctionInfos;
  const strings = snapshot.strings;
  const frame = (index) => {
    const at = index * infoFields.length;
    const name = strings[infos[at + infoFields.indexOf('name')]] || '(anonymous)';
    const script = String(strings[infos[at + infoFields.indexOf('script_name')]]);
    const line = infos[at + infoFields.indexOf('line')] + 1;
    return `${name} ${script.split('/').slice(-2).join('/')}:${line}`;
  };
  const paths = new Map();
  // A trace node is [id, function info index, count, size, children (nodes, flat)].
  const walk = (nodes, stack) => {
    for (let i = 0; i < nodes.length; i += nodeWidth) {
      const here = [frame(nodes[i + 1]), ...stack];
      const key = here.join('\n');
      const [count, bytes] = paths.get(key) ?? [0, 0];
      paths.set(key, [count + nodes[i + 2], bytes + nodes[i + 3]]);
      walk(nodes[i + 4], here);
    }
  };
  walk(snapshot.traceTree, []);
  return paths;
}

const [first, second, shown = '6'] = process.argv.slice(2);
if (!first || !second) {
  console.error('usage: node scripts/trace-diff.mjs A.heapsnapshot B.heapsnapshot [frames shown]');
  process.exit(2);
}
/** A snapshot's call paths, or exit 2 with one line naming the file. */
function callPathsOf(path) {
  try {
    return callPaths(path);
  } catch (error) {
    console.error(`trace-diff: ${error.message} (a heap snapshot with an allocation trace, from --keep-snapshots)`);
    process.exit(2);
  }
}
const a = callPathsOf(first);
const b = callPathsOf(second);
const sum = (paths) => [...paths.values()].reduce((t, [count, bytes]) => [t[0] + count, t[1] + bytes], [0, 0]);
console.log(`totals: ${sum(a).join(' allocations, ')} bytes -> ${sum(b).join(' allocations, ')} bytes`);
for (const key of new Set([...a.keys(), ...b.keys()])) {
  const [countA, bytesA] = a.get(key) ?? [0, 0];
  const [countB, bytesB] = b.get(key) ?? [0, 0];
  if (countA === countB && bytesA === bytesB) continue;
  const path = key.split('\n').slice(0, Number(shown)).join(' < ');
  console.log(`${countB - countA > 0 ? '+' : ''}${countB - countA} (${bytesB - bytesA} B)  ${path}`);
}
