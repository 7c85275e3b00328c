import { describe, expect, it } from 'vitest';
import { file, identifier, report } from '../fixtures/reports.js';
import type { ReportIdentifier } from '../outcomes.js';
import { buildStepSummary, STEP_SUMMARY_LIMIT } from './summary.js';

const TS = 'tests/test_a.ts';
const over = identifier('test_over', {
  total_allocations: [1200, 1050, 'fail'],
  remaining_allocations: [0, 0, 'pass'],
});
const better = identifier('test_better', { total_allocations: [500, 1000, 'improved'] });
const same = identifier('test_same', { total_allocations: [1000, 1000, 'pass'] });
const summary = { files: 1, identifiers: 3, passed: 2, failed: 1, improved: 1 };

const headings = (text: string): string[] => text.split('\n').filter((l) => /^(#+ |<details>)/.test(l));

describe('buildStepSummary', () => {
  it('gives the verdict, then regressions, improvements and the folded identifiers within their limits', () => {
    const text = buildStepSummary(report([file(TS, [same, better, over])], { summary, exitCode: 1 }));
    expect(headings(text)).toEqual([
      '### :x: alloc-counter: 1 failed, 2 passed (exit 1)',
      '#### Regressions',
      '#### Improvements',
      '<details><summary>1 identifier within their limits</summary>',
    ]);
    expect(text).toContain('| test\\_over | total\\_allocations | 1200 | 1050 | +150 (+14.3%) |');
    expect(text).toContain('| test\\_better | total\\_allocations | 500 | 1000 | -500 (-50.0%) |');
    expect(text).toContain(`| test\\_same | tests/test\\_a.ts | 1000 | unavailable | unavailable |`);
    // Exit 1: no limits to commit.
    expect(text).not.toContain('Limits to commit');
  });

  it('lists files that failed among the regressions, escaped', () => {
    const crashed = file('tests/te|st_<b>x</b>.ts', [], {
      kind: 'crash',
      phase: null,
      message: 'killed\n<script>alert(1)</script> *now*',
      stack: null,
    });
    const text = buildStepSummary(report([crashed], { summary: { ...summary, failed: 1 }, exitCode: 1 }));
    expect(text).toContain(
      '- tests/te\\|st\\_&lt;b&gt;x&lt;/b&gt;.ts: crash: killed &lt;script&gt;alert(1)&lt;/script&gt; \\*now\\*',
    );
    expect(text).not.toContain('<script>');
  });

  it('on exit 3, gives the baselines.json entries to commit, lowered as --update-baselines would', () => {
    const improved = identifier('test_x', {
      total_allocations: [1000, 2000, 'improved'],
      remaining_allocations: [3, 10, 'improved'],
      total_allocated_bytes: [48000, 48000, 'pass'],
    });
    const text = buildStepSummary(report([file(TS, [improved])], { exitCode: 3, summary: { ...summary, failed: 0 } }));
    expect(headings(text)[0]).toBe(
      '### :warning: alloc-counter: 2 passed; 1 figures are below their limits: lower them (exit 3)',
    );
    const block = /```json\n([\s\S]*?)\n```/.exec(text)?.[1];
    // 1000 + 0.1% = 1001, rounded up to a multiple of 50; remaining is exact.
    expect(JSON.parse(block!)).toEqual({
      runtimes: { 'node-20': { limits: { x: { total_allocations: 1050, remaining_allocations: 3 } } } },
    });
    expect(text).not.toContain('default one');
  });

  it("uses the report's headroom, or the default one when the report has none, and says so", () => {
    const improved = identifier('test_x', { total_allocations: [1000, 2000, 'improved'] });
    const headroom = { exactBelow: 10, roundTo: 100 };
    const policy = { allowMissing: false, allowImprovements: false, headroom };
    const own = buildStepSummary(report([file(TS, [improved])], { exitCode: 3, policy }));
    expect(own).toContain('"total_allocations": 1100');
    const old = buildStepSummary(report([file(TS, [improved])], { exitCode: 3, policy: undefined }));
    expect(old).toContain('"total_allocations": 1050');
    expect(old).toContain('these use the default one');
  });

  it('names env vars to lower for limits from the environment', () => {
    const improved = identifier('test_x', { total_allocations: [1000, 2000, 'improved'] });
    improved.verdicts[0]!.limit = { value: 2000, source: 'MAX_ALLOCS_ALLOWED_x', kind: 'env' };
    const text = buildStepSummary(report([file(TS, [improved])], { exitCode: 3 }));
    expect(text).toContain('- lower MAX\\_ALLOCS\\_ALLOWED\\_x to 1050');
    expect(text).not.toContain('```json');
  });
});

describe('buildStepSummary within 1 MiB', () => {
  const longName = (kind: string, i: number) => `test_${kind}_${'très_long_nom_😀_'.repeat(10)}${i}`;
  function many(kind: string, count: number, status: 'fail' | 'improved' | 'pass'): ReportIdentifier[] {
    const value = status === 'fail' ? 2000 : status === 'improved' ? 100 : 1000;
    return Array.from({ length: count }, (_, i) =>
      identifier(longName(kind, i), {
        total_allocations: [value, 1000, status],
        total_allocated_bytes: [value * 48, 48000, status],
        remaining_allocations: [0, 0, 'pass'],
      }),
    );
  }
  const bytes = (text: string): number => Buffer.byteLength(text);
  const huge = (failing: number) =>
    report(
      [
        file(`tests/${'deep/'.repeat(40)}test_huge.ts`, [
          ...many('pass', 6000, 'pass'),
          ...many('better', 3000, 'improved'),
          ...many('worse', failing, 'fail'),
        ]),
      ],
      {
        exitCode: failing > 0 ? 1 : 3,
        summary: { files: 1, identifiers: 9000 + failing, passed: 9000, failed: failing, improved: 6000 },
      },
    );

  it('cuts the folded identifiers, then improvement rows, and still starts with the regressions', () => {
    const text = buildStepSummary(huge(1000));
    expect(bytes(text)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    expect(bytes(text)).toBeGreaterThan(STEP_SUMMARY_LIMIT - 2000);
    expect(headings(text).slice(0, 3)).toEqual([
      '### :x: alloc-counter: 1000 failed, 9000 passed (exit 1)',
      '#### Regressions',
      '#### Improvements',
    ]);
    expect(text).toContain("_6000 identifiers within their limits left out (GitHub's 1 MiB limit for a summary)._");
    expect(text).toMatch(/_\d+ more improvement rows left out \(GitHub's 1 MiB limit for a summary\)\._/);
    // Every regression row is there.
    expect(text.split('\n').filter((l) => l.startsWith('| test\\_worse'))).toHaveLength(2000);
  });

  it('cuts regression rows too when they alone are too many', () => {
    const text = buildStepSummary(huge(9000));
    expect(bytes(text)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    expect(headings(text)[1]).toBe('#### Regressions');
    expect(text).toMatch(/_\d+ more regression rows left out/);
    expect(text).not.toContain('| test\\_better');
  });

  it('fits what is left of the budget', () => {
    const text = buildStepSummary(report([file(TS, [same, better, over])], { summary, exitCode: 1 }), 700);
    expect(bytes(text)).toBeLessThanOrEqual(700);
    expect(text).toContain('#### Regressions');
    expect(text).toContain('left out');
  });
});
