import { describe, expect, it } from 'vitest';
import { childNodeFlags } from './child-flags.js';

// The figures in baselines.json were measured with exactly these flags, in this order.
const flags = [
  '--expose-gc',
  '--no-opt',
  '--no-use-ic',
  '--predictable',
  '--predictable-gc-schedule',
  '--no-minor-gc-task',
  '--no-baseline-batch-compilation',
  '--no-compact',
];

describe('childNodeFlags', () => {
  it('gives the measured flags, in order, before Node 22', () => {
    expect(childNodeFlags(20)).toEqual(flags);
  });

  it('adds --no-maglev from Node 22 on', () => {
    expect(childNodeFlags(22)).toEqual([...flags, '--no-maglev']);
    expect(childNodeFlags(24)).toEqual([...flags, '--no-maglev']);
  });

  it('makes the sampling heap profiler sample at exact intervals for sampling counting only', () => {
    expect(childNodeFlags(20, 'sampling')).toEqual([...flags, '--sampling-heap-profiler-suppress-randomness']);
    expect(childNodeFlags(24, 'snapshot')).toEqual([...flags, '--no-maglev']);
  });
});
