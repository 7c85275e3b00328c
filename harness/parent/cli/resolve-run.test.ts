import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture } from '../../test-support.js';
import { UsageError } from '../errors.js';
import { findProject } from '../project/project.js';
import { type ResolvedRun, resolveRun, type SuiteRun } from './resolve-run.js';

let dir: string;
const savedCache = process.env.ALLOC_COUNTER_NODE_CACHE;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alloc-counter-resolve-'));
  // An empty cache: --node 99 is never fetched.
  process.env.ALLOC_COUNTER_NODE_CACHE = dir;
});
afterEach(() => {
  if (savedCache === undefined) delete process.env.ALLOC_COUNTER_NODE_CACHE;
  else process.env.ALLOC_COUNTER_NODE_CACHE = savedCache;
  rmSync(dir, { recursive: true, force: true });
});

const plain = fixture('test_plain_js.mjs');
/** This repo, as run-alloc-counter-tests.sh runs it. */
const own = findProject(process.cwd(), true);

function usageError(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  try {
    resolveRun(argv, env, own);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

function suite(run: ResolvedRun): SuiteRun {
  if (run.kind !== 'suite') throw new Error(`a ${run.kind} run`);
  return run;
}

describe('resolveRun: usage errors before any work', () => {
  it('looks the Node up (and may build its addon) only once everything else is right', () => {
    expect(usageError(['--node', '99', plain])).toBe('--node 99: Node 99 is not fetched: run scripts/fetch-node.sh 99');
  });

  it('refuses options that do not go together before the Node lookup', () => {
    expect(usageError(['--processes', '2', '--node', '99', plain])).toBe('--processes N goes with --update-baselines');
  });

  it('refuses a bad limit variable before the Node lookup', () => {
    expect(usageError(['--node', '99', plain], { MAX_ALLOCS_ALLOWED_x: '12k' })).toBe(
      'MAX_ALLOCS_ALLOWED_x="12k": a limit must be a non-negative integer',
    );
  });

  it('refuses a missing test file or -t folder before the Node lookup', () => {
    expect(usageError(['--node', '99', 'does/not/exist.ts'])).toBe('no such test file: does/not/exist.ts');
    expect(usageError(['--node', '99', '-t', join(dir, 'none'), plain])).toBe(
      `-t ${join(dir, 'none')}: no such folder`,
    );
  });

  it('refuses a malformed baselines file or --compare-to report before the Node lookup', () => {
    const baselines = join(dir, 'baselines.json');
    writeFileSync(baselines, '{');
    expect(usageError(['--node', '99', '--baselines', baselines, plain])).toMatch(/baselines\.json: not valid JSON/);
    const report = join(dir, 'missing-report.json');
    expect(usageError(['--node', '99', '--compare-to', report, plain])).toMatch(/^--compare-to .*missing-report\.json/);
  });
});

describe('resolveRun', () => {
  it('is help with -h, whatever else is wrong', () => {
    expect(resolveRun(['-h', '--node', '99'], { MAX_ALLOCS_ALLOWED_x: '12k' }, own)).toEqual({ kind: 'help' });
  });

  it('runs --heaptrack on this Node, without counting', () => {
    const run = resolveRun(['--heaptrack', plain, '-t', dir, '--runs', '1'], {}, own);
    expect(run).toMatchObject({ kind: 'heaptrack', file: plain, outDir: dir });
    expect(run.kind === 'heaptrack' && run.child).toMatchObject({
      nodeBinary: process.execPath,
      count: false,
      addonPath: null,
      measuredRuns: 1,
      native: { available: false, reason: 'not counting (--heaptrack)' },
    });
  });

  it('derives the children, limits and report from the options once', () => {
    const env = { MAX_ALLOCS_ALLOWED_plain_js: '10' };
    const run = suite(resolveRun(['-n', '--runs', '4', '--baselines', join(dir, 'none.json'), plain], env, own));
    expect(run.files).toEqual([plain]);
    expect(run.child).toMatchObject({ count: false, counting: 'snapshot', measuredRuns: 4, snapshots: false, env });
    expect(run.child.native).toEqual({ available: false, reason: 'not counting (--no-count)' });
    expect(run.child.time).toEqual({ mode: 'real', reason: 'not counting (--no-count)' });
    expect(run.limitOf('test_plain_js', 'total_allocations')).toMatchObject({ value: 10, kind: 'env' });
    expect(run.context).toMatchObject({ allowMissing: false, releaseWarning: null });
    expect(run.policy.tolerance).toEqual({ percent: 2, minimum: 50 });
  });

  it('has no limits while updating them, and no identifier misses one', () => {
    const env = { MAX_ALLOCS_ALLOWED_plain_js: '10' };
    const run = suite(resolveRun(['--update-baselines', '--baselines', join(dir, 'none.json'), plain], env, own));
    expect(run.limitOf('test_plain_js', 'total_allocations')).toBeNull();
    expect(run.context.allowMissing).toBe(true);
    expect(run.child.count).toBe(true);
  });

  it('asks children for heap snapshots with --profile, also when only failing ones are kept, and not with -n', () => {
    const argv = ['--profile', join(dir, 'prof'), '--profile-failing', plain];
    const run = suite(resolveRun(argv, {}, own));
    expect(run.child.snapshots).toBe(true);
    expect(suite(resolveRun(['-n', ...argv], {}, own)).child.snapshots).toBe(false);
    expect(suite(resolveRun([plain], {}, own)).child.snapshots).toBe(false);
    expect(run.diagnostics).toEqual({ explain: false, profile: { dir: join(dir, 'prof'), failingOnly: true } });
  });

  it('keeps only the shard of the files, and how many there were', () => {
    const files = ['test_plain_js.mjs', 'test_plain_js.js', 'test_calibration.ts'].map(fixture);
    const shards = [1, 2].map((index) =>
      suite(resolveRun(['-n', '--shard', `${index}/2`, '--baselines', join(dir, 'none.json'), ...files], {}, own)),
    );
    expect(shards.map((run) => run.shard)).toEqual([
      { index: 1, count: 2, of: 3 },
      { index: 2, count: 2, of: 3 },
    ]);
    expect(shards.flatMap((run) => run.files).sort()).toEqual([...files].sort());
    expect(suite(resolveRun(['-n', plain], {}, own)).shard).toBeNull();
  });
});
