// End to end: native (malloc) figures from the preloaded interposer, in real children.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { figuresOf, fixture, runRunner } from './test-support.js';

const calibration = fixture('test_native_calibration.ts');
// The JS objects of 1000 kept buffers stay alive too; only native figures are under test here.
const keptJsLimit = { MAX_REMAINING_ALLOCS_ALLOWED_native_calibration_1000_buffers_kept: '3000' };

describe.runIf(process.platform === 'linux')('native figures', () => {
  it('counts what Buffer.allocUnsafeSlow mallocs, what stays and what is freed, and nothing of the harness', async () => {
    const { exitCode, report, stdout } = await runRunner(['--allow-improvements', calibration], keptJsLimit); // the JS limit above is loose on purpose
    // The harness's own work (opening and closing the window, reading the figures) counts nothing.
    // Usually 0 in every run; on a loaded machine V8 can malloc a block or two
    // for its own tiering in every measured run, so allow a handful, none kept.
    const empty = figuresOf(report, 'test_native_calibration_empty_sync');
    expect(empty.total_native_allocations).toBeLessThanOrEqual(4);
    expect(empty.total_native_allocated_bytes).toBeLessThanOrEqual(4096);
    expect(empty.remaining_native_allocations).toBe(0);
    // Each buffer is 4 blocks: its 10000-byte store, V8's BackingStore, its
    // shared_ptr control block and the ArrayBuffer's extension (128 bytes together).
    const kept = figuresOf(report, 'test_native_calibration_1000_buffers_kept');
    expect(kept.total_native_allocations).toBeGreaterThanOrEqual(1000);
    expect(kept.total_native_allocations).toBeLessThanOrEqual(4 * 1000 + 20);
    expect(kept.total_native_allocated_bytes).toBeGreaterThanOrEqual(10_000_000);
    expect(kept.total_native_allocated_bytes).toBeLessThan(10_200_000);
    expect(kept.remaining_native_allocations).toBeGreaterThanOrEqual(1000);
    expect(kept.remaining_native_allocations).toBeLessThanOrEqual(4 * 1000 + 5);
    const dropped = figuresOf(report, 'test_native_calibration_1000_buffers_dropped');
    expect(dropped.total_native_allocated_bytes).toBeGreaterThanOrEqual(10_000_000);
    expect(dropped.remaining_native_allocations).toBeLessThanOrEqual(5);
    expect(stdout).toMatch(/\ntest_native_calibration_1000_buffers_kept\.total_native_allocations: \d+\n/);
    expect(stdout).toMatch(/\ntest_native_calibration_1000_buffers_kept\.remaining_native_allocations: \d+\n/);
    expect(stdout).not.toMatch(/did not fit the pointer table/);
    expect(exitCode).toBe(0);
  });

  it('fails a native figure over its env-var limit', async () => {
    const { exitCode, stdout } = await runRunner([calibration], {
      ...keptJsLimit,
      MAX_NATIVE_REMAINING_ALLOCS_ALLOWED_native_calibration_1000_buffers_kept: '10',
      MAX_NATIVE_ALLOCATED_BYTES_ALLOWED_native_calibration_1000_buffers_dropped: '1000000',
    });
    expect(stdout).toMatch(
      /FAILED: test_native_calibration_1000_buffers_kept\.remaining_native_allocations: \d+ > 10 allowed \(\+\d+\.\d%; MAX_NATIVE_REMAINING_ALLOCS_ALLOWED_native_calibration_1000_buffers_kept\)/,
    );
    expect(stdout).toMatch(
      /FAILED: test_native_calibration_1000_buffers_dropped\.total_native_allocated_bytes: \d+ > 1000000 allowed/,
    );
    expect(stdout).toMatch(/alloc-counter: 1 passed, 2 failed/);
    expect(exitCode).toBe(1);
  });

  it('reports remaining as a lower bound, with a warning, when the pointer table overflows', async () => {
    const { report, stdout } = await runRunner([calibration], {
      ...keptJsLimit,
      ALLOC_COUNTER_NATIVE_TABLE_BITS: '10',
    });
    const kept = report?.files[0]?.identifiers.find(
      (id) => id.identifier === 'test_native_calibration_1000_buffers_kept',
    );
    expect(kept?.native?.untrackedBlocks).toBeGreaterThan(0);
    expect(kept?.figures?.remaining_native_allocations).toBeLessThanOrEqual(512);
    expect(stdout).toMatch(
      /warning: test_native_calibration_1000_buffers_kept\.remaining_native_allocations: \d+ blocks of the window did not fit the pointer table; the figure is a lower bound/,
    );
  });
});

describe('native figures unavailable', () => {
  it('prints "unavailable" (never 0) with the reason, and skips their limits with a warning', async () => {
    const { exitCode, report, stdout } = await runRunner([fixture('test_plain_js.mjs')], {
      ALLOC_COUNTER_NO_NATIVE: '1',
      MAX_NATIVE_ALLOCS_ALLOWED_plain_js: '0',
    });
    expect(stdout).toContain('test_plain_js.total_native_allocations: unavailable\n');
    expect(stdout).toContain('test_plain_js.remaining_native_allocations: unavailable\n');
    expect(stdout).toContain(
      'warning: test_plain_js: native figures unavailable: turned off by ALLOC_COUNTER_NO_NATIVE=1; limits not checked: MAX_NATIVE_ALLOCS_ALLOWED_plain_js',
    );
    expect(figuresOf(report, 'test_plain_js')).toMatchObject({ total_allocations: 10, total_native_allocations: null });
    expect(exitCode).toBe(0);
  });
});

const hasHeaptrack = ['heaptrack', 'heaptrack_print'].every((program) =>
  (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, program))),
);

describe.runIf(process.platform === 'linux' && hasHeaptrack)('--heaptrack', () => {
  it('runs one file under heaptrack without counting, prints its top malloc sites and keeps the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-heaptrack-'));
    try {
      const { exitCode, stdout } = await runRunner([
        '-t',
        dir,
        '--runs',
        '1',
        '--warmup',
        '0',
        '--heaptrack',
        fixture('test_plain_js.mjs'),
      ]);
      expect(stdout).toContain('MOST CALLS TO ALLOCATION FUNCTIONS');
      expect(stdout).toMatch(/\d+ calls to allocation functions with .* peak consumption from/);
      expect(stdout).not.toMatch(/total_allocations|total_native_allocations/);
      const data = readdirSync(dir).filter((name) => name.startsWith('heaptrack.alloc-counter.'));
      expect(data).toHaveLength(1);
      expect(stdout).toContain(`alloc-counter: heaptrack data kept in ${join(dir, data[0]!)}`);
      expect(exitCode).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes exactly one file', async () => {
    const { exitCode, stderr } = await runRunner([
      '--heaptrack',
      fixture('test_plain_js.mjs'),
      fixture('test_plain_js.js'),
    ]);
    expect(stderr.trim()).toBe('alloc-counter: --heaptrack FILE runs one file: give no other test files');
    expect(exitCode).toBe(2);
  });
});
