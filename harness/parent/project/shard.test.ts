import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectShard } from './shard.js';

const names = Array.from({ length: 41 }, (_, i) => `tests/test_${String(i).padStart(2, '0')}_workload.ts`);
const under = (root: string): string[] => names.map((name) => join(root, name));

describe('selectShard', () => {
  it.each([1, 2, 3, 4, 5])('puts every file in exactly one of %i shards, sizes within 1', (count) => {
    const root = '/work/clone';
    const files = under(root);
    const shards = Array.from({ length: count }, (_, i) => selectShard(files, { index: i + 1, count }, root));
    expect(shards.flat().sort()).toEqual([...files].sort());
    const sizes = shards.map((shard) => shard.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('does not depend on the folder the package is in', () => {
    const relativeShards = (root: string): string[][] =>
      [1, 2, 3].map((index) =>
        selectShard(under(root), { index, count: 3 }, root).map((file) => file.slice(root.length)),
      );
    expect(relativeShards('/home/ci/runner-7/alloc-counter')).toEqual(relativeShards('/tmp/x'));
  });

  it('mixes the files rather than cutting the name order in slices', () => {
    const root = '/r';
    const first = selectShard(under(root), { index: 1, count: 2 }, root);
    expect(first).not.toEqual(under(root).slice(0, first.length));
  });

  it('keeps the given order within a shard', () => {
    const root = '/r';
    const shard = selectShard(under(root), { index: 2, count: 3 }, root);
    expect(shard).toEqual([...shard].sort());
  });

  it('leaves a shard empty when there are more shards than files', () => {
    const root = '/r';
    const files = under(root).slice(0, 2);
    const shards = [1, 2, 3].map((index) => selectShard(files, { index, count: 3 }, root));
    expect(shards.map((s) => s.length).sort()).toEqual([0, 1, 1]);
  });

  it('gives one shard of one every file', () => {
    expect(selectShard(under('/r'), { index: 1, count: 1 }, '/r')).toEqual(under('/r'));
  });
});
