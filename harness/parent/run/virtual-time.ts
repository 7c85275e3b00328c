// Virtual time, parent side: whether the child gets our virtual-time library
// (harness/native/vtime_*.c) preloaded, and the env that preloads it. In a
// child with it, the main thread's clocks move only with what the program
// does (ARCHITECTURE.md, "Virtual time"); where it cannot be used the child
// runs in real time and the reason is printed and recorded in the report.
import { existsSync } from 'node:fs';

/** How the children's clocks ran: recorded in the --json report's settings. */
export type TimeSetup = { mode: 'virtual'; libraryPath: string } | { mode: 'real'; reason: string };

export function timeSetup(args: {
  realTime: boolean;
  count: boolean;
  platform: NodeJS.Platform;
  libraryPath: string;
}): TimeSetup {
  if (args.realTime) return { mode: 'real', reason: '--real-time' };
  if (!args.count) return { mode: 'real', reason: 'not counting (--no-count)' };
  if (args.platform !== 'linux') {
    return { mode: 'real', reason: `virtual time needs Linux (LD_PRELOAD); this is ${args.platform}` };
  }
  if (!existsSync(args.libraryPath)) {
    return {
      mode: 'real',
      reason: `${args.libraryPath} is not built: run 'npm run build:native' (needs python3, make and a C compiler)`,
    };
  }
  return { mode: 'virtual', libraryPath: args.libraryPath };
}

/** One line for the run's output when virtual time was wanted but cannot be had; null otherwise. */
export function timeFallbackLine(setup: TimeSetup): string | null {
  if (setup.mode === 'virtual' || setup.reason === '--real-time' || setup.reason.startsWith('not counting'))
    return null;
  return `alloc-counter: children run in real time (figures of timer-driven workloads may differ between runs): ${setup.reason}`;
}

/**
 * The child's environment with the library in LD_PRELOAD. The library takes
 * itself out of LD_PRELOAD as it loads, so processes a test starts keep real time.
 * `lane`: which of the concurrent children this is (0 to jobs - 1); the library
 * gives servers that listen on port 0 ports of this lane (native/fixed_ports.c).
 */
export function withVirtualTime(env: NodeJS.ProcessEnv, setup: TimeSetup, lane = 0): NodeJS.ProcessEnv {
  if (setup.mode === 'real') return env;
  const others = env.LD_PRELOAD?.trim();
  return {
    ...env,
    LD_PRELOAD: others ? `${others}:${setup.libraryPath}` : setup.libraryPath,
    ALLOC_COUNTER_PORT_LANE: String(lane),
  };
}

/** What the --json report records. */
export function timeReport(setup: TimeSetup): { mode: 'virtual' | 'real'; reason: string | null } {
  return { mode: setup.mode, reason: setup.mode === 'real' ? setup.reason : null };
}
