// What the child counts with: V8's allocation tracker (our addon), open file
// descriptors and live libuv resources.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface AllocationTracker {
  startTracking(): void;
  stopTracking(): void;
  /** Takes a heap snapshot (after a full GC); writes it as JSON to path unless path is null. */
  takeSnapshot(path: string | null): void;
  /**
   * After `turns` full turns of the event loop: snapshot (to path unless null),
   * stop tracking, then callback(error message or null). See alloc_tracker.cc.
   */
  closeWindowAfter(turns: number, path: string | null, callback: (error: string | null) => void): void;
  /** Asks the kernel to kill this process when the runner dies (Linux); false elsewhere. */
  dieWithParent(): boolean;
  /** Runs V8's sampling heap profiler until the window closes, then writes a .heapprofile to path (--profile). */
  startSampling(intervalBytes: number, path: string): void;
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
