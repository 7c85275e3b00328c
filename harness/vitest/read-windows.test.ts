import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultAddonPath, packageRoot } from '../parent/project/paths.js';
import { childNodeFlags } from '../parent/run/child-flags.js';
import { readWindows, readWindowsApart } from './read-windows.js';

const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-read-windows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two windows of 1000 temporaries and 10 kept objects, their snapshots written by the addon as a vitest worker does. */
function writeWindows(): string[] {
  const script = `
const addon = require(${JSON.stringify(defaultAddonPath)});
const kept = [];
const work = () => { let s = 0; for (let i = 0; i < 1000; i++) s += { a: i }.a; for (let i = 0; i < 10; i++) kept.push({ b: i }); return s; };
(async () => {
  for (const name of ['w0', 'w1']) {
    gc();
    addon.startTracking();
    work();
    const error = await new Promise((resolve) => addon.closeWindowAfter(1, ${JSON.stringify(dir)} + '/' + name + '.heapsnapshot', resolve));
    if (error) throw new Error(error);
  }
})();`;
  execFileSync(process.execPath, [...childNodeFlags(Number(process.versions.node.split('.')[0])), '-e', script]);
  return [join(dir, 'w0.heapsnapshot'), join(dir, 'w1.heapsnapshot')];
}

describe('readWindowsApart', () => {
  it('reads the windows in a process of its own, to the figures and sites read in this one', async () => {
    const paths = writeWindows();
    const apart = await readWindowsApart(paths, packageRoot);
    expect(apart).toEqual(readWindows(paths, packageRoot));
    // The workload's function: 1000 temporaries and 10 kept, beside the script's window code.
    expect(apart.figures.total_allocations).toBeGreaterThanOrEqual(1010);
    expect(apart.figures.remaining_allocations).toBeGreaterThanOrEqual(10);
    expect(apart.sites[0]?.count).toBe(1010);
  });

  it('says in one line why a snapshot could not be read', async () => {
    const missing = join(dir, 'missing.heapsnapshot');
    await expect(readWindowsApart([missing], packageRoot)).rejects.toThrow(
      new RegExp(`^alloc-counter: reading the window's heap snapshots failed: .*${missing}`),
    );
  });
});
