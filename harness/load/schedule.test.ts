import { createHistogram } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { recordMicros, summarise } from './histogram.js';
import { dueBy, intendedAt, makeSchedule } from './schedule.js';

describe('the open-loop schedule', () => {
  it('spreads the messages of every connection evenly and counts the warm-up apart', () => {
    // 100 connections x 20 msg/s: one message every 0.5 ms.
    const schedule = makeSchedule(1000, 100, 20, 1000, 5000);
    expect(schedule.total).toBe(12_000);
    expect(schedule.firstMeasured).toBe(2000);
    expect(intendedAt(schedule, 2)).toBe(1001);
    expect(dueBy(schedule, 1001)).toBe(3);
    // Late by 100 ms: everything due by then is sent at once, not dropped.
    expect(dueBy(schedule, 1100)).toBe(201);
    expect(dueBy(schedule, 1e9)).toBe(12_000);
  });
});

describe('latency histograms', () => {
  it('records microseconds and summarises the percentiles', () => {
    const histogram = createHistogram();
    for (let i = 1; i <= 1000; i++) recordMicros(histogram, i * 10);
    recordMicros(histogram, 0.2);
    const summary = summarise(histogram);
    expect(summary.count).toBe(1001);
    expect(summary.p50).toBeGreaterThanOrEqual(4990);
    expect(summary.p50).toBeLessThanOrEqual(5010);
    expect(summary.p99).toBeGreaterThanOrEqual(9890);
    expect(summary.max).toBeGreaterThanOrEqual(10_000);
  });
});
