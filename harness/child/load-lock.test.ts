import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLoadLock } from './load-lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alloc-counter-load-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('acquireLoadLock', () => {
  it('lets one holder at a time in, the next once the first releases', async () => {
    const order: string[] = [];
    const releaseFirst = await acquireLoadLock(dir);
    expect(readFileSync(join(dir, 'load.lock'), 'utf8')).toBe(String(process.pid));
    const second = acquireLoadLock(dir).then((release) => {
      order.push('second in');
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    order.push('first out');
    releaseFirst();
    (await second)();
    expect(order).toEqual(['first out', 'second in']);
    expect(existsSync(join(dir, 'load.lock'))).toBe(false);
  });

  it('takes over a lock whose holder has exited', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, 'load.lock'), dead.stdout);
    const release = await acquireLoadLock(dir);
    expect(readFileSync(join(dir, 'load.lock'), 'utf8')).toBe(String(process.pid));
    release();
  });
});
