// What the child counts with: V8's sampling heap profiler and allocation tracker
// (our addon), open file descriptors and live libuv resources.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface AllocationTracker {
  /** Starts V8's allocation tracker (snapshot counting; in sampling counting, for a window's snapshot). */
  startTracking(): void;
  /**
   * After `turns` full turns of the event loop: heap snapshot (to path unless
   * null), stop tracking, then callback(error message or null). See alloc_tracker.cc.
   */
  closeWindowAfter(turns: number, path: string | null, callback: (error: string | null) => void): void;
  /**
   * Opens a counting window (tracker_counting.cc): V8's sampling heap profiler
   * at one byte per sample. keepCollected: totals (samples of collected objects
   * kept) rather than remaining (dropped).
   */
  startCounting(keepCollected: boolean): void;
  /**
   * After `turns` turns of the loop: writes the window's profile to profilePath
   * ('' for none), after a full GC when collectGarbage, after a heap snapshot to
   * snapshotPath when given (startTracking first); then callback(error or null).
   */
  closeCountingWindowAfter(
    turns: number,
    profilePath: string,
    collectGarbage: boolean,
    snapshotPath: string | null,
    callback: (error: string | null) => void,
  ): void;
  /**
   * Virtual time at the real rate (true) or virtual again (false), for a load
   * test's orchestration (load.ts); false when virtual time is not loaded.
   */
  setRealRateTime(on: boolean): boolean;
  /**
   * OpenSSL's random bytes from a fixed seed, the same in every process
   * (tracker_random.cc); false where Node does not let it be replaced.
   */
  fixRandom(): boolean;
  /** Asks the kernel to kill this process when the runner dies (Linux); false elsewhere. */
  dieWithParent(): boolean;
  /** Opens a native (malloc) window, without V8 tracking; false when the malloc counter is not preloaded. */
  startNativeWindow(): boolean;
  /** After `turns` turns of the loop: stops native counting, then callback(null). */
  closeNativeWindowAfter(turns: number, callback: (error: string | null) => void): void;
}

export function loadTracker(addonPath: string): AllocationTracker {
  return createRequire(import.meta.url)(addonPath) as AllocationTracker;
}

/** Open fds of this process, or null where /proc/self/fd does not exist. */
export function listOpenFds(): Set<string> | null {
  try {
    return new Set(readdirSync('/proc/self/fd'));
  } catch {
    return null;
  }
}

export function leakedFds(before: Set<string> | null, after: Set<string> | null): string[] | null {
  if (before === null || after === null) return null;
  return [...after].filter((fd) => !before.has(fd));
}

/** Resources (handles and requests) alive after but not before, as a multiset difference by type. */
export function leakedResources(before: string[], after: string[]): string[] {
  const remaining = new Map<string, number>();
  for (const type of before) remaining.set(type, (remaining.get(type) ?? 0) + 1);
  const leaked: string[] = [];
  for (const type of after) {
    const left = remaining.get(type) ?? 0;
    if (left > 0) remaining.set(type, left - 1);
    else leaked.push(type);
  }
  return leaked;
}
