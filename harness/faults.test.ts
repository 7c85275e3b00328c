// End to end: each way a test file can fail is named by what it is, on its FAILED line,
// while the other files of the run are measured normally.
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
});
