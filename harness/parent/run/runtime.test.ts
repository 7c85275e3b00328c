import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveNodeBinary } from './runtime.js';

let cache: string;
const savedCache = process.env.ALLOC_COUNTER_NODE_CACHE;
beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'alloc-counter-node-cache-'));
  process.env.ALLOC_COUNTER_NODE_CACHE = cache;
});
afterEach(() => {
  if (savedCache === undefined) delete process.env.ALLOC_COUNTER_NODE_CACHE;
  else process.env.ALLOC_COUNTER_NODE_CACHE = savedCache;
  rmSync(cache, { recursive: true, force: true });
});

function fakeFetched(spec: string): string {
  const bin = join(cache, `node-${spec}`, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'node'), '#!/bin/sh\n');
  chmodSync(join(bin, 'node'), 0o755);
  return join(bin, 'node');
}

describe('resolveNodeBinary', () => {
  it('is the running node without --node', () => {
    expect(resolveNodeBinary(null, '/nowhere')).toBe(process.execPath);
  });

  it('finds a major and an exact version (with or without v) in the cache', () => {
    const major = fakeFetched('24');
    const exact = fakeFetched('24.21.0');
    expect(resolveNodeBinary('24', '/nowhere')).toBe(major);
    expect(resolveNodeBinary('24.21.0', '/nowhere')).toBe(exact);
    expect(resolveNodeBinary('v24.21.0', '/nowhere')).toBe(exact);
  });

  it('says which fetch to run when that Node is not in the cache', () => {
    fakeFetched('24');
    expect(() => resolveNodeBinary('24.21.0', '/nowhere')).toThrow(
      '--node 24.21.0: Node 24.21.0 is not fetched: run scripts/fetch-node.sh 24.21.0',
    );
  });

  it('rejects a path that is no executable', () => {
    expect(() => resolveNodeBinary(join(cache, 'missing', 'node'), '/nowhere')).toThrow(
      /no executable node binary there/,
    );
  });
});
