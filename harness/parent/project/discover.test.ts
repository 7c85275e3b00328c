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
    expect(discoverTestFiles([], [dir])).toEqual(
      ['test_a.ts', 'test_b.js', 'test_c.mjs', 'test_d.mts'].map((name) => join(dir, name)),
    );
  });

  it('refuses a folder without test files', () => {
    touch('helper.ts');
    expect(() => discoverTestFiles([], [dir])).toThrow(new UsageError(`no test_*.ts, .mts, .js, .mjs files in ${dir}`));
  });

  it('refuses a missing folder', () => {
    const missing = join(dir, 'missing');
    expect(() => discoverTestFiles([], [missing])).toThrow(new UsageError(`no test folder ${missing}`));
  });
});

describe('discoverTestFiles: named files', () => {
  const unused = [join(tmpdir(), 'alloc-counter-no-such-folder')];

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

  it('takes a folder for the test files in it and its subfolders, skipping node_modules and dot-folders', () => {
    mkdirSync(join(dir, 'perf', 'deep'), { recursive: true });
    mkdirSync(join(dir, 'perf', 'node_modules'));
    mkdirSync(join(dir, 'perf', '.cache'));
    touch(
      'perf/test_b.ts',
      'perf/deep/test_a.mjs',
      'perf/helper.ts',
      'perf/node_modules/test_x.ts',
      'perf/.cache/test_y.ts',
    );
    expect(discoverTestFiles(['perf/'], unused, dir)).toEqual([
      join(dir, 'perf', 'deep', 'test_a.mjs'),
      join(dir, 'perf', 'test_b.ts'),
    ]);
  });

  it('refuses a folder without test files', () => {
    mkdirSync(join(dir, 'empty'));
    expect(() => discoverTestFiles(['empty'], unused, dir)).toThrow(
      new UsageError(`no test_*.ts, .mts, .js, .mjs files in ${join(dir, 'empty')}`),
    );
  });

  it('expands globs: ** any folders, * within a name; refuses one that matches nothing', () => {
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    touch('a/test_1.ts', 'a/b/test_2.ts', 'a/b/bench_3.ts', 'a/b/notes.md');
    expect(discoverTestFiles(['a/**/test_*.ts'], unused, dir)).toEqual([
      join(dir, 'a', 'b', 'test_2.ts'),
      join(dir, 'a', 'test_1.ts'),
    ]);
    expect(discoverTestFiles(['a/*/bench_?.ts'], unused, dir)).toEqual([join(dir, 'a', 'b', 'bench_3.ts')]);
    expect(() => discoverTestFiles(['a/*.mjs'], unused, dir)).toThrow(new UsageError('no test files match a/*.mjs'));
  });

  it('takes several default folders or globs, relative to where it runs', () => {
    mkdirSync(join(dir, 'x'));
    mkdirSync(join(dir, 'y'));
    touch('x/test_a.ts', 'y/test_b.ts', 'y/test_c.js');
    expect(discoverTestFiles([], ['x', 'y/*.js'], dir)).toEqual([
      join(dir, 'x', 'test_a.ts'),
      join(dir, 'y', 'test_c.js'),
    ]);
  });

  it('refuses a file with another extension', () => {
    touch('test_a.cjs');
    expect(() => discoverTestFiles(['test_a.cjs'], unused, dir)).toThrow(
      new UsageError('test_a.cjs: a test file must end in .ts, .mts, .js, .mjs'),
    );
  });
});
