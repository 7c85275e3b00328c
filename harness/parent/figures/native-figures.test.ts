import { describe, expect, it } from 'vitest';
import type { Verdict } from '../limits/check.js';
import { nativeNote, nativeRunFigures, nativeWarnings } from './native-figures.js';

const measured = {
  available: true as const,
  total_native_allocations: 4004,
  total_native_allocated_bytes: 10128386,
  remaining_native_allocations: 4000,
  untrackedBlocks: 0,
};

describe('native figures', () => {
  it("takes a run's figures, or null (never 0) when they are unavailable", () => {
    expect(nativeRunFigures(measured)).toEqual({
      total_native_allocations: 4004,
      total_native_allocated_bytes: 10128386,
      remaining_native_allocations: 4000,
    });
    for (const run of [null, { available: false as const, reason: 'r' }]) {
      expect(Object.values(nativeRunFigures(run))).toEqual([null, null, null]);
    }
  });

  it('warns with the reason and names the limits it could not check', () => {
    const note = nativeNote([{ available: false, reason: 'malloc interposing needs Linux' }]);
    const verdicts: Verdict[] = [
      {
        metric: 'total_native_allocations',
        value: null,
        limit: { value: 5, source: 'MAX_NATIVE_ALLOCS_ALLOWED_x', kind: 'env' },
        status: 'unavailable',
      },
      { metric: 'remaining_native_allocations', value: null, limit: null, status: 'unavailable' },
    ];
    expect(nativeWarnings('test_x', note, verdicts)).toEqual([
      'warning: test_x: native figures unavailable: malloc interposing needs Linux; limits not checked: MAX_NATIVE_ALLOCS_ALLOWED_x',
    ]);
  });

  it('warns that remaining is a lower bound when blocks did not fit the pointer table', () => {
    const note = nativeNote([measured, { ...measured, untrackedBlocks: 7 }]);
    expect(note).toEqual({ unavailable: null, untrackedBlocks: 7 });
    expect(nativeWarnings('test_x', note, [])).toEqual([
      'warning: test_x.remaining_native_allocations: 7 blocks of the window did not fit the pointer table; the figure is a lower bound',
    ]);
    expect(nativeWarnings('test_x', nativeNote([measured]), [])).toEqual([]);
  });
});
