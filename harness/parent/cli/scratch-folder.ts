// A run's scratch folder (heap snapshots, the children's work files) under
// the -t folder, and the clean-up that ends every run however it ends: on
// return, on an error, and on SIGINT or SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { killAllChildren } from '../run/run-child.js';
import { claimFolder, keepFolder, sweepStaleFolders, WORK_FOLDER_PREFIX } from './stale-folders.js';

const SIGNAL_EXIT_CODES = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const;

export interface ScratchSettings {
  /** --keep-snapshots: leave the folder, and say where it is. */
  keep: boolean;
  /** Called once on the way out, after every child is killed (e.g. to release a lock). */
  release?: () => void;
  /** Called on SIGINT or SIGTERM once every child is killed, before the folder goes (e.g. to report). */
  onSignal?: (signal: 'SIGINT' | 'SIGTERM') => void;
}

/** The run's folder, owned by this runner; a folder that cannot be made (a full disk) is one line, exit 2. */
function makeWorkFolder(root: string): string {
  let dir: string | null = null;
  try {
    dir = mkdtempSync(join(root, WORK_FOLDER_PREFIX));
    claimFolder(dir);
    return dir;
  } catch (error) {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    throw new UsageError(`-t ${root}: cannot make the run's work folder: ${(error as Error).message}`);
  }
}

export async function inScratchFolder<T>(
  root: string,
  settings: ScratchSettings,
  body: (dir: string) => Promise<T>,
): Promise<T> {
  const stale = sweepStaleFolders(root);
  if (stale.length > 0) {
    console.error(
      `alloc-counter: removed ${stale.length} work folder(s) of runs that ended without cleaning up: ${stale.join(', ')}`,
    );
  }
  const dir = makeWorkFolder(root);
  let cleaned = false;
  const cleanUp = (): void => {
    if (cleaned) return;
    cleaned = true;
    killAllChildren();
    settings.release?.();
    if (settings.keep) {
      keepFolder(dir);
      console.log(`alloc-counter: heap snapshots kept in ${dir}`);
    } else rmSync(dir, { recursive: true, force: true });
  };
  const handlers = SIGNAL_EXIT_CODES.map(([signal, code]) => {
    const handler = (): void => {
      console.error(`alloc-counter: ${signal}: stopping every test process`);
      killAllChildren();
      try {
        settings.onSignal?.(signal);
      } catch (error) {
        console.error(`alloc-counter: ${signal}: the report of the finished files failed: ${(error as Error).message}`);
      }
      cleanUp();
      process.exit(code);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  try {
    return await body(dir);
  } finally {
    cleanUp();
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
