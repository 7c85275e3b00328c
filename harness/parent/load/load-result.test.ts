import { describe, expect, it } from 'vitest';
import type { LoadFigures } from '../../metrics.js';
import type { LoadMessage } from '../../protocol.js';
import { baselinesSchema, EMPTY_BASELINES } from '../limits/baselines.js';
import { loadLimitOf, validateLoadLimitEnv } from './load-limits.js';
import { loadFailed, loadResultOf, median } from './load-result.js';
import { loadFailureLines, loadFigureLines } from './load-text.js';

function figures(overrides: Partial<LoadFigures>): LoadFigures {
  return {
    latency_p50_us: 500,
    latency_p90_us: 900,
    latency_p99_us: 2000,
    latency_p999_us: 3000,
    latency_max_us: 4000,
    latency_uncorrected_p99_us: 1500,
    messages_per_second: 2000,
    peak_rss_bytes: 90_000_000,
    cpu_user_us: 100_000,
    cpu_system_us: 50_000,
    server_leaked_fds: 0,
    generator_loop_delay_p99_us: 1000,
    ...overrides,
  };
}

function run(
  index: number,
  overrides: Partial<LoadFigures>,
  limits: LoadMessage['limits'] = { max: {}, min: {} },
): LoadMessage {
  return {
    type: 'load',
    identifier: 'test_x',
    index,
    figures: figures(overrides),
    offered: { mode: 'echo', connections: 100, rate: 20, messagesPerSecond: 2000, warmupMs: 1000, durationMs: 5000 },
    counts: { sent: 10000 },
    checks: [{ name: 'nothing_lost', passed: index !== 2, detail: `run ${index}` }],
    limits,
  };
}

const sources = { env: {}, baselines: EMPTY_BASELINES, baselinesLabel: 'baselines.json', runtimeKey: 'node-20' };

describe('load results', () => {
  it('takes the median of the runs and keeps the spread', () => {
    const result = loadResultOf(
      'test_x',
      [run(0, { latency_p99_us: 9000 }), run(1, { latency_p99_us: 3000 }), run(2, {})],
      sources,
    )!;
    expect(result.figures.latency_p99_us).toBe(3000);
    expect(result.spread.latency_p99_us).toEqual({ min: 2000, max: 9000 });
    expect(median([4, 1, 3, 2])).toBe(3);
  });

  it('fails a check that failed in any run, with that run', () => {
    const result = loadResultOf('test_x', [run(0, {}), run(2, {})], sources)!;
    expect(result.checks).toEqual([{ name: 'nothing_lost', passed: false, detail: 'run 2' }]);
    expect(loadFailed(result)).toBe(true);
  });

  it('checks max and min limits from the test file; env vars come first', () => {
    const limits = { max: { latency_p99_us: 10_000 }, min: { latency_p99_us: 40_000 } };
    const result = loadResultOf('test_x', [run(0, {}, limits)], sources)!;
    const p99 = result.verdicts.filter((v) => v.metric === 'latency_p99_us');
    expect(p99.map((v) => [v.bound, v.status, v.limit.source])).toEqual([
      ['max', 'pass', 'the test file'],
      ['min', 'fail', 'the test file'],
    ]);
    expect(loadFailureLines('test_x', result)).toContain(
      'FAILED: test_x.latency_p99_us: 2000 < 40000 required (min limit; the test file)',
    );
    const env = { MAX_LATENCY_P99_US_x: '1000' };
    expect(loadLimitOf('test_x', 'latency_p99_us', 'max', limits, { ...sources, env })).toEqual({
      value: 1000,
      source: 'MAX_LATENCY_P99_US_x',
    });
  });

  it('reads limits from baselines.json under the identifier', () => {
    const baselines = baselinesSchema.parse({
      ...EMPTY_BASELINES,
      runtimes: {
        'node-20': {
          node: 'v20',
          v8: '11',
          updatedAt: '',
          limits: { x: { total_allocations: 5, max_latency_p99_us: 7000 } },
        },
      },
    });
    expect(loadLimitOf('test_x', 'latency_p99_us', 'max', { max: {}, min: {} }, { ...sources, baselines })).toEqual({
      value: 7000,
      source: 'baselines.json node-20',
    });
  });

  it('fails a saturated generator as such and does not report its latencies', () => {
    const result = loadResultOf('test_x', [run(0, { generator_loop_delay_p99_us: 80_000 })], sources)!;
    expect(result.saturated).toBe(true);
    expect(loadFigureLines('test_x', result)).toContain('test_x.latency_p99_us: not reported (generator saturated)');
    expect(loadFailureLines('test_x', result)[0]).toMatch(/^FAILED: test_x: the load generator was saturated/);
  });

  it('leaks no server fds by default', () => {
    const result = loadResultOf('test_x', [run(0, { server_leaked_fds: 2 })], sources)!;
    expect(result.verdicts.find((v) => v.metric === 'server_leaked_fds')?.status).toBe('fail');
  });

  it('refuses a load limit variable that is not a number', () => {
    expect(() => validateLoadLimitEnv({ MIN_MESSAGES_PER_SECOND_x: 'fast' })).toThrow(
      'MIN_MESSAGES_PER_SECOND_x="fast": a load limit must be a non-negative number',
    );
    expect(() => validateLoadLimitEnv({ MAX_LATENCY_P99_US_x: '10000' })).not.toThrow();
  });
});
