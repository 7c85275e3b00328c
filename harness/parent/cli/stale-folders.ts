// Work folders (.alloc_counter_*) left by runs that died without cleaning up
// (kill -9, a power cut): each folder names its owner, the runner's pid and
// that process's start time (so a reused pid is not taken for the owner).
// A folder whose owner is gone is removed; one without an owner file only
// once it is an hour old (a run may be between creating it and naming itself).
// Folders kept by --keep-snapshots are marked kept and never removed.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processIsAlive } from '../process-alive.js';

export const WORK_FOLDER_PREFIX = '.alloc_counter_';
const OWNER_FILE = 'owner';
const UNOWNED_MAX_AGE_MS = 60 * 60 * 1000;
const KEPT = 'kept';

/** The process's start time in clock ticks since boot (/proc/<pid>/stat field 22); null where unreadable. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces and parentheses: state is field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the owner a folder records ("<pid> <start time>") still runs. */
export function ownerAlive(owner: string): boolean {
  if (owner.trim() === KEPT) return true;
  const [pidText, started] = owner.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !processIsAlive(pid)) return false;
  const now = processStartTime(pid);
  return now === null || started === undefined || started === now;
}

/** Records this runner as the folder's owner. */
export function claimFolder(dir: string): void {
  writeFileSync(join(dir, OWNER_FILE), `${process.pid} ${processStartTime(process.pid) ?? ''}\n`);
}

/** Marks a folder the user asked to keep (--keep-snapshots): no later run removes it. */
export function keepFolder(dir: string): void {
  writeFileSync(join(dir, OWNER_FILE), `${KEPT}\n`);
}

function isStale(dir: string, now: number): boolean {
  let owner: string | null = null;
  try {
    owner = readFileSync(join(dir, OWNER_FILE), 'utf8');
  } catch {
    owner = null;
  }
  if (owner !== null) return !ownerAlive(owner);
  const stat = statSync(dir, { throwIfNoEntry: false });
  return stat !== undefined && now - stat.mtimeMs > UNOWNED_MAX_AGE_MS;
}

/** Ours to judge: a folder of this user (a shared /tmp holds other users' runs too). */
function isOurFolder(dir: string): boolean {
  const stat = statSync(dir, { throwIfNoEntry: false });
  return stat?.isDirectory() === true && (process.getuid === undefined || stat.uid === process.getuid());
}

function removed(dir: string): boolean {
  try {
    rmSync(dir, { recursive: true, force: true });
    return true;
  } catch {
    // Another run removing it too, or not ours to remove after all: left alone.
    return false;
  }
}

/** Removes the stale work folders under `root`; returns their names. */
export function sweepStaleFolders(root: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => name.startsWith(WORK_FOLDER_PREFIX));
  } catch {
    return [];
  }
  return names.filter((name) => {
    const dir = join(root, name);
    return isOurFolder(dir) && isStale(dir, now) && removed(dir);
  });
}
