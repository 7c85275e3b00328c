import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimFolder, keepFolder, ownerAlive, processStartTime, sweepStaleFolders } from './stale-folders.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'alloc-counter-stale-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A pid that surely ran and has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(String(child.stdout));
}

function folder(name: string, owner: string | null): string {
  const dir = join(root, name);
  mkdirSync(dir);
  if (owner !== null) writeFileSync(join(dir, 'owner'), owner);
  return dir;
}

describe('ownerAlive', () => {
  it('knows a live owner, a dead pid and a reused pid (another start time)', () => {
    const started = processStartTime(process.pid);
    expect(started).toMatch(/^\d+$/);
    expect(ownerAlive(`${process.pid} ${started}`)).toBe(true);
    expect(ownerAlive(`${deadPid()} 1`)).toBe(false);
    expect(ownerAlive(`${process.pid} 1`)).toBe(false);
    expect(ownerAlive('garbage')).toBe(false);
  });
});

describe('sweepStaleFolders', () => {
  it('removes folders of dead or reused owners and old unowned ones; keeps live, kept and young ones', () => {
    folder('.alloc_counter_dead', `${deadPid()} 1\n`);
    folder('.alloc_counter_reused', `${process.pid} 1\n`);
    claimFolder(folder('.alloc_counter_live', null));
    keepFolder(folder('.alloc_counter_kept', null));
    folder('.alloc_counter_young', null);
    const old = folder('.alloc_counter_old', null);
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    folder('not_ours', `${deadPid()} 1\n`);
    expect(sweepStaleFolders(root).sort()).toEqual([
      '.alloc_counter_dead',
      '.alloc_counter_old',
      '.alloc_counter_reused',
    ]);
    for (const kept of ['.alloc_counter_live', '.alloc_counter_kept', '.alloc_counter_young', 'not_ours']) {
      expect(existsSync(join(root, kept))).toBe(true);
    }
  });

  it('finds nothing in a folder that does not exist', () => {
    expect(sweepStaleFolders(join(root, 'missing'))).toEqual([]);
  });
});
