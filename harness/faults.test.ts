// End to end: each way a test file can fail is named by what it is, on its FAILED line,
// while the other files of the run are measured normally.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runRunner } from './test-support.js';

const quick = ['-j', '1', '--runs', '1', '--warmup', '0'];

describe('failures named by what they are', () => {
  it('says a child that ran out of heap ran out of memory, with its heap limit', async () => {
    const { exitCode, stdout } = await runRunner(
      [...quick, fixture('test_out_of_memory.ts'), fixture('test_plain_js.mjs')],
      {
        NODE_OPTIONS: '--max-old-space-size=32',
      },
    );
    expect(stdout).toMatch(
      /FAILED: harness\/fixtures\/test_out_of_memory\.ts: crash: out of memory \(heap limit 32 MB\): the child was killed by SIGABRT before finishing/,
    );
    expect(stdout).toMatch(/test_plain_js\.total_allocations: \d+\n/);
    expect(exitCode).toBe(1);
  });

  it('fails a file that lies or writes garbage on the channel, never touching the named file; others are measured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-lie-'));
    const decoy = join(dir, 'decoy.heapsnapshot');
    writeFileSync(decoy, 'not a snapshot of this run');
    try {
      const files = ['test_channel_lie.ts', 'test_channel_garbage.ts', 'test_plain_js.mjs'].map(fixture);
      const { exitCode, stdout } = await runRunner([...quick, ...files], { ALLOC_COUNTER_FIXTURE_DECOY: decoy });
      expect(stdout).toContain(
        `FAILED: harness/fixtures/test_channel_lie.ts: protocol: the channel named a snapshot outside the run's work folder: ${decoy}`,
      );
      expect(stdout).toMatch(
        /FAILED: harness\/fixtures\/test_channel_garbage\.ts: protocol: malformed message from the child: /,
      );
      expect(stdout).toMatch(/test_plain_js\.total_allocations: \d+\n/);
      // One identifier per file: the two failed files are two failures, not two passes and two more.
      expect(stdout).toContain('alloc-counter: 1 passed, 2 failed');
      expect(existsSync(decoy)).toBe(true);
      expect(exitCode).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
