// Colour is off here: vitest's workers do not write to a TTY.
import { describe, expect, it } from 'vitest';
import { type Figures, METRIC_NAMES, type MetricName } from '../../metrics.js';
import { DEFAULT_HEADROOM } from '../limits/baselines.js';
import { DEFAULT_TOLERANCE, type Verdict } from '../limits/check.js';
import type { Limit } from '../limits/limits.js';
import type { FileResult, IdentifierResult } from '../run/suite.js';
import {
  countResults,
  exitCodeFor,
  formatFileResult,
  formatSummary,
  type ReportContext,
  type SuiteCounts,
} from './text.js';

const context: ReportContext = {
  allowMissing: false,
  allowImprovements: false,
  baselinesLabel: 'baselines.json',
  command: './run-alloc-counter-tests.sh',
  runtimeKey: 'node-20',
  releaseWarning: null,
  headroom: DEFAULT_HEADROOM,
  policy: { headroom: DEFAULT_HEADROOM, tolerance: DEFAULT_TOLERANCE, remainingTolerance: 0 },
};
const allowingMissing = { ...context, allowMissing: true };

const FIGURES: Figures = {
  total_allocations: 1000,
  total_allocated_bytes: 48000,
  remaining_allocations: 0,
  total_native_allocations: 200,
  total_native_allocated_bytes: 9000,
  remaining_native_allocations: 3,
  leaked_fds: 0,
  leaked_handles: 0,
};
const figureLines = (identifier: string, figures: Figures = FIGURES) =>
  METRIC_NAMES.map((metric) => `${identifier}.${metric}: ${figures[metric]}`);

const fromBaselines = (value: number): Limit => ({ value, source: 'baselines.json node-20', kind: 'baselines' });

/** Verdicts for FIGURES: every metric passes, unless `statuses` says otherwise. */
function verdicts(statuses: Partial<Record<MetricName, { status: Verdict['status']; limit: Limit | null }>> = {}) {
  return METRIC_NAMES.map(
    (metric): Verdict => ({
      metric,
      value: FIGURES[metric],
      ...(statuses[metric] ?? { status: 'pass', limit: fromBaselines(FIGURES[metric] ?? 0) }),
    }),
  );
}

function identifier(name: string, overrides: Partial<IdentifierResult> = {}): IdentifierResult {
  return {
    identifier: name,
    runs: [],
    figures: FIGURES,
    disagreements: [],
    verdicts: verdicts(),
    diagnostics: null,
    native: { unavailable: null, untrackedBlocks: 0 },
    ...overrides,
  };
}

function file(identifiers: IdentifierResult[], overrides: Partial<FileResult> = {}): FileResult {
  return {
    file: '/project/tests/test_a.ts',
    displayName: 'tests/test_a.ts',
    identifiers,
    failure: null,
    output: '',
    durationMs: 1234,
    node: 'v20.20.2',
    v8: '11.3',
    ...overrides,
  };
}

const failing = () =>
  identifier('test_a', { verdicts: verdicts({ total_allocations: { status: 'fail', limit: fromBaselines(900) } }) });
const improved = () =>
  identifier('test_a', {
    verdicts: verdicts({ total_allocations: { status: 'improved', limit: fromBaselines(1200) } }),
  });
const missing = () =>
  identifier('test_a', {
    verdicts: verdicts({
      total_allocations: { status: 'missing', limit: null },
      total_allocated_bytes: { status: 'missing', limit: null },
    }),
  });
const MISSING_LINE =
  'FAILED: test_a: no limit for total_allocations, total_allocated_bytes in baselines.json (node-20): ' +
  'add them with ./run-alloc-counter-tests.sh --update-baselines tests/test_a.ts (or run with --allow-missing)';

const linesOf = (result: FileResult, reportContext = context) => formatFileResult(result, reportContext).split('\n');

describe('formatFileResult', () => {
  it("prints the file, the test's own output and every figure of a passing identifier", () => {
    expect(linesOf(file([identifier('test_a')], { output: 'hello\nworld\n' }))).toEqual([
      '== tests/test_a.ts (1.2 s)',
      '| hello',
      '| world',
      ...figureLines('test_a'),
    ]);
  });

  it('adds a failure line for a figure over its limit', () => {
    expect(linesOf(file([failing()])).slice(1)).toEqual([
      ...figureLines('test_a'),
      'FAILED: test_a.total_allocations: 1000 > 900 allowed (+11.1%; baselines.json node-20)',
    ]);
  });

  it('says how to lower a limit the figure is well below', () => {
    expect(linesOf(file([improved()])).at(-1)).toBe(
      'IMPROVED: test_a.total_allocations: 1000 < 1200 allowed (-16.7%; baselines.json node-20): ' +
        'lower it with ./run-alloc-counter-tests.sh --update-baselines tests/test_a.ts',
    );
  });

  it('fails on missing limits, naming them, unless --allow-missing', () => {
    expect(linesOf(file([missing()])).at(-1)).toBe(MISSING_LINE);
    expect(linesOf(file([missing()]), allowingMissing).slice(1)).toEqual(figureLines('test_a'));
  });

  it('notes JS figures that differ between measured runs, but not native ones', () => {
    const spread = identifier('test_a', {
      disagreements: [
        { metric: 'total_allocations', values: [1000, 1002] },
        { metric: 'total_native_allocations', values: [200, 210] },
      ],
    });
    expect(linesOf(file([spread])).at(-1)).toBe(
      'note: test_a: measured runs differ (total_allocations 1000/1002); the minimum is reported',
    );
  });

  it("prints a file's failure with its stack, below the frame's first line", () => {
    const failure = {
      kind: 'error' as const,
      phase: 'run' as const,
      message: 'boom',
      stack: 'Error: boom\n    at work (tests/test_a.ts:3:9)\n  at main (tests/test_a.ts:7:1)',
    };
    expect(linesOf(file([], { failure }))).toEqual([
      '== tests/test_a.ts (1.2 s)',
      'FAILED: tests/test_a.ts: error (run): boom',
      '    at work (tests/test_a.ts:3:9)',
      '    at main (tests/test_a.ts:7:1)',
    ]);
    const withoutPhase = { ...failure, kind: 'timeout' as const, phase: null, stack: null };
    expect(linesOf(file([], { failure: withoutPhase })).slice(1)).toEqual(['FAILED: tests/test_a.ts: timeout: boom']);
  });

  it('says how many runs ran with --no-count, and no figures', () => {
    const run = { figures: null, operations: null, durationMs: 5, leakedFds: null, leakedHandles: [] };
    const uncounted = identifier('test_a', {
      figures: null,
      verdicts: [],
      runs: [0, 1, 2].map((index) => ({ index, ...run })),
    });
    expect(linesOf(file([uncounted])).slice(1)).toEqual(['test_a: ran 3 measured runs, not counted (--no-count)']);
  });
});

describe('countResults', () => {
  const results = () => [
    file([identifier('test_a'), failing(), improved()]),
    file([missing()], { failure: { kind: 'crash', phase: null, message: 'SIGSEGV', stack: null } }),
  ];

  it('counts identifiers that failed or lack limits, those of a file that failed, and improved figures', () => {
    expect(countResults(results(), context)).toEqual({ files: 2, identifiers: 4, passed: 2, failed: 2, improved: 1 });
  });

  it('passes identifiers without limits with --allow-missing, not those of a failed file', () => {
    expect(countResults(results(), allowingMissing)).toEqual({
      files: 2,
      identifiers: 4,
      passed: 2,
      failed: 2,
      improved: 1,
    });
  });

  it('counts a failed file once: its one identifier failed, or itself when it measured none', () => {
    const failure = { kind: 'protocol' as const, phase: null, message: 'a lie', stack: null };
    expect(countResults([file([identifier('test_a')], { failure })], context)).toMatchObject({ passed: 0, failed: 1 });
    expect(countResults([file([], { failure })], context)).toMatchObject({ passed: 0, failed: 1 });
  });
});

describe('exitCodeFor', () => {
  const counts = (failed: number, improved: number): SuiteCounts => ({
    files: 1,
    identifiers: 3,
    passed: 3 - failed,
    failed,
    improved,
  });
  const allowingImprovements = { ...context, allowImprovements: true };

  it('is 1 on failures, improvements or not', () => {
    expect(exitCodeFor(counts(1, 0), context)).toBe(1);
    expect(exitCodeFor(counts(1, 2), allowingImprovements)).toBe(1);
  });

  it('is 3 on improvements alone, 0 with --allow-improvements', () => {
    expect(exitCodeFor(counts(0, 2), context)).toBe(3);
    expect(exitCodeFor(counts(0, 2), allowingImprovements)).toBe(0);
  });

  it('is 0 otherwise', () => {
    expect(exitCodeFor(counts(0, 0), context)).toBe(0);
  });
});

describe('formatSummary', () => {
  const counts = { files: 2, identifiers: 5, passed: 4, failed: 1, improved: 0 };

  it('gives the sizes, wall time and Node release, then passed and failed', () => {
    expect(formatSummary(counts, 12_345, 'v20.20.2', context).split('\n')).toEqual([
      'files: 2, identifiers: 5, wall time: 12.3 s, node v20.20.2',
      'alloc-counter: 4 passed, 1 failed',
    ]);
  });

  it('repeats the release warning, and says what improvements lead to', () => {
    const warned = { ...context, releaseWarning: 'warning: measured elsewhere' };
    const improvedCounts = { ...counts, failed: 0, improved: 2 };
    expect(formatSummary(improvedCounts, 1000, 'v20.20.2', warned).split('\n').slice(1)).toEqual([
      'warning: measured elsewhere',
      'improvements: 2 figures are below their limits by more than the tolerance: exit 3 (--allow-improvements accepts them)',
      'alloc-counter: 4 passed, 0 failed',
    ]);
    const accepted = formatSummary(improvedCounts, 1000, 'v20.20.2', { ...context, allowImprovements: true });
    expect(accepted).toContain('by more than the tolerance: accepted (--allow-improvements)');
  });
});
