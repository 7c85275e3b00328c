import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findInPath } from './find-program.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'alloc-counter-path-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function program(dir: string, name: string, mode: number): string {
  mkdirSync(join(root, dir), { recursive: true });
  const path = join(root, dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, mode);
  return path;
}

describe('findInPath', () => {
  it('finds the first executable file of that name along PATH, as command -v does', () => {
    program('a', 'tool', 0o644);
    mkdirSync(join(root, 'b', 'tool'), { recursive: true });
    const wanted = program('c', 'tool', 0o755);
    program('d', 'tool', 0o755);
    const path = ['', 'relative', ...['a', 'b', 'c', 'd'].map((d) => join(root, d))].join(delimiter);
    expect(findInPath('tool', path)).toBe(wanted);
  });

  it('finds nothing for a missing program, an empty PATH, or a name a shell would expand', () => {
    expect(findInPath('surely-not-a-program-here', process.env.PATH)).toBeNull();
    expect(findInPath('node', undefined)).toBeNull();
    expect(findInPath('node; rm -rf /', process.env.PATH)).toBeNull();
    expect(findInPath('sh', '/bin:/usr/bin')).toMatch(/\/sh$/);
  });
});
