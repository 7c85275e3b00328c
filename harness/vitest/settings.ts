// What the plugin (main process) tells the setup file (each worker), through
// one environment variable, as vitest's `test.env` reaches the workers.
import type { BaselineSettings } from './baseline.js';
import type { WindowSettings } from './window.js';

export const SETTINGS_ENV = 'ALLOC_COUNTER_VITEST';

export type VitestSettings = WindowSettings & BaselineSettings;

export function readSettings(env: NodeJS.ProcessEnv): VitestSettings {
  const raw = env[SETTINGS_ENV];
  if (raw === undefined) {
    throw new Error(
      "alloc-counter/vitest: no settings in this worker: add allocCounter() to the plugins of vitest.config.ts (import { allocCounter } from 'alloc-counter/vitest')",
    );
  }
  return JSON.parse(raw) as VitestSettings;
}
