import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import type { Baselines } from './baselines.js';
import { type LimitSources, limitOf, validateLimitEnv } from './limits.js';

const writtenBy = { node: 'v20.20.2', v8: '11.3', updatedAt: '2026-01-01T00:00:00.000Z' };
const baselines: Baselines = {
  schemaVersion: 1,
  runtimes: {
    'node-20': {
      ...writtenBy,
      limits: { x: { total_allocations: 1200, remaining_allocations: 9, leaked_fds: 1 } },
      lowest: { x: { remaining_allocations: 7 } },
    },
  },
};
const sources = (env: NodeJS.ProcessEnv = {}): LimitSources => ({
  env,
  baselines,
  baselinesLabel: 'baselines.json',
  runtimeKey: 'node-20',
});

describe('limitOf', () => {
  it('takes the env var first, trimmed, naming the variable', () => {
    expect(limitOf('test_x', 'total_allocations', sources({ MAX_ALLOCS_ALLOWED_x: ' 1500 ' }))).toEqual({
      value: 1500,
      source: 'MAX_ALLOCS_ALLOWED_x',
      kind: 'env',
    });
  });

  it('then baselines.json for the running Node major, carrying the lowest figure seen', () => {
    expect(limitOf('test_x', 'total_allocations', sources())).toEqual({
      value: 1200,
      source: 'baselines.json node-20',
      kind: 'baselines',
    });
    expect(limitOf('test_x', 'remaining_allocations', sources())).toEqual({
      value: 9,
      source: 'baselines.json node-20',
      kind: 'baselines',
      lowest: 7,
    });
  });

  it("takes baselines.json over the metric's default", () => {
    expect(limitOf('test_x', 'leaked_fds', sources())).toMatchObject({ value: 1, kind: 'baselines' });
  });

  it("then the metric's default, else no limit at all", () => {
    expect(limitOf('test_x', 'leaked_handles', sources())).toEqual({ value: 0, source: 'default', kind: 'default' });
    expect(limitOf('test_y', 'remaining_allocations', sources())).toEqual({
      value: 0,
      source: 'default',
      kind: 'default',
    });
    expect(limitOf('test_y', 'total_allocations', sources())).toBeNull();
  });

  it('looks only under the running runtime key', () => {
    expect(limitOf('test_x', 'total_allocations', { ...sources(), runtimeKey: 'node-22' })).toBeNull();
  });
});

describe('validateLimitEnv', () => {
  it.each(['0', '12', ' 7 '])('accepts %j', (value) => {
    expect(() => validateLimitEnv({ MAX_ALLOCS_ALLOWED_x: value })).not.toThrow();
  });

  it.each(['-1', '1.5', 'abc', '', '1e3', '007', '9007199254740993', '99999999999999999999'])('rejects %j', (value) => {
    expect(() => validateLimitEnv({ MAX_REMAINING_ALLOCS_ALLOWED_x: value })).toThrow(
      `MAX_REMAINING_ALLOCS_ALLOWED_x=${JSON.stringify(value)}: a limit must be a non-negative integer`,
    );
  });

  it('is a usage error (exit 2), raised before anything runs', () => {
    expect(() => validateLimitEnv({ MAX_LEAKED_FDS_ALLOWED_x: 'abc' })).toThrow(UsageError);
  });

  it('leaves other variables alone', () => {
    expect(() => validateLimitEnv({ PATH: '-1', MAX_ALLOCS: 'abc' })).not.toThrow();
  });
});
