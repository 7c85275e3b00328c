import { describe, expect, it } from 'vitest';
import { DEFAULT_HEADROOM } from './baselines.js';
import { DEFAULT_TOLERANCE, isImprovement } from './check.js';

const policy = { headroom: DEFAULT_HEADROOM, tolerance: DEFAULT_TOLERANCE };
const fromFile = (value: number, lowest?: number) => ({ value, source: 'baselines.json node-20', kind: 'baselines' as const, ...(lowest === undefined ? {} : { lowest }) });

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

  it('gives native figures a 10% tolerance, since they vary between processes', () => {
    expect(isImprovement('total_native_allocated_bytes', 14_694, fromFile(16_250), policy)).toBe(false);
    expect(isImprovement('total_native_allocated_bytes', 12_000, fromFile(16_250), policy)).toBe(true);
  });

  it('never calls a default limit loose', () => {
    expect(isImprovement('remaining_allocations', 0, { value: 0, source: 'default', kind: 'default' }, policy)).toBe(false);
  });
});
