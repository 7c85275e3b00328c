// What a child gets: the settings every child of one run shares, made once
// when the run is resolved, and the one function that turns them into one
// file's child. The config is parsed with its schema here, where it crosses
// into the child, which never loads zod.
import { extname } from 'node:path';
import { childConfigSchema, type NativeSetup } from '../../protocol.js';
import { childEntry } from '../project/paths.js';
import { withNativePreload } from './native-preload.js';
import type { ChildRunSpec } from './run-child.js';
import { type TimeSetup, withVirtualTime } from './virtual-time.js';

export interface ChildSettings {
  nodeBinary: string;
  nodeMajor: number;
  /** The allocation-tracking addon, or null where it is not built or not wanted. */
  addonPath: string | null;
  count: boolean;
  warmupRuns: number;
  measuredRuns: number;
  timeoutSeconds: number;
  /** How JS allocations are counted (--counting). */
  counting: 'snapshot' | 'sampling';
  /** Sampling counting: a heap snapshot of each measured run's remaining window (--explain, --profile, --keep-snapshots). */
  snapshots: boolean;
  /** Native (malloc) counting: the preloaded interposer, or why not (native-preload.ts). */
  native: NativeSetup;
  /** Virtual or real time in the child (virtual-time.ts). */
  time: TimeSetup;
  env: NodeJS.ProcessEnv;
  /** --cpu-profile DIR (made and checked by the runner), or null. */
  cpuProfileDir?: string | null;
}

const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts'];

/** The child that runs `file`, its scratch files in `workDir`; `lane`: which of the concurrent children it is. */
export function childRunSpec(file: string, settings: ChildSettings, workDir: string, lane = 0): ChildRunSpec {
  return {
    nodeBinary: settings.nodeBinary,
    nodeMajor: settings.nodeMajor,
    childEntry,
    preload: TYPESCRIPT_EXTENSIONS.includes(extname(file)) ? import.meta.resolve('tsx') : null,
    timeoutSeconds: settings.timeoutSeconds,
    env: withVirtualTime(withNativePreload(settings.env, settings.native), settings.time, lane),
    config: childConfigSchema.parse({
      testFile: file,
      workDir,
      warmupRuns: settings.warmupRuns,
      measuredRuns: settings.measuredRuns,
      count: settings.count,
      addonPath: settings.addonPath,
      counting: settings.counting,
      snapshots: settings.snapshots,
      native: settings.native,
    }),
  };
}

/**
 * --cpu-profile's uncounted run of `file` (child/cpu-profile-run.ts): Node's normal
 * flags, no addon, no interposer, real time; each workload under the CPU profiler.
 */
export function cpuProfileRunSpec(file: string, settings: ChildSettings, workDir: string): ChildRunSpec {
  const uncounted: ChildSettings = {
    ...settings,
    addonPath: null,
    count: false,
    native: { available: false, reason: 'not counting (--cpu-profile run)' },
    time: { mode: 'real', reason: 'not counting (--cpu-profile run)' },
  };
  const spec = childRunSpec(file, uncounted, workDir);
  return { ...spec, nodeFlags: [], config: { ...spec.config, cpuProfileRun: true } };
}
