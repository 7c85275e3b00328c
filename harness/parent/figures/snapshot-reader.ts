// Reads a V8 .heapsnapshot file streaming, into typed arrays: the memory it
// takes is about the arrays plus the strings, never the file's text or a JS
// object per node (JSON.parse of a 170 MB snapshot cost several GB of RSS).
//
// V8 writes one object: "snapshot" (the small meta object: record layouts and
// counts), then flat number arrays "nodes", "edges", "trace_function_infos",
// the nested "trace_tree", "samples", "locations" and "strings". Keys this
// reader does not know are skipped.
import { z } from 'zod';
import { GrowableUintArray, type UintArray } from './growable-uint-array.js';
import { DEFAULT_CHUNK_BYTES, JsonByteStream } from './json-byte-stream.js';

const snapshotMetaSchema = z.object({
  meta: z.looseObject({
    node_fields: z.array(z.string()),
    node_types: z.array(z.unknown()),
    edge_fields: z.array(z.string()),
    edge_types: z.array(z.unknown()),
    trace_function_info_fields: z.array(z.string()),
    trace_node_fields: z.array(z.string()),
  }),
  node_count: z.number().int().nonnegative(),
  edge_count: z.number().int().nonnegative().optional(),
  trace_function_count: z.number().int().nonnegative(),
});
export type SnapshotMeta = z.infer<typeof snapshotMetaSchema>['meta'];

export interface HeapSnapshot {
  meta: SnapshotMeta;
  nodeCount: number;
  traceFunctionCount: number;
  /** node_count records of meta.node_fields.length values. */
  nodes: UintArray;
  /** Records of meta.edge_fields.length values, grouped by their from-node (nodes' edge_count). */
  edges: UintArray;
  /** Records of meta.trace_function_info_fields.length values. */
  traceFunctionInfos: UintArray;
  /** Nested as V8 writes it: [id, function_info_index, count, size, [children...]...]. */
  traceTree: unknown[];
  samples: UintArray;
  locations: UintArray;
  strings: string[];
}

type Section = 'nodes' | 'edges' | 'trace_function_infos' | 'samples' | 'locations';
const SECTIONS: readonly Section[] = ['nodes', 'edges', 'trace_function_infos', 'samples', 'locations'];

/** What the figures and diagnostics cannot do without (samples and locations may be absent). */
const REQUIRED_KEYS = ['snapshot', 'nodes', 'edges', 'trace_function_infos', 'trace_tree', 'strings'];

export interface ReadOptions {
  /** Bytes read at a time (tests use tiny chunks so that every token spans two). */
  chunkBytes?: number;
}

export function readSnapshotFile(path: string, options: ReadOptions = {}): HeapSnapshot {
  let stream: JsonByteStream;
  try {
    stream = new JsonByteStream(path, options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  } catch (error) {
    throw new Error(`${path}: not a readable heap snapshot: ${(error as Error).message}`);
  }
  try {
    return readSnapshot(stream);
  } finally {
    stream.close();
  }
}

type Header = z.infer<typeof snapshotMetaSchema>;

interface Sections {
  header?: Header;
  arrays: Map<Section, UintArray>;
  traceTree?: unknown[];
  strings?: string[];
}

function readSnapshot(stream: JsonByteStream): HeapSnapshot {
  const found: Sections = { arrays: new Map() };
  const seen = new Set<string>();
  stream.readObject((key) => {
    if (seen.has(key)) stream.fail(`a second "${key}"`);
    seen.add(key);
    readSection(stream, key, found);
  });
  if (stream.peekToken() >= 0) stream.fail('more data after the snapshot object');
  const missing = REQUIRED_KEYS.find((key) => !seen.has(key));
  const { header, arrays, traceTree, strings } = found;
  if (missing !== undefined || header === undefined || traceTree === undefined || strings === undefined) {
    throw new Error(`${stream.path}: not a heap snapshot with an allocation trace: no "${missing}"`);
  }
  const empty = new Uint32Array(0);
  const snapshot: HeapSnapshot = {
    meta: header.meta,
    nodeCount: header.node_count,
    traceFunctionCount: header.trace_function_count,
    nodes: arrays.get('nodes') ?? empty,
    edges: arrays.get('edges') ?? empty,
    traceFunctionInfos: arrays.get('trace_function_infos') ?? empty,
    traceTree,
    samples: arrays.get('samples') ?? empty,
    locations: arrays.get('locations') ?? empty,
    strings,
  };
  checkLengths(stream.path, snapshot, header.edge_count);
  return snapshot;
}

/** Reads the value of one top-level key into `found`. */
function readSection(stream: JsonByteStream, key: string, found: Sections): void {
  if (key === 'snapshot') {
    found.header = parseHeader(stream);
  } else if ((SECTIONS as readonly string[]).includes(key)) {
    const section = key as Section;
    const values = new GrowableUintArray(capacityHint(found.header, section));
    stream.readUintArray(values);
    found.arrays.set(section, values.finish());
  } else if (key === 'trace_tree') {
    found.traceTree = stream.readNestedUintArray();
  } else if (key === 'strings') {
    const strings: string[] = [];
    stream.readArray(() => strings.push(stream.readString()));
    found.strings = strings;
  } else {
    stream.skipValue();
  }
}

function parseHeader(stream: JsonByteStream): Header {
  const parsed = snapshotMetaSchema.safeParse(stream.readSmallValue());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${stream.path}: not a heap snapshot with an allocation trace: snapshot.${issue?.path.join('.')}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

/** The exact length of nodes and edges when the meta object came first (V8 writes it first). */
function capacityHint(header: Header | undefined, section: Section): number | undefined {
  if (header === undefined) return undefined;
  if (section === 'nodes') return header.node_count * header.meta.node_fields.length;
  if (section === 'edges' && header.edge_count !== undefined) return header.edge_count * header.meta.edge_fields.length;
  return undefined;
}

function checkLengths(path: string, snapshot: HeapSnapshot, edgeCount: number | undefined): void {
  const expect = (name: string, length: number, count: number, width: number): void => {
    if (length !== count * width) {
      throw new Error(
        `${path}: not a heap snapshot: "${name}" has ${length} values, the meta object says ${count} records of ${width}`,
      );
    }
  };
  expect('nodes', snapshot.nodes.length, snapshot.nodeCount, snapshot.meta.node_fields.length);
  if (edgeCount !== undefined) expect('edges', snapshot.edges.length, edgeCount, snapshot.meta.edge_fields.length);
  // Not trace_function_infos: trace_function_count is taken when the snapshot starts, and
  // functions that allocate while it is serialised are listed too.
}
