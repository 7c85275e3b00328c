// The child's side of native (malloc) counting: the interposer that the parent
// preloaded (harness/native/malloc_counter.c) is required as an N-API module,
// which returns the preloaded copy. alloc_tracker.cc opens and closes its
// windows (measure.ts's nativeWindow); this module reads the figures after.
import { createRequire } from 'node:module';
import type { NativeRun, NativeSetup } from '../protocol.js';

export interface NativeCounter {
  /** Fills [total, bytes, remaining, untracked] in place. */
  read(out: Float64Array): void;
  /** Stops tracking frees; call once the figures are read. */
  endWindow(): void;
  isInterposing(): boolean;
}

/** What a child measures native memory with: the counter, or why there is none. */
export type NativeCounting = { counter: NativeCounter } | { unavailable: string };

/**
 * Loads the preloaded interposer. Also takes it out of LD_PRELOAD, so that
 * processes a test starts do not inherit it.
 */
export function loadNativeCounter(setup: NativeSetup): NativeCounting {
  if (!setup.available) return { unavailable: setup.reason };
  const preload = process.env.LD_PRELOAD;
  if (preload !== undefined) {
    const others = preload.split(/[: ]/).filter((entry) => entry !== '' && entry !== setup.libraryPath);
    if (others.length > 0) process.env.LD_PRELOAD = others.join(':');
    else delete process.env.LD_PRELOAD;
  }
  let counter: NativeCounter;
  try {
    counter = createRequire(import.meta.url)(setup.libraryPath) as NativeCounter;
  } catch (error) {
    return { unavailable: `cannot load ${setup.libraryPath}: ${(error as Error).message.split('\n')[0]}` };
  }
  if (!counter.isInterposing()) {
    return { unavailable: `${setup.libraryPath} is loaded but not preloaded: the dynamic linker ignored LD_PRELOAD` };
  }
  return { counter };
}

/**
 * Polling after the window, until remaining stops changing: blocks of the
 * window freed late (on libuv's threads, by tasks V8 posted) count as freed.
 * The figures are already stable in almost every run, so this costs about
 * STABLE_POLLS * POLL_MS; it is bounded by MAX_POLLS, unlike SwiftNIO's
 * 100 polls of 50 ms.
 */
const POLL_MS = 1;
const STABLE_POLLS = 2;
const MAX_POLLS = 50;

declare const gc: () => void;

const figures = new Float64Array(4);

function remainingNow(counter: NativeCounter): number {
  counter.read(figures);
  return figures[2]!;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The native figures of the window that just closed, read once its blocks
 * that are garbage have been freed; then ends the window.
 */
export async function finishNativeWindow(counter: NativeCounter): Promise<NativeRun> {
  gc();
  let previous = remainingNow(counter);
  for (let polls = 0, stable = 0; polls < MAX_POLLS && stable < STABLE_POLLS; polls++) {
    await sleep(POLL_MS);
    const now = remainingNow(counter);
    stable = now === previous ? stable + 1 : 0;
    previous = now;
  }
  counter.endWindow();
  counter.read(figures);
  return {
    available: true,
    total_native_allocations: figures[0]!,
    total_native_allocated_bytes: figures[1]!,
    remaining_native_allocations: figures[2]!,
    untrackedBlocks: figures[3]!,
  };
}
