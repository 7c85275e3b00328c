import { describe, expect, it } from 'vitest';
import { childEntry } from '../project/paths.js';
import { type ChildSettings, childRunSpec } from './child-config.js';

const settings: ChildSettings = {
  nodeBinary: '/opt/node/bin/node',
  nodeMajor: 24,
  addonPath: '/addon.node',
  count: true,
  warmupRuns: 2,
  measuredRuns: 3,
  timeoutSeconds: 120,
  counting: 'snapshot',
  snapshots: false,
  native: { available: true, libraryPath: '/malloc_counter.node' },
  time: { mode: 'virtual', libraryPath: '/virtual_time.node' },
  env: { PATH: '/bin', LD_PRELOAD: '/other.so' },
};

describe('childRunSpec', () => {
  it("gives the child the run's settings and this file", () => {
    const spec = childRunSpec('/suite/test_x.mjs', settings, '/work');
    expect(spec).toEqual({
      nodeBinary: '/opt/node/bin/node',
      nodeMajor: 24,
      childEntry,
      preload: null,
      timeoutSeconds: 120,
      env: {
        PATH: '/bin',
        LD_PRELOAD: '/malloc_counter.node:/other.so:/virtual_time.node',
        ALLOC_COUNTER_PORT_LANE: '0',
      },
      config: {
        testFile: '/suite/test_x.mjs',
        workDir: '/work',
        warmupRuns: 2,
        measuredRuns: 3,
        count: true,
        addonPath: '/addon.node',
        counting: 'snapshot',
        snapshots: false,
        native: { available: true, libraryPath: '/malloc_counter.node' },
      },
    });
  });

  it("tells the library which of the concurrent children this is, for its servers' ports", () => {
    expect(childRunSpec('/suite/test_x.mjs', settings, '/work', 3).env?.ALLOC_COUNTER_PORT_LANE).toBe('3');
  });

  it('loads TypeScript support for TypeScript files only', () => {
    expect(childRunSpec('/suite/test_x.ts', settings, '/work').preload).toMatch(/tsx/);
    expect(childRunSpec('/suite/test_x.mts', settings, '/work').preload).toMatch(/tsx/);
    expect(childRunSpec('/suite/test_x.js', settings, '/work').preload).toBeNull();
  });

  it('leaves the env alone without native counting and virtual time', () => {
    const off = {
      ...settings,
      native: { available: false as const, reason: 'not counting (--no-count)' },
      time: { mode: 'real' as const, reason: 'not counting (--no-count)' },
    };
    expect(childRunSpec('/suite/test_x.mjs', off, '/work').env).toEqual(settings.env);
  });

  it('refuses a config that the child would refuse', () => {
    expect(() => childRunSpec('/suite/test_x.mjs', { ...settings, measuredRuns: 0 }, '/work')).toThrow(/measuredRuns/);
  });
});
