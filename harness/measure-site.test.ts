// End to end: the report says where each identifier's measure() call is, in
// the test's own source (read by the parent: project/measure-calls.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, runRunner } from './test-support.js';

/** 1-based line and column of every `measure(` call in a source file, in order. */
function measureCalls(path: string): { line: number; column: number }[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((text, index) => {
      const column = text.indexOf('await measure(');
      return column === -1 ? [] : [{ line: index + 1, column: column + 'await '.length + 1 }];
    });
}

describe('measureSite in the JSON report', () => {
  it('names the TypeScript fixture and the line and column of each measure call', async () => {
    const { report } = await runRunner([fixture('test_calibration.ts'), fixture('test_plain_js.mjs')]);
    const [ts, js] = report!.files;
    const calls = measureCalls(fixture('test_calibration.ts'));
    expect(calls).toHaveLength(5);
    expect(ts!.identifiers.map((id) => id.measureSite)).toEqual(
      calls.map((call) => ({ file: 'harness/fixtures/test_calibration.ts', ...call })),
    );
    expect(js!.identifiers[0]!.measureSite).toEqual({
      file: 'harness/fixtures/test_plain_js.mjs',
      ...measureCalls(fixture('test_plain_js.mjs'))[0],
    });
  });
});
