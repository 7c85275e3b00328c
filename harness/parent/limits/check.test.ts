import { describe, expect, it } from 'vitest';
import { type Figures, METRIC_NAMES, type MetricName } from '../../metrics.js';
import { DEFAULT_HEADROOM } from './baselines.js';
import {
  type CheckPolicy,
  checkFigures,
  DEFAULT_TOLERANCE,
  failureLine,
  isImprovement,
  overBy,
  percentChange,
  type Verdict,
  verdictsFail,
} from './check.js';

const policy = { headroom: DEFAULT_HEADROOM, tolerance: DEFAULT_TOLERANCE, remainingTolerance: 0 };
const swiftNioPolicy = { ...policy, remainingTolerance: 4 };
const fromFile = (value: number, lowest?: number) => ({
  value,
  source: 'baselines.json node-20',
  kind: 'baselines' as const,
  ...(lowest === undefined ? {} : { lowest }),
});

describe('isImprovement', () => {
  it('is exact for remaining allocations, below the lowest figure seen when the limit varied', () => {
    expect(isImprovement('remaining_allocations', 6, fromFile(7), policy)).toBe(true);
    expect(isImprovement('remaining_allocations', 7, fromFile(9, 7), policy)).toBe(false);
    expect(isImprovement('remaining_allocations', 6, fromFile(9, 7), policy)).toBe(true);
  });

  it('needs counts to be more than 2% and 50 below what an update would write', () => {
    expect(isImprovement('total_allocations', 100_000, fromFile(100_150), policy)).toBe(false);
    expect(isImprovement('total_allocations', 95_000, fromFile(100_150), policy)).toBe(true);
    expect(isImprovement('total_allocations', 10, fromFile(59), policy)).toBe(false);
  });

  it('calls a native figure an improvement only at half its limit, since they vary between processes', () => {
    expect(isImprovement('total_native_allocated_bytes', 14_694, fromFile(16_250), policy)).toBe(false);
    expect(isImprovement('total_native_allocations', 12_000, fromFile(20_000), policy)).toBe(false);
    expect(isImprovement('total_native_allocations', 5_000, fromFile(20_000), policy)).toBe(true);
  });

  it('with a remaining tolerance, calls remaining an improvement only beyond it', () => {
    expect(isImprovement('remaining_allocations', 3, fromFile(7), swiftNioPolicy)).toBe(false);
    expect(isImprovement('remaining_allocations', 2, fromFile(7), swiftNioPolicy)).toBe(true);
  });
});

describe('checkFigures', () => {
  it('fails remaining allocations only past the limit plus the tolerance', () => {
    const figures = { ...Object.fromEntries(METRIC_NAMES.map((m) => [m, 0])), remaining_allocations: 7 } as Figures;
    const limitOf = (metric: MetricName) => (metric === 'remaining_allocations' ? fromFile(3) : fromFile(0));
    const remaining = (p: CheckPolicy) =>
      checkFigures(figures, limitOf, p).find((v) => v.metric === 'remaining_allocations')!;
    expect(remaining(swiftNioPolicy).status).toBe('pass');
    expect(remaining(policy).status).toBe('fail');
    expect(failureLine('test_x', remaining(policy), policy)).toBe(
      'FAILED: test_x.remaining_allocations: 7 > 3 allowed (+133.3%; baselines.json node-20)',
    );
    const eight = { ...figures, remaining_allocations: 8 };
    const verdict = checkFigures(eight, limitOf, swiftNioPolicy).find((v) => v.metric === 'remaining_allocations')!;
    expect(failureLine('test_x', verdict, swiftNioPolicy)).toBe(
      'FAILED: test_x.remaining_allocations: 8 > 3 allowed (+166.7%; baselines.json node-20, tolerance 4)',
    );
  });

  it('never calls a default limit loose', () => {
    expect(isImprovement('remaining_allocations', 0, { value: 0, source: 'default', kind: 'default' }, policy)).toBe(
      false,
    );
  });
});

describe('verdictsFail', () => {
  const verdict = (status: Verdict['status']): Verdict => ({
    metric: 'total_allocations',
    value: 1,
    limit: null,
    status,
  });

  it('fails on a figure over its limit, whatever the choice about missing limits', () => {
    expect(verdictsFail([verdict('pass'), verdict('fail')], { missingFails: false })).toBe(true);
    expect(verdictsFail([verdict('fail')], { missingFails: true })).toBe(true);
  });

  it('fails on a missing limit only when asked to', () => {
    expect(verdictsFail([verdict('pass'), verdict('missing')], { missingFails: true })).toBe(true);
    expect(verdictsFail([verdict('pass'), verdict('missing')], { missingFails: false })).toBe(false);
  });

  it('passes improved, unavailable and unchecked figures', () => {
    const others = [verdict('pass'), verdict('improved'), verdict('unavailable'), verdict('unchecked')];
    expect(verdictsFail(others, { missingFails: true })).toBe(false);
  });
});

describe('percentChange and overBy', () => {
  it('signs the change in percent of where it started, with one decimal', () => {
    expect(percentChange(1000, 1234)).toBe('+23.4%');
    expect(percentChange(300, 200)).toBe('-33.3%');
    expect(percentChange(7, 7)).toBe('+0.0%');
  });

  it('says how far over a limit of 0 a figure is in units, not percent', () => {
    expect(overBy(5, 0)).toBe('+5 over 0');
    expect(overBy(5, 3)).toBe('+66.7%');
  });
});
