import { describe, expect, it } from 'vitest';
import type { ChildMessage } from '../../protocol.js';
import { parseChannel } from './channel.js';

const hello: ChildMessage = { type: 'hello', pid: 7, node: 'v24.0.0', v8: '13.6', execArgv: ['--expose-gc'] };
const run: ChildMessage = {
  type: 'run',
  identifier: 'a',
  index: 0,
  files: null,
  operations: 1,
  durationMs: 2,
  leakedFds: [],
  leakedHandles: [],
};
const native: ChildMessage = { type: 'native', identifier: 'a', index: 0, native: { available: false, reason: 'r' } };
const load: ChildMessage = {
  type: 'load',
  identifier: 'a',
  index: 0,
  figures: {
    latency_p50_us: 1,
    latency_p90_us: 2,
    latency_p99_us: 3,
    latency_p999_us: 4,
    latency_max_us: 5,
    latency_uncorrected_p99_us: 3,
    messages_per_second: 100,
    peak_rss_bytes: null,
    cpu_user_us: null,
    cpu_system_us: null,
    server_leaked_fds: null,
    generator_loop_delay_p99_us: 10,
  },
  offered: { mode: 'echo', connections: 5, rate: 20, messagesPerSecond: 100, warmupMs: 0, durationMs: 1000 },
  counts: { sent: 100 },
  checks: [{ name: 'nothing_lost', passed: true, detail: '' }],
  limits: { max: { latency_p99_us: 10_000 }, min: {} },
};
const measured: ChildMessage = { type: 'measured', identifier: 'a', warmupRuns: 1, measuredRuns: 2 };
const error: ChildMessage = { type: 'error', phase: 'run', message: 'boom', stack: 'at x' };
const done: ChildMessage = { type: 'done' };

const lines = (...items: (ChildMessage | string)[]): string =>
  items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('\n') + '\n';

describe('parseChannel', () => {
  it('collects every kind of message of a clean run', () => {
    expect(parseChannel(lines(hello, run, native, load, measured, done))).toEqual({
      hello,
      runs: [run],
      nativeRuns: [native],
      loadRuns: [load],
      measured: ['a'],
      failure: null,
      done: true,
    });
  });

  it('holds nothing, and no done, for an empty channel', () => {
    expect(parseChannel('')).toEqual({
      hello: null,
      runs: [],
      nativeRuns: [],
      loadRuns: [],
      measured: [],
      failure: null,
      done: false,
    });
  });

  it("keeps the harness's first hello over a later one a test may write", () => {
    const forged: ChildMessage = { ...hello, pid: 1 } as ChildMessage;
    expect(parseChannel(lines(hello, forged, done)).hello).toEqual(hello);
  });

  it('says when done never came', () => {
    const contents = parseChannel(lines(hello, run));
    expect(contents.done).toBe(false);
    expect(contents.failure).toBeNull();
  });

  it('takes a line that is not JSON as a protocol failure naming the line', () => {
    const contents = parseChannel(lines(hello, 'not json', done));
    expect(contents.failure).toMatchObject({ kind: 'protocol', phase: null, stack: null });
    expect(contents.failure?.message).toMatch(/^malformed message from the child: .+: not json$/);
    expect(contents).toMatchObject({ hello, done: true });
  });

  it('takes JSON of the wrong shape as a protocol failure naming the line', () => {
    const line = JSON.stringify({ type: 'run', identifier: 'a' });
    const contents = parseChannel(lines(line));
    expect(contents.failure?.kind).toBe('protocol');
    // The first schema issue, with the field it is about, not zod's multi-line dump.
    expect(contents.failure?.message).toMatch(/^malformed message from the child: index: [^\n[]+: \{/);
    expect(contents.failure?.message.endsWith(`: ${line}`)).toBe(true);
    expect(contents.runs).toEqual([]);
  });

  it('takes an unknown message type as a protocol failure', () => {
    const contents = parseChannel(lines(JSON.stringify({ type: 'bye' })));
    expect(contents.failure?.kind).toBe('protocol');
    expect(contents.failure?.message).toContain('{"type":"bye"}');
  });

  it('escapes the control characters of a malformed line (a NUL, an escape sequence)', () => {
    const contents = parseChannel('\u0000\u001b[2Jx\n');
    expect(contents.failure?.message).toMatch(/: \\u0000\\u001b\[2Jx$/);
    expect([...(contents.failure?.message ?? '')].filter((c) => c.charCodeAt(0) < 0x20)).toEqual([]);
  });

  it('names at most 200 characters of a malformed line', () => {
    const line = 'x'.repeat(300);
    expect(parseChannel(lines(line)).failure?.message.endsWith(`: ${'x'.repeat(200)}`)).toBe(true);
  });

  it('keeps the first failure: an error, then a malformed line', () => {
    const contents = parseChannel(lines(error, 'not json', { ...error, message: 'later' }));
    expect(contents.failure).toEqual({ kind: 'error', phase: 'run', message: 'boom', stack: 'at x' });
  });

  it('keeps the first failure: a malformed line, then an error', () => {
    expect(parseChannel(lines('not json', error)).failure?.kind).toBe('protocol');
  });
});
