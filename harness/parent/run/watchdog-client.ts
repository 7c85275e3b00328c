// The runner's side of the watchdog (watchdog.ts): started once, on the first
// child, told each group as it is spawned and reaped. The pipe is unreferenced:
// it never keeps the runner alive, and it closes when the runner dies.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { compiledHarnessDir } from '../project/paths.js';

const watchdogScript = join(compiledHarnessDir, 'parent', 'run', 'watchdog.js');
let watchdog: ChildProcess | null = null;

function started(): ChildProcess | null {
  if (watchdog !== null || !existsSync(watchdogScript)) return watchdog;
  watchdog = spawn(process.execPath, [watchdogScript], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  watchdog.on('error', () => {});
  watchdog.stdin?.on('error', () => {});
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  return watchdog;
}

/** Tells the watchdog of a group to kill should the runner die ('+') or that it is gone ('-'). */
export function tellWatchdog(change: '+' | '-', pgid: number): void {
  const dog = change === '+' ? started() : watchdog;
  dog?.stdin?.write(`${change}${pgid}\n`);
}

/** Closes the pipe at the end of a run: the watchdog kills what is left (nothing) and exits. */
export function stopWatchdog(): void {
  watchdog?.stdin?.end();
  watchdog = null;
}
