import { afterEach, describe, expect, it } from 'vitest';
import { type ProgressLine, progressLine } from './progress-line.js';

/** A terminal that keeps what was written. */
function terminal(isTTY = true) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 80, write: (text: string) => writes.push(text) } };
}

let line: ProgressLine | undefined;
afterEach(() => line?.stop());

describe('progressLine', () => {
  it('rewrites one line in place as files start and finish', () => {
    const { writes, stream } = terminal();
    let clock = 0;
    line = progressLine(3, stream, {}, () => clock);
    line.started('/s/test_a.ts');
    clock = 1500;
    line.started('/s/test_b.ts');
    line.finished('/s/test_a.ts');
    expect(writes).toEqual([
      '\r[0/3] running test_a.ts  0.0 s\u001b[K',
      '\r[0/3] running test_a.ts, test_b.ts  1.5 s\u001b[K',
      '\r[1/3] running test_b.ts  1.5 s\u001b[K',
    ]);
  });

  it("clears the line before a file's block and draws it again after; clears it at the end", () => {
    const { writes, stream } = terminal();
    line = progressLine(2, stream, {}, () => 0);
    line.started('/s/test_a.ts');
    line.finished('/s/test_a.ts');
    writes.length = 0;
    const order: string[] = [];
    line.around(() => order.push(`printed after ${JSON.stringify(writes.at(-1))}`));
    expect(order).toEqual(['printed after "\\r\\u001b[K"']);
    expect(writes.at(-1)).toBe('\r[1/2]  0.0 s\u001b[K');
    line.stop();
    expect(writes.at(-1)).toBe('\r\u001b[K');
  });

  it.each([
    ['not a TTY', terminal(false), {}],
    ['on CI', terminal(true), { CI: 'true' }],
  ])('writes nothing %s, and prints blocks as they come', (_, { writes, stream }, env) => {
    line = progressLine(1, stream, env, () => 0);
    line.started('/s/test_a.ts');
    let printed = false;
    line.around(() => {
      printed = true;
    });
    line.finished('/s/test_a.ts');
    line.stop();
    expect(printed).toBe(true);
    expect(writes).toEqual([]);
  });

  it('leaves no listener behind', () => {
    const before = process.listenerCount('SIGINT');
    line = progressLine(1, terminal().stream, {}, () => 0);
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    line.stop();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('takes a terminal of no known width as 80 columns wide', () => {
    const { writes, stream } = terminal();
    line = progressLine(1, { ...stream, columns: 0 }, {}, () => 0);
    line.started('/s/test_a.ts');
    expect(writes).toEqual(['\r[0/1] running test_a.ts  0.0 s\u001b[K']);
  });
});
