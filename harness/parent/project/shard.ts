// --shard i/n: a stable share of the test files, so that n CI machines run the
// suite between them. Files are ordered by a hash of their path relative to
// the package (a clone in another folder gets the same shards; a new file moves
// few others) and cut into n contiguous slices whose sizes differ by at most 1.
import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** The path as every clone spells it: relative to the package, with forward slashes. */
function shardKey(file: string, root: string): string {
  return relative(root, file).split(sep).join('/');
}

function hashOf(key: string): string {
  return createHash('sha1').update(key).digest('hex');
}

/** The files of shard `index` of `count`, in the order given. */
export function selectShard(files: readonly string[], shard: Shard, root: string): string[] {
  const ordered = files
    .map((file) => ({ file, key: shardKey(file, root) }))
    .map((entry) => ({ ...entry, hash: hashOf(entry.key) }))
    .sort((a, b) => (a.hash === b.hash ? compare(a.key, b.key) : compare(a.hash, b.hash)));
  const start = Math.floor(((shard.index - 1) * ordered.length) / shard.count);
  const end = Math.floor((shard.index * ordered.length) / shard.count);
  const chosen = new Set(ordered.slice(start, end).map((entry) => entry.file));
  // The run keeps its usual order (sorted by name), so output of a shard reads like the full run's.
  return files.filter((file) => chosen.has(file));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `1/4`, as given on the command line and printed back. */
export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

/** What a sharded run says before it starts; an empty shard is no error, it runs nothing. */
export function shardLine(shard: Shard, files: number, of: number): string {
  if (files === 0) return `shard ${formatShard(shard)}: no test files in this shard (${of} in all); nothing to run`;
  return `shard ${formatShard(shard)}: ${files} of ${of} test files`;
}
