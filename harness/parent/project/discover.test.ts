import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { discoverTestFiles } from './discover.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alloc-counter-discover-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const touch = (...names: string[]): void => {
  for (const name of names) writeFileSync(join(dir, name), '');
};

describe('discoverTestFiles: the default folder', () => {
  it('lists only test_*.ts, .mts, .js and .mjs files, not .d.ts or .d.mts or folders, sorted', () => {
    touch(
      'test_c.mjs',
      'test_a.ts',
      'test_b.js',
      'test_d.mts',
      'test_e.d.ts',
      'test_e2.d.mts',
      'test_f.cjs',
      'test_g.json',
    );
    mkdirSync(join(dir, 'test_h.ts'));
    touch('helper.ts', 'a_test_h.ts', 'TEST_i.ts');
    mkdirSync(join(dir, 'test_folder'));
    expect(discoverTestFiles([], dir)).toEqual(
      ['test_a.ts', 'test_b.js', 'test_c.mjs', 'test_d.mts'].map((name) => join(dir, name)),
    );
  });

  it('refuses a folder without test files', () => {
    touch('helper.ts');
    expect(() => discoverTestFiles([], dir)).toThrow(new UsageError(`no test_*.ts, .mts, .js, .mjs files in ${dir}`));
  });

  it('refuses a missing folder', () => {
    const missing = join(dir, 'missing');
    expect(() => discoverTestFiles([], missing)).toThrow(new UsageError(`no test folder ${missing}`));
  });
});

describe('discoverTestFiles: named files', () => {
  const unused = join(tmpdir(), 'alloc-counter-no-such-folder');

  it('resolves names against cwd, keeps their order and drops duplicates', () => {
    touch('test_b.ts', 'other.mjs');
    mkdirSync(join(dir, 'sub'));
    touch(join('sub', 'test_a.js'));
    const files = discoverTestFiles(['test_b.ts', 'sub/test_a.js', join(dir, 'test_b.ts'), 'other.mjs'], unused, dir);
    expect(files).toEqual([join(dir, 'test_b.ts'), join(dir, 'sub', 'test_a.js'), join(dir, 'other.mjs')]);
  });

  it('refuses a missing file', () => {
    expect(() => discoverTestFiles(['test_gone.ts'], unused, dir)).toThrow(
      new UsageError('no such test file: test_gone.ts'),
    );
  });

  it('refuses a folder named as a file', () => {
    mkdirSync(join(dir, 'test_folder.ts'));
    expect(() => discoverTestFiles(['test_folder.ts'], unused, dir)).toThrow(
      new UsageError('no such test file: test_folder.ts'),
    );
  });

  it('refuses a file with another extension', () => {
    touch('test_a.cjs');
    expect(() => discoverTestFiles(['test_a.cjs'], unused, dir)).toThrow(
      new UsageError('test_a.cjs: a test file must end in .ts, .mts, .js, .mjs'),
    );
  });
});
