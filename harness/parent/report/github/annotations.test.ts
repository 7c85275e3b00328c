import { describe, expect, it } from 'vitest';
import { file, identifier, report } from '../fixtures/reports.js';
import { annotationLines, MAX_ERROR_ANNOTATIONS } from './annotations.js';

const TS = 'tests/test_a.ts';

/** `count` identifiers, the i-th i+1 percent over its limit of 1000. */
function failing(count: number) {
  return Array.from({ length: count }, (_, i) =>
    identifier(
      `test_a_${i}`,
      { total_allocations: [1000 + 10 * (i + 1), 1000, 'fail'] },
      { site: { file: TS, line: 10 + i, column: 9 } },
    ),
  );
}

const crashed = file('tests/test_crash.ts', [], {
  kind: 'timeout',
  phase: null,
  message: 'timed out after 5 s',
  stack: null,
});

describe('annotationLines', () => {
  it('annotates each failure at its measure() call, escaped for the runner', () => {
    const lines = annotationLines(report([file(TS, failing(1))]));
    expect(lines).toEqual([
      '::error file=tests/test_a.ts,line=10,title=alloc-counter%3A test_a_0::test_a_0.total_allocations: 1010 > 1000 allowed (+1.0%25; baselines.json)',
    ]);
  });

  it('caps errors at 10, the crash and the worst first, and counts the rest in one notice', () => {
    const lines = annotationLines(report([file(TS, failing(15)), crashed]));
    expect(lines).toHaveLength(MAX_ERROR_ANNOTATIONS + 1);
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(10);
    expect(lines[0]).toBe(
      '::error file=tests/test_crash.ts,title=alloc-counter%3A tests/test_crash.ts%3A timeout::timeout: timed out after 5 s',
    );
    // Then furthest over the limit first: test_a_14 (+15%) down to test_a_6.
    expect(lines[1]).toContain('title=alloc-counter%3A test_a_14::');
    expect(lines[9]).toContain('title=alloc-counter%3A test_a_6::');
    expect(lines[10]).toBe(
      '::notice::alloc-counter: 6 more failures are not annotated (GitHub shows 10 per step): see the job summary',
    );
  });

  it('puts every failing figure of an identifier in its one annotation, and a stack on further lines', () => {
    const two = identifier('test_b', { total_allocations: [2, 1, 'fail'], leaked_fds: [1, 0, 'fail'] });
    const threw = file('tests/test_throws.ts', [], {
      kind: 'error',
      phase: 'run',
      message: 'boom',
      stack: 'Error: boom\n    at run (tests/test_throws.ts:4:9)',
    });
    const lines = annotationLines(report([file(TS, [two]), threw]));
    expect(lines[0]).toMatch(/^::error file=tests\/test_throws.ts,line=4,/);
    expect(lines[0]).toMatch(/::error \(run\): boom%0AError: boom%0A {4}at run \(tests\/test_throws.ts:4:9\)$/);
    expect(lines[1]).toMatch(
      /^::error file=tests\/test_a.ts,title=[^:]+::test_b.total_allocations: .+%0Atest_b.leaked_fds/,
    );
  });

  it('prints nothing for a run without failures', () => {
    const passing = identifier('test_c', { total_allocations: [1, 1, 'pass'] });
    expect(annotationLines(report([file(TS, [passing])]))).toEqual([]);
  });
});
