// Native (malloc) counting, parent side: whether the child can have our
// interposer (harness/native/malloc_counter.c) preloaded, and the env that
// preloads it. Where it cannot, the reason travels to the report: native
// figures are then "unavailable", never 0.
import { existsSync } from 'node:fs';
import type { NativeSetup } from '../../protocol.js';

/** Set to 1 to leave native counting off (e.g. to compare run times, or under another LD_PRELOAD tool). */
export const DISABLE_NATIVE_ENV = 'ALLOC_COUNTER_NO_NATIVE';

export function nativeSetup(args: {
  count: boolean;
  platform: NodeJS.Platform;
  libraryPath: string;
  env: NodeJS.ProcessEnv;
}): NativeSetup {
  if (!args.count) return { available: false, reason: 'not counting (--no-count)' };
  if (args.env[DISABLE_NATIVE_ENV] === '1')
    return { available: false, reason: `turned off by ${DISABLE_NATIVE_ENV}=1` };
  if (args.platform !== 'linux') {
    return { available: false, reason: `malloc interposing needs Linux (LD_PRELOAD); this is ${args.platform}` };
  }
  if (!existsSync(args.libraryPath)) {
    return {
      available: false,
      reason: `${args.libraryPath} is not built: run 'npm run build:native' (needs python3, make and a C compiler)`,
    };
  }
  return { available: true, libraryPath: args.libraryPath };
}

/** The child's environment, with our library first in LD_PRELOAD when native counting is available. */
export function withNativePreload(env: NodeJS.ProcessEnv, setup: NativeSetup): NodeJS.ProcessEnv {
  if (!setup.available) return env;
  const others = env.LD_PRELOAD?.trim();
  return { ...env, LD_PRELOAD: others ? `${setup.libraryPath}:${others}` : setup.libraryPath };
}
