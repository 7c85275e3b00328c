import { describe, expect, it } from 'vitest';
import type { FileResult } from '../run/suite.js';
import { distinctValues, repeatSummary } from './repeat.js';

type Triple = [number, number, number];

/** One process's result of one file with identifier `a`: its measured runs' JS figures, native figures fixed. */
function process(runs: Triple[], native = 100): FileResult[] {
  const figures = (t: Triple) => ({
    total_allocations: t[0],
    total_allocated_bytes: t[1],
    remaining_allocations: t[2],
    total_native_allocations: native,
    total_native_allocated_bytes: native * 7,
    remaining_native_allocations: 0,
    leaked_fds: 0,
    leaked_handles: 0,
  });
  const min = (i: 0 | 1 | 2) => Math.min(...runs.map((t) => t[i]));
  const identifier = {
    identifier: 'test_a',
    runs: runs.map((t, index) => ({ index, figures: figures(t) })),
    figures: figures([min(0), min(1), min(2)]),
  };
  return [{ file: 'test_a.ts', identifiers: [identifier] } as unknown as FileResult];
}

describe('repeatSummary', () => {
  it('passes figures and runs that agree, native counts within the tolerance', () => {
    const summary = repeatSummary([
      process(
        [
          [10, 80, 1],
          [9, 72, 1],
        ],
        100,
      ),
      process(
        [
          [10, 80, 1],
          [9, 72, 1],
        ],
        110,
      ),
    ]);
    expect(summary.differing).toBe(0);
    expect(summary.runsDiffering).toBe(0);
    expect(summary.lines).toContain(
      'test_a: JS figures identical in 2 of 2 processes, every measured run too (advisory, not checked: total_native_allocated_bytes vary)',
    );
  });

  it('names each distinct value with the processes that gave it, and fails a JS figure that differs', () => {
    const summary = repeatSummary([process([[10, 80, 1]]), process([[10, 80, 2]]), process([[10, 80, 1]])]);
    expect(summary.differing).toBe(1);
    expect(summary.lines).toContain('  remaining_allocations: DIFFERS: 1 (processes 1, 3), 2 (process 2)');
    expect(summary.lines.at(-1)).toBe('determinism: 1 figure(s) differ across 3 processes');
  });

  it('reports measured runs that differ between processes even when the minimum agrees', () => {
    const summary = repeatSummary([
      process([
        [10, 80, 1],
        [12, 96, 1],
      ]),
      process([
        [12, 96, 1],
        [10, 80, 1],
      ]),
    ]);
    expect(summary.differing).toBe(0);
    expect(summary.runsDiffering).toBe(1);
    expect(summary.lines).toContain(
      '  measured runs (total/bytes/remaining each): 10/80/1 12/96/1 (process 1), 12/96/1 10/80/1 (process 2)',
    );
  });

  it('reports a native total beyond the tolerance without failing, and fails leaked fds that differ', () => {
    const native = repeatSummary([process([[10, 80, 1]], 100), process([[10, 80, 1]], 200)]);
    expect(native.differing).toBe(0);
    expect(native.nativeBeyond).toBe(1);
    expect(native.lines).toContain(
      '  total_native_allocations: spread 100.00%, beyond 1% or 32 (native: reported, not failed): 100 (process 1), 200 (process 2)',
    );
    expect(native.lines.at(-1)).toMatch(
      /^determinism: every JS figure of 1 identifiers identical in 2 of 2 processes; 1 native allocation count\(s\) spread beyond 1% or 32, reported, not failed;/,
    );
    const [first, second] = [process([[10, 80, 1]]), process([[10, 80, 1]])];
    second[0]!.identifiers[0]!.figures!.leaked_fds = 1;
    expect(repeatSummary([first, second]).differing).toBe(1);
  });

  it('counts an identifier missing from a process as differing', () => {
    expect(repeatSummary([process([[1, 8, 0]]), []]).differing).toBe(1);
  });
});

describe('distinctValues', () => {
  it('keeps first-seen order', () => {
    expect(distinctValues([3, 1, 3, null])).toBe('3 (processes 1, 3), 1 (process 2), unavailable (process 4)');
  });
});
