import { describe, expect, it } from 'vitest';
import { measureCallFor, measureCalls } from './measure-calls.js';

const SOURCE = [
  "import { measure } from 'alloc-counter';",
  '// measure(identifier) in a comment is no call',
  'export async function run(identifier: string) {',
  "  await measure(identifier + '_empty_sync', () => {});",
  "  await measure(identifier + '_empty_async', async () => {});",
  '  for (const name of [identifier]) {',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the test's source holds a template literal
  '    await measure(`${name}_from_fresh_buffer`, () => f(1, 2));',
  '  }',
  '  /* measure("x") */ await measure(identifier, () => {});',
  '}',
].join('\n');

describe('measureCalls', () => {
  it('finds every call with its 1-based line and column and the literals of its first argument', () => {
    expect(measureCalls(SOURCE)).toEqual([
      { line: 4, column: 9, literals: ['_empty_sync'] },
      { line: 5, column: 9, literals: ['_empty_async'] },
      { line: 7, column: 11, literals: ['_from_fresh_buffer'] },
      { line: 9, column: 28, literals: [] },
    ]);
  });

  it('finds none in a file without calls', () => {
    expect(measureCalls('export function run() {}\n')).toEqual([]);
  });
});

describe('measureCallFor', () => {
  const calls = measureCalls(SOURCE);
  it('picks the call whose literals spell the identifier, the longest match', () => {
    expect(measureCallFor(calls, 'test_calibration_empty_sync')?.line).toBe(4);
    expect(measureCallFor(calls, 'test_calibration_empty_async')?.line).toBe(5);
    expect(measureCallFor(calls, 'test_ws_masked_from_fresh_buffer')?.line).toBe(7);
  });

  it('falls back to a call named by the identifier alone, and finds nothing without calls', () => {
    expect(measureCallFor(calls, 'test_other')?.line).toBe(9);
    expect(measureCallFor([], 'test_other')).toBeUndefined();
  });

  it('wants the literals in order', () => {
    const [call] = measureCalls("measure('_b' + x + '_a', w)");
    expect(measureCallFor([call!], 'test_a_b')).toBeUndefined();
    expect(measureCallFor([call!], 'test_b_then_a')).toBe(call);
  });
});
