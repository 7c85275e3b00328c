// An append-only array of non-negative integers in a typed array: 4 bytes a
// value while every value fits in 32 bits, 8 bytes (a Float64Array, exact up
// to 2^53) from the first one that does not.
//
// Why 32 bits is the common case: V8's HeapSnapshotJSONSerializer writes every
// number of `edges`, `trace_function_infos` and `locations` as an unsigned
// 32-bit int (utoa of int/unsigned), and every field of `nodes` too except
// `self_size`, a size_t. So `nodes` widens only for a node of 4 GiB or more,
// and `samples` (timestamp_us is 64-bit) after 71 minutes of sampling.

export type UintArray = Uint32Array | Float64Array;

const MAX_UINT32 = 0xffff_ffff;

export class GrowableUintArray {
  private data: UintArray;
  length = 0;

  /** capacity: the expected number of values (the array grows past it when needed). */
  constructor(capacity = 1024) {
    this.data = new Uint32Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    if (value > MAX_UINT32 && this.data instanceof Uint32Array) this.data = Float64Array.from(this.data);
    this.data[this.length++] = value;
  }

  private grow(): void {
    const grown =
      this.data instanceof Uint32Array ? new Uint32Array(this.data.length * 2) : new Float64Array(this.data.length * 2);
    grown.set(this.data);
    this.data = grown;
  }

  /** The values, in an array of exactly their length (a copy only when capacity was left over). */
  finish(): UintArray {
    if (this.length === this.data.length) return this.data;
    return this.data.slice(0, this.length);
  }
}
