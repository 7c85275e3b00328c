import { describe, expect, it } from 'vitest';
import { formatProgress } from './progress.js';

describe('formatProgress', () => {
  const state = {
    done: 12,
    total: 34,
    running: ['/work/suite/test_a.ts', '/work/suite/test_b.ts'],
    elapsedMs: 41_234,
  };

  it('says what is done, what is running and for how long', () => {
    expect(formatProgress(state, 80)).toBe('[12/34] running test_a.ts, test_b.ts  41.2 s');
  });

  it('leaves out the running part when nothing runs', () => {
    expect(formatProgress({ ...state, done: 34, running: [] }, 80)).toBe('[34/34]  41.2 s');
  });

  it('cuts the names to the width, keeping the count and the time', () => {
    const line = formatProgress(state, 30);
    expect(line).toBe('[12/34] running test…  41.2 s');
    expect(line.length).toBe(29);
  });

  it('never writes into the last column, however narrow', () => {
    for (const columns of [1, 5, 10, 16, 17, 20]) {
      expect(formatProgress(state, columns).length).toBeLessThanOrEqual(columns - 1);
    }
  });
});
