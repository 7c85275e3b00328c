// One load phase at a time among the children of one run of the runner: with
// -j 2 and more, two load tests side by side would share the cores and measure
// each other. A load phase holds `load.lock` in the run's work folder (the
// holder's pid inside); the others wait for it. Counted windows of other files
// may run beside a load phase: the load's processes run at a higher priority
// (DEFAULT_NICE in load.ts). Measured in ARCHITECTURE.md, "Load tests".
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const LOCK_NAME = 'load.lock';
const POLL_MS = 100;
/** Longer than any load phase the runner's --timeout allows: a holder this slow is a bug. */
const MAX_WAIT_MS = 30 * 60_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function tryTake(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  }
}

/**
 * Waits until this process holds the run's load lock; returns its release.
 * A lock whose holder is gone (a killed child) is taken over. The wait is on
 * real time: call it with virtual time at the real rate (load.ts).
 */
export async function acquireLoadLock(workDir: string): Promise<() => void> {
  const path = join(workDir, LOCK_NAME);
  const deadline = Date.now() + MAX_WAIT_MS;
  let holder: number | null = null;
  while (!tryTake(path)) {
    holder = holderOf(path);
    // An empty file is a holder between open and write: wait for it.
    if (holder !== null && !isAlive(holder)) {
      unlinkSync(path);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `measureLoad: ${path} is still held by pid ${holder} after ${MAX_WAIT_MS / 60_000} min of waiting`,
      );
    }
    await sleep(POLL_MS);
  }
  return () => {
    if (holderOf(path) === process.pid) unlinkSync(path);
  };
}
