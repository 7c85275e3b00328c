// alloc-counter/vitest: allocation counts as vitest matchers.
//
//   // vitest.config.ts
//   import { defineConfig } from 'vitest/config';
//   import { allocCounter } from 'alloc-counter/vitest';
//   export default defineConfig({ plugins: [allocCounter()] });
//
//   // a test
//   await expect(() => parse(input)).toAllocateAtMost(1200);
import { fileURLToPath } from 'node:url';
import { configuredDefaults } from '../parent/config/apply.js';
import { loadConfig } from '../parent/config/load.js';
import { defaultAddonPath, packageRoot } from '../parent/project/paths.js';
import { findProject } from '../parent/project/project.js';
import { buildAddonOnFirstUse } from '../parent/run/addon-build.js';
import { childNodeFlags } from '../parent/run/child-flags.js';
import { SETTINGS_ENV, type VitestSettings } from './settings.js';

export interface AllocCounterOptions {
  /** Warm-up windows before the measured ones (default 2, as the runner). */
  warmup?: number;
  /** Measured windows; each figure is their minimum (default 3, as the runner). */
  runs?: number;
}

/** The part of vite's Plugin this needs: a name and a config hook (typed loosely so vite's types need not match ours). */
export interface AllocCounterPlugin {
  name: string;
  config(config: { root?: string; test?: { testTimeout?: number } }): Promise<{ test: Record<string, unknown> }>;
}

/** A test's time limit unless the project sets one. */
const DEFAULT_TEST_TIMEOUT_MS = 600_000;

const setupFile = fileURLToPath(new URL('./setup.js', import.meta.url));

/**
 * Sets what counting needs: the forks pool (one process per worker, whose Node
 * flags are the runner's child flags, parent/run/child-flags.ts), the addon
 * (built now if npm's install script did not run), and the setup file that
 * registers the matchers.
 */
export function allocCounter(options: AllocCounterOptions = {}): AllocCounterPlugin {
  return {
    name: 'alloc-counter',
    async config(config) {
      buildAddonOnFirstUse(defaultAddonPath, packageRoot);
      // The project and its configuration, as the runner finds them: the same baselines file.
      const project = findProject(config.root ?? process.cwd(), false);
      const { config: own } = await loadConfig(project);
      const settings: VitestSettings = {
        warmupRuns: options.warmup ?? own.warmup ?? 2,
        measuredRuns: options.runs ?? own.runs ?? 3,
        projectRoot: project.root,
        baselinesPath: configuredDefaults(project, own).baselines,
        headroom: own.headroom ?? null,
      };
      const major = Number(process.versions.node.split('.')[0]);
      return {
        test: {
          pool: 'forks',
          execArgv: childNodeFlags(major),
          setupFiles: [setupFile],
          env: { [SETTINGS_ENV]: JSON.stringify(settings) },
          // Each window serialises a heap snapshot of the worker: seconds, not vitest's default 5 s.
          ...(config.test?.testTimeout === undefined ? { testTimeout: DEFAULT_TEST_TIMEOUT_MS } : {}),
        },
      };
    },
  };
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: merged with vitest's declaration, whose parameters must be repeated exactly
  interface Matchers<T = any> {
    /** Counts the function (warm-ups, then measured windows): total JS allocations equal `count`. */
    toAllocateExactly(count: number): Promise<void>;
    /** Total JS allocations are at most `count`. */
    toAllocateAtMost(count: number): Promise<void>;
    /** Total allocated JS bytes are at most `bytes`. */
    toAllocateBytesAtMost(bytes: number): Promise<void>;
    /** Objects allocated by the function and still alive after a full GC are at most `count`. */
    toRetainAtMost(count: number): Promise<void>;
    /**
     * Within the limits stored for this test in the project's baselines file (per Node major):
     * written on first run, rewritten with `vitest -u`, like toMatchSnapshot.
     */
    toMatchAllocationBaseline(): Promise<void>;
  }
}
