import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeapGraph } from '../diagnostics/heap-graph.js';
import { shortestRetainerPaths } from '../diagnostics/retainers.js';
import { attributeTrace, figuresOfTrace, type HeapSnapshot } from './heap-snapshot.js';
import { readSnapshotFile } from './snapshot-reader.js';

const scratch = mkdtempSync(join(tmpdir(), 'alloc-counter-snapshot-reader-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A child keeps objects and strings that need escapes alive, with V8's
// allocation tracker on (as the harness's snapshots have it), and writes a
// snapshot through the inspector: trace_function_infos, trace_tree, samples
// and locations are all non-empty.
const CHILD = `
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const session = new Session();
session.connect();
const post = (method, params) => new Promise((resolve, reject) =>
  session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
(async () => {
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
  function Kept(i) { this.i = i; this.big = 2 ** 40 + i; this.text = 'q"\\\\\\n\\t\\u2028ü😀/' + i; }
  globalThis.kept = Array.from({ length: 2000 }, (_, i) => new Kept(i));
  // The tracker adds a sample to 'samples' every 50 ms or so.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const chunks = [];
  session.on('HeapProfiler.addHeapSnapshotChunk', (m) => chunks.push(m.params.chunk));
  await post('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  writeFileSync(process.argv[1], chunks.join(''));
  session.disconnect();
})();
`;

let realPath = '';
let realJson: RawSnapshot;

interface RawSnapshot {
  snapshot: { meta: HeapSnapshot['meta']; node_count: number; trace_function_count: number };
  nodes: number[];
  edges: number[];
  trace_function_infos: number[];
  trace_tree: unknown[];
  samples: number[];
  locations: number[];
  strings: string[];
}

beforeAll(() => {
  realPath = join(scratch, 'real.heapsnapshot');
  execFileSync(process.execPath, ['-e', CHILD, realPath], { stdio: 'inherit' });
  realJson = JSON.parse(readFileSync(realPath, 'utf8')) as RawSnapshot;
});

/** Every value and the length (one expect: toEqual on arrays of a million values is slow). */
function expectSameValues(name: string, read: ArrayLike<unknown>, parsed: ArrayLike<unknown>): void {
  let firstDifference = -1;
  for (let i = 0; i < Math.max(read.length, parsed.length) && firstDifference < 0; i++) {
    if (read[i] !== parsed[i]) firstDifference = i;
  }
  expect({ name, firstDifference, length: read.length }).toEqual({ name, firstDifference: -1, length: parsed.length });
}

function expectSameAsJsonParse(read: HeapSnapshot, json: RawSnapshot): void {
  expect(read.meta).toEqual(json.snapshot.meta);
  expect(read.nodeCount).toBe(json.snapshot.node_count);
  expect(read.traceFunctionCount).toBe(json.snapshot.trace_function_count);
  expectSameValues('nodes', read.nodes, json.nodes);
  expectSameValues('edges', read.edges, json.edges);
  expectSameValues('trace_function_infos', read.traceFunctionInfos, json.trace_function_infos);
  expectSameValues('samples', read.samples, json.samples);
  expectSameValues('locations', read.locations, json.locations);
  expectSameValues('strings', read.strings, json.strings);
  expect(read.traceTree).toEqual(json.trace_tree);
}

/** The old reader's result, in the new shape: what every user of the snapshot computed from before. */
function fromJson(json: RawSnapshot): HeapSnapshot {
  return {
    meta: json.snapshot.meta,
    nodeCount: json.snapshot.node_count,
    traceFunctionCount: json.snapshot.trace_function_count,
    nodes: Float64Array.from(json.nodes),
    edges: Float64Array.from(json.edges),
    traceFunctionInfos: Float64Array.from(json.trace_function_infos),
    traceTree: json.trace_tree,
    samples: Float64Array.from(json.samples),
    locations: Float64Array.from(json.locations),
    strings: json.strings,
  };
}

describe('readSnapshotFile on a real snapshot with an allocation trace', () => {
  it('has every section (so that the comparisons below cover them)', () => {
    expect(realJson.trace_tree.length).toBeGreaterThan(0);
    expect(realJson.trace_function_infos.length).toBeGreaterThan(0);
    expect(realJson.samples.length).toBeGreaterThan(0);
    expect(realJson.locations.length).toBeGreaterThan(0);
    expect(realJson.strings.some((s) => s.includes('q"\\\n\t\u2028ü'))).toBe(true);
  });

  it('gives exactly the arrays JSON.parse gives, with the default chunk size', () => {
    expectSameAsJsonParse(readSnapshotFile(realPath), realJson);
  });

  it('gives the same arrays when every token is split across chunks', () => {
    for (const chunkBytes of [7, 4093]) expectSameAsJsonParse(readSnapshotFile(realPath, { chunkBytes }), realJson);
  });

  it('gives the same figures and retainer paths as the JSON.parse reader', () => {
    const streamed = readSnapshotFile(realPath);
    const parsed = fromJson(realJson);
    const isHarness = (script: string) => script.includes('node:internal');
    expect(figuresOfTrace(streamed, attributeTrace(streamed, isHarness))).toEqual(
      figuresOfTrace(parsed, attributeTrace(parsed, isHarness)),
    );
    const streamedGraph = new HeapGraph(streamed);
    const parsedGraph = new HeapGraph(parsed);
    const kept: number[] = [];
    for (let n = 0; n < streamedGraph.nodeCount && kept.length < 5; n++) {
      if (streamedGraph.name(n) === 'Kept' && streamedGraph.type(n) === 'object') kept.push(n);
    }
    expect(kept.length).toBe(5);
    const paths = shortestRetainerPaths(streamedGraph, kept);
    expect(paths).toEqual(shortestRetainerPaths(parsedGraph, kept));
    expect(paths.get(kept[0]!)?.steps.some((step) => step.edge === 'kept')).toBe(true);
  });
});

// A small hand-written snapshot in V8's layout, for the edge cases.
const META = {
  node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
  node_types: [['hidden', 'object', 'synthetic'], 'string', 'number', 'number', 'number', 'number', 'number'],
  edge_fields: ['type', 'name_or_index', 'to_node'],
  edge_types: [
    ['context', 'element', 'property', 'internal', 'hidden', 'shortcut', 'weak'],
    'string_or_number',
    'node',
  ],
  trace_function_info_fields: ['function_id', 'name', 'script_name', 'script_id', 'line', 'column'],
  trace_node_fields: ['id', 'function_info_index', 'count', 'size', 'children'],
};

function smallSnapshotText(parts: { nodes?: string; extra?: string } = {}): string {
  const header = JSON.stringify({ meta: META, node_count: 2, edge_count: 1, trace_function_count: 1 });
  return (
    `{"snapshot":${header},${parts.extra ?? ''}\n` +
    `"nodes":${parts.nodes ?? '[2,0,1,0,1,0,0\n,1,1,3,32,0,1,0]'},\n` +
    `"edges":[2,2,7],\n"trace_function_infos":[1,3,0,0,1,1],\n` +
    `"trace_tree":[1,0,0,0,[2,0,1,32,[]]],\n"samples":[],\n"locations":[],\n` +
    `"strings":["<dummy>","Foo","x","(root)"]}`
  );
}

let fileNumber = 0;
function write(text: string): string {
  const path = join(scratch, `small-${fileNumber++}.heapsnapshot`);
  writeFileSync(path, text);
  return path;
}

/** The one-line error of reading `text`, with both a whole-file chunk and 1-byte chunks. */
function errorOf(text: string): { message: string; offsets: number[] } {
  const path = write(text);
  const messages = [1, 1 << 20].map((chunkBytes) => {
    try {
      readSnapshotFile(path, { chunkBytes });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`no error for ${text}`);
  });
  expect(messages[0]).toBe(messages[1]);
  const message = messages[0]!;
  expect(message).not.toContain('\n');
  expect(message.startsWith(`${path}: `)).toBe(true);
  const offsets = [...message.matchAll(/at byte (\d+)/g)].map((m) => Number(m[1]));
  return { message: message.slice(path.length + 2), offsets };
}

describe('readSnapshotFile on edge cases', () => {
  it('reads a small snapshot, skipping unknown keys of every kind', () => {
    const extra = '"x1":{"a":[1,"]}\\"",{"b":null}],"c":-1.5e3},"x2":"}]","x3":true,"x4":[],';
    const snapshot = readSnapshotFile(write(smallSnapshotText({ extra })), { chunkBytes: 3 });
    expect(Array.from(snapshot.nodes)).toEqual([2, 0, 1, 0, 1, 0, 0, 1, 1, 3, 32, 0, 1, 0]);
    expect(Array.from(snapshot.edges)).toEqual([2, 2, 7]);
    expect(snapshot.traceTree).toEqual([1, 0, 0, 0, [2, 0, 1, 32, []]]);
    expect(snapshot.strings).toEqual(['<dummy>', 'Foo', 'x', '(root)']);
    expect(snapshot.meta.node_fields).toEqual(META.node_fields);
  });

  it('keeps node sizes of 4 GiB and more exactly (the array widens to 64-bit floats)', () => {
    const big = 2 ** 40 + 3;
    const snapshot = readSnapshotFile(write(smallSnapshotText({ nodes: `[2,0,1,0,1,0,0,1,1,3,${big},0,1,0]` })));
    expect(snapshot.nodes).toBeInstanceOf(Float64Array);
    expect(snapshot.nodes[10]).toBe(big);
    expect(snapshot.nodes[9]).toBe(3);
    expect(snapshot.edges).toBeInstanceOf(Uint32Array);
  });

  it('names the byte where a truncated file ends', () => {
    const text = smallSnapshotText();
    for (const cut of [0, 5, text.indexOf('"nodes"') + 12, text.indexOf('"Foo') + 2, text.length - 1]) {
      const { message, offsets } = errorOf(text.slice(0, cut));
      expect(message).toMatch(/^not a readable heap snapshot: .*(end of the file|does not end)/);
      expect(offsets.length).toBe(1);
      expect(offsets[0]).toBeLessThanOrEqual(cut);
    }
    expect(errorOf(text.slice(0, text.length - 1)).offsets).toEqual([text.length - 1]);
  });

  it('names the byte of a bad token', () => {
    const cases: [string, RegExp][] = [
      ['[2,0,1,0,1,0,0,1,1,3,x,0,1,0]', /expected a non-negative integer, found 'x'/],
      ['[2,0,1,0,1,0,0,1,1,3,-1,0,1,0]', /expected a non-negative integer, found '-'/],
      ['[2,0,1,0,1,0,0,1,1,3,1.5,0,1,0]', /not an integer/],
      ['[2,0,1,0,1,0,0,1,1,3,1e3,0,1,0]', /not an integer/],
      ['[2,0,1,0,1,0,0,1,1,3,007,0,1,0]', /leading zero/],
      ['[2,0,1,0,1,0,0,1,1,3,99999999999999999,0,1,0]', /above 2\^53/],
      ['[2,0,1,0,1,0,0,1,1,3 4,0,1,0]', /expected ',' or '\]', found '4'/],
    ];
    for (const [nodes, reason] of cases) {
      const text = smallSnapshotText({ nodes });
      const { message, offsets } = errorOf(text);
      expect(message).toMatch(reason);
      // The offset is the bad token's (or its number's) first byte.
      const token = nodes.slice(nodes.indexOf(',3') + 2).replace(/^[, ]+/, '');
      expect(offsets).toEqual([text.indexOf('"nodes":') + 8 + nodes.indexOf(token)]);
    }
  });

  it('refuses bad strings, a missing section, wrong lengths and trailing data', () => {
    const text = smallSnapshotText();
    expect(errorOf(text.replace('"Foo"', '"F\\xoo"')).message).toMatch(/a bad string .* at byte \d+$/);
    expect(errorOf(text.replace('"Foo"', '"F\u0001oo"')).message).toMatch(/a bad string/);
    expect(errorOf(`${text} {}`).offsets).toEqual([text.length + 1]);
    expect(errorOf(text.replace('"trace_tree"', '"trace_tree_"')).message).toBe(
      'not a heap snapshot with an allocation trace: no "trace_tree"',
    );
    expect(errorOf(text.replace('[2,2,7]', '[2,2,7,1,1,0]')).message).toMatch(
      /"edges" has 6 values, the meta object says 1 records of 3$/,
    );
    expect(errorOf(text.replace('"node_count":2', '"node_count":"2"')).message).toMatch(
      /^not a heap snapshot with an allocation trace: snapshot\.node_count: /,
    );
    expect(errorOf(text.replace('"x"', '"x",]')).message).toMatch(/expected a string, found '\]'/);
  });

  it('names the file when it cannot be opened', () => {
    const missing = join(scratch, 'missing.heapsnapshot');
    expect(() => readSnapshotFile(missing)).toThrow(`${missing}: not a readable heap snapshot: ENOENT`);
  });
});
