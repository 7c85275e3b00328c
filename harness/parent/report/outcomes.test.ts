import { describe, expect, it } from 'vitest';
import { file, identifier, report, verdict } from './fixtures/reports.js';
import { deltaOf, failureLineInFile, identifierOutcomes, oneLine, percentOver } from './outcomes.js';

const missing = identifier('test_m', { total_allocations: [5, null, 'missing'] });
const over = identifier('test_o', { total_allocations: [1100, 1000, 'fail'] });

describe('identifierOutcomes', () => {
  it('fails a figure without a limit as the policy says', () => {
    const policy = { allowMissing: true, allowImprovements: false, headroom: { exactBelow: 1000, roundTo: 50 } };
    expect(identifierOutcomes(report([file('a.ts', [missing])]))[0]!.status).toBe('failed');
    expect(identifierOutcomes(report([file('a.ts', [missing])], { policy }))[0]!.status).toBe('passed');
  });

  it('infers it for a report without a policy from whether the file passed', () => {
    const failedFile = { ...file('a.ts', [missing]), passed: false };
    expect(identifierOutcomes(report([failedFile], { policy: undefined }))[0]!.status).toBe('failed');
    expect(identifierOutcomes(report([file('a.ts', [missing])], { policy: undefined }))[0]!.status).toBe('passed');
    // Another identifier over its limit explains the failed file: the missing one is not held against it.
    const both = { ...file('a.ts', [missing, over]), passed: false };
    expect(identifierOutcomes(report([both], { policy: undefined })).map((o) => o.status)).toEqual([
      'passed',
      'failed',
    ]);
  });

  it('says improved and skipped', () => {
    const improved = identifier('test_i', { total_allocations: [500, 1000, 'improved'] });
    const skipped = identifier('test_s', {}, { uncounted: true });
    expect(identifierOutcomes(report([file('a.ts', [improved, skipped])])).map((o) => o.status)).toEqual([
      'improved',
      'skipped',
    ]);
  });
});

describe('deltas', () => {
  it('gives the difference and its percentage, none against a limit of 0', () => {
    expect(deltaOf(verdict('total_allocations', [1100, 1000, 'fail']))).toEqual({ delta: 100, percent: 10 });
    expect(deltaOf(verdict('leaked_fds', [2, 0, 'fail']))).toEqual({ delta: 2, percent: null });
    expect(deltaOf(verdict('total_native_allocations', [null, 10, 'unavailable']))).toBeNull();
  });

  it('ranks anything over a limit of 0 above any percentage', () => {
    expect(percentOver(verdict('leaked_fds', [1, 0, 'fail']))).toBe(Number.POSITIVE_INFINITY);
    expect(percentOver(verdict('total_allocations', [3000, 1000, 'fail']))).toBe(200);
  });
});

describe('failureLineInFile', () => {
  const failure = (file: string, stack: string | null) => ({
    file,
    output: '',
    durationMs: 1,
    failure: { kind: 'error', phase: 'run', message: 'boom', stack },
  });

  it('takes the first frame in the test file, from an absolute path or a file URL', () => {
    const stack = [
      'Error: boom',
      '    at helper (/repo/tests/lib/util.ts:3:9)',
      '    at <anonymous> (/repo/tests/test_a.ts:6:11)',
      '    at async Module.run (/repo/tests/test_a.ts:5:3)',
    ].join('\n');
    expect(failureLineInFile(failure('tests/test_a.ts', stack))).toBe(6);
    expect(failureLineInFile(failure('tests/test_b.mjs', 'at run (file:///repo/tests/test_b.mjs:9:1)'))).toBe(9);
  });

  it('gives nothing without a frame in the file, or without a stack', () => {
    expect(failureLineInFile(failure('tests/test_a.ts', 'at x (/repo/other/xtests/test_a.ts:1:1)'))).toBeUndefined();
    expect(failureLineInFile(failure('a.ts', 'at x (/repo/b.ts:1:1)'))).toBeUndefined();
    expect(failureLineInFile(failure('a.ts', null))).toBeUndefined();
  });
});

describe('oneLine', () => {
  it('flattens whitespace and cuts long text', () => {
    expect(oneLine('a\n  b\r\nc')).toBe('a b c');
    expect(oneLine('x'.repeat(10), 5)).toBe('xxxx…');
  });
});
