import { describe, expect, it } from 'vitest';
import { allowance, classifyFigure, DEFAULT_COMPARE_RULES as rules } from './rules.js';

describe('classifyFigure', () => {
  it('is a regression for any rise of leaked fds or handles, an improvement for any fall', () => {
    expect(classifyFigure('leaked_fds', 0, 1, rules)).toBe('regression');
    expect(classifyFigure('leaked_handles', 2, 1, rules)).toBe('improvement');
    expect(classifyFigure('leaked_fds', 1, 1, rules)).toBe('unchanged');
  });

  it('lets remaining_allocations move by the remaining tolerance (4)', () => {
    expect(classifyFigure('remaining_allocations', 8, 12, rules)).toBe('within');
    expect(classifyFigure('remaining_allocations', 8, 13, rules)).toBe('regression');
    expect(classifyFigure('remaining_allocations', 8, 3, rules)).toBe('improvement');
    expect(classifyFigure('remaining_allocations', 8, 10, { ...rules, remainingTolerance: 1 })).toBe('regression');
  });

  it('holds JS counts to their 0.1% headroom of the base figure', () => {
    expect(allowance('total_allocations', 100_000, rules)).toBe(100);
    expect(classifyFigure('total_allocations', 100_000, 100_100, rules)).toBe('within');
    expect(classifyFigure('total_allocations', 100_000, 100_101, rules)).toBe('regression');
    expect(classifyFigure('total_allocated_bytes', 100_000, 99_899, rules)).toBe('improvement');
  });

  it('holds native allocations to 25% and at least 50', () => {
    expect(classifyFigure('total_native_allocations', 1000, 1250, rules)).toBe('within');
    expect(classifyFigure('total_native_allocations', 1000, 1251, rules)).toBe('regression');
    expect(classifyFigure('total_native_allocations', 100, 150, rules)).toBe('within');
    expect(classifyFigure('total_native_allocations', 100, 151, rules)).toBe('regression');
  });

  it('never makes an advisory metric a regression', () => {
    expect(classifyFigure('total_native_allocated_bytes', 1000, 10_000, rules)).toBe('advisory');
    expect(classifyFigure('remaining_native_allocations', 2, 32, rules)).toBe('advisory');
  });

  it('replaces the headroom percentage with --tolerance, keeping the minimum', () => {
    const loose = { ...rules, tolerancePercent: 5 };
    expect(classifyFigure('total_allocations', 100_000, 104_000, loose)).toBe('within');
    expect(classifyFigure('total_native_allocations', 100, 140, loose)).toBe('within');
  });

  it('calls a figure measured on one side only unavailable, on neither unchanged', () => {
    expect(classifyFigure('total_native_allocations', null, 10, rules)).toBe('unavailable');
    expect(classifyFigure('total_native_allocations', null, null, rules)).toBe('unchanged');
  });
});
