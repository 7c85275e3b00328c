// End to end: a work folder left by a killed run is removed at the next start. Signals and kill -9
// of the runner (nothing a test started outlives it) are rows of fault-table.test.ts.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { processStartTime } from './parent/cli/stale-folders.js';
import { fixture, runRunner } from './test-support.js';

describe('process lifetime', () => {
  it("removes the work folder of a killed run at the next start, never a live run's", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-sweep-'));
    try {
      const dead = execaSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout;
      mkdirSync(join(dir, '.alloc_counter_killed'));
      writeFileSync(join(dir, '.alloc_counter_killed', 'owner'), `${dead} 1\n`);
      mkdirSync(join(dir, '.alloc_counter_live'));
      writeFileSync(join(dir, '.alloc_counter_live', 'owner'), `${process.pid} ${processStartTime(process.pid)}\n`);
      const { exitCode, stderr } = await runRunner([
        '-t',
        dir,
        '--runs',
        '1',
        '--warmup',
        '0',
        fixture('test_plain_js.mjs'),
      ]);
      expect(stderr).toContain(
        'removed 1 work folder(s) of runs that ended without cleaning up: .alloc_counter_killed',
      );
      expect(readdirSync(dir)).toEqual(['.alloc_counter_live']);
      expect(exitCode).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
