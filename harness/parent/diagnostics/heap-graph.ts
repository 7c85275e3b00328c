// Read access to the nodes and edges of a parsed heap snapshot, by node
// ordinal (the index of a node in `nodes` divided by the node width), with
// field positions taken from snapshot.meta rather than assumed.
import type { UintArray } from '../figures/growable-uint-array.js';
import { fieldIndex, type HeapSnapshot, nodeTypeNames } from '../figures/heap-snapshot.js';

export class HeapGraph {
  readonly nodeCount: number;
  private readonly nodeWidth: number;
  private readonly edgeWidth: number;
  private readonly typeAt: number;
  private readonly nameAt: number;
  private readonly idAt: number;
  private readonly selfSizeAt: number;
  private readonly traceAt: number;
  private readonly edgeTypeAt: number;
  private readonly edgeNameAt: number;
  private readonly edgeToAt: number;
  private readonly nodeTypes: string[];
  private readonly edgeTypes: string[];
  /** firstEdge[n]..firstEdge[n+1]: the offsets in `edges` of node n's edges (built on first use). */
  private firstEdge: Uint32Array | null = null;

  constructor(private readonly snapshot: HeapSnapshot) {
    const meta = snapshot.meta;
    this.nodeWidth = meta.node_fields.length;
    this.edgeWidth = meta.edge_fields.length;
    this.nodeCount = snapshot.nodes.length / this.nodeWidth;
    this.typeAt = fieldIndex(meta.node_fields, 'type', 'node_fields');
    this.nameAt = fieldIndex(meta.node_fields, 'name', 'node_fields');
    this.idAt = fieldIndex(meta.node_fields, 'id', 'node_fields');
    this.selfSizeAt = fieldIndex(meta.node_fields, 'self_size', 'node_fields');
    this.traceAt = fieldIndex(meta.node_fields, 'trace_node_id', 'node_fields');
    this.edgeTypeAt = fieldIndex(meta.edge_fields, 'type', 'edge_fields');
    this.edgeNameAt = fieldIndex(meta.edge_fields, 'name_or_index', 'edge_fields');
    this.edgeToAt = fieldIndex(meta.edge_fields, 'to_node', 'edge_fields');
    this.nodeTypes = nodeTypeNames(snapshot);
    const edgeTypes = meta.edge_types[this.edgeTypeAt];
    if (!Array.isArray(edgeTypes)) throw new Error('heap snapshot: meta.edge_types has no list of edge type names');
    this.edgeTypes = edgeTypes.map(String);
  }

  type(node: number): string {
    return this.nodeTypes[this.snapshot.nodes[node * this.nodeWidth + this.typeAt]!] ?? '?';
  }

  name(node: number): string {
    return this.snapshot.strings[this.snapshot.nodes[node * this.nodeWidth + this.nameAt]!] ?? '';
  }

  id(node: number): number {
    return this.snapshot.nodes[node * this.nodeWidth + this.idAt]!;
  }

  selfSize(node: number): number {
    return this.snapshot.nodes[node * this.nodeWidth + this.selfSizeAt]!;
  }

  traceNodeId(node: number): number {
    return this.snapshot.nodes[node * this.nodeWidth + this.traceAt]!;
  }

  /** Offsets into `edges` of the first edge of every node, plus one past the end. */
  edgeStarts(): Uint32Array {
    if (this.firstEdge !== null) return this.firstEdge;
    const countAt = fieldIndex(this.snapshot.meta.node_fields, 'edge_count', 'node_fields');
    const starts = new Uint32Array(this.nodeCount + 1);
    let offset = 0;
    for (let n = 0; n < this.nodeCount; n++) {
      starts[n] = offset;
      offset += this.snapshot.nodes[n * this.nodeWidth + countAt]! * this.edgeWidth;
    }
    starts[this.nodeCount] = offset;
    if (offset !== this.snapshot.edges.length) {
      throw new Error(
        `heap snapshot: edge counts add up to ${offset / this.edgeWidth} edges, found ${this.snapshot.edges.length / this.edgeWidth}`,
      );
    }
    this.firstEdge = starts;
    return starts;
  }

  edgeType(edge: number): string {
    return this.edgeTypes[this.snapshot.edges[edge + this.edgeTypeAt]!] ?? '?';
  }

  /** The edge's target node ordinal. */
  edgeTarget(edge: number): number {
    return this.snapshot.edges[edge + this.edgeToAt]! / this.nodeWidth;
  }

  /** A property or variable name, or an element index (element and hidden edges carry numbers). */
  edgeName(edge: number): string {
    const raw = this.snapshot.edges[edge + this.edgeNameAt]!;
    const type = this.edgeType(edge);
    if (type === 'element' || type === 'hidden') return String(raw);
    return this.snapshot.strings[raw] ?? String(raw);
  }

  get edgeFieldCount(): number {
    return this.edgeWidth;
  }

  get rawEdges(): UintArray {
    return this.snapshot.edges;
  }

  get edgeTypeFieldOffset(): number {
    return this.edgeTypeAt;
  }

  edgeTypeIndex(name: string): number {
    return this.edgeTypes.indexOf(name);
  }
}
