import { describe, expect, it } from 'vitest';
import { formatChanges } from './update-baselines.js';

describe('formatChanges', () => {
  it('lists each change with its signed percentage, or "new" where there was no limit or a limit of 0', () => {
    const text = formatChanges(
      [
        { name: 'a', metric: 'total_allocations', old: 1000, new: 1234 },
        { name: 'b', metric: 'total_allocations', old: 300, new: 200 },
        { name: 'c', metric: 'leaked_fds', old: 0, new: 2 },
        { name: 'd', metric: 'remaining_allocations', old: undefined, new: 7 },
      ],
      3,
      'baselines.json',
      'node-20',
    );
    expect(text.split('\n')).toEqual([
      'baselines.json node-20: 4 limits change, 3 unchanged',
      '  a.total_allocations            1000 -> 1234       (+23.4%)',
      '  b.total_allocations             300 -> 200        (-33.3%)',
      '  c.leaked_fds                      0 -> 2          (new)',
      '  d.remaining_allocations           - -> 7          (new)',
    ]);
  });
});
