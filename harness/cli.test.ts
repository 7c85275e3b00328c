// End to end: the runner spawns real children that count real allocations.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES } from './metrics.js';
import { figureAgreement } from './parent/determinism/agreement.js';
import { packageRoot } from './parent/project/paths.js';
import { figuresOf, fixture, runRunner, suiteFile } from './test-support.js';

describe('calibration figures', () => {
  it('counts exactly what known workloads allocate and keep', async () => {
    const { exitCode, report, stdout } = await runRunner([fixture('test_calibration.ts')], {
      MAX_REMAINING_ALLOCS_ALLOWED_calibration_1000_kept: '1000',
    });
    expect(figuresOf(report, 'test_calibration_empty_sync')).toMatchObject({
      total_allocations: 0,
      total_allocated_bytes: 0,
      remaining_allocations: 0,
    });
    // An async workload allocates its own promise and await bookkeeping; the harness adds nothing.
    expect(figuresOf(report, 'test_calibration_empty_async')).toMatchObject({
      total_allocations: 3,
      remaining_allocations: 0,
    });
    expect(figuresOf(report, 'test_calibration_int_loop')).toMatchObject({
      total_allocations: 0,
      remaining_allocations: 0,
    });
    expect(figuresOf(report, 'test_calibration_1000_kept')).toMatchObject({
      total_allocations: 1000,
      total_allocated_bytes: 48000,
      remaining_allocations: 1000,
    });
    expect(figuresOf(report, 'test_calibration_1000_temporaries')).toMatchObject({
      total_allocations: 1000,
      total_allocated_bytes: 48000,
      remaining_allocations: 0,
    });
    expect(stdout).toContain('test_calibration_1000_kept.total_allocations: 1000\n');
    expect(stdout).toContain('test_calibration_1000_kept.remaining_allocations: 1000\n');
    expect(exitCode).toBe(0);
  });

  it('catches a leak of 100 objects per run and fails with exit 1', async () => {
    const { exitCode, report, stdout } = await runRunner([fixture('test_leak.ts')]);
    expect(figuresOf(report, 'test_leak').remaining_allocations).toBeGreaterThanOrEqual(100);
    expect(stdout).toMatch(/FAILED: test_leak\.remaining_allocations: \d+ > 0 allowed/);
    expect(exitCode).toBe(1);
  });
});

describe('limits', () => {
  it('fails a figure over its env-var limit, naming the metric, both values and the percentage', async () => {
    const { exitCode, stdout } = await runRunner([fixture('test_calibration.ts')], {
      MAX_ALLOCS_ALLOWED_calibration_1000_temporaries: '800',
      MAX_REMAINING_ALLOCS_ALLOWED_calibration_1000_kept: '1000',
    });
    expect(stdout).toContain(
      'FAILED: test_calibration_1000_temporaries.total_allocations: 1000 > 800 allowed (+25.0%; MAX_ALLOCS_ALLOWED_calibration_1000_temporaries)',
    );
    expect(stdout).toMatch(/alloc-counter: 4 passed, 1 failed/);
    expect(exitCode).toBe(1);
  });

  it('refuses a limit that is not a non-negative integer, with exit 2 and the variable named', async () => {
    const { exitCode, stderr } = await runRunner([fixture('test_calibration.ts')], { MAX_ALLOCS_ALLOWED_foo: '12k' });
    expect(stderr.trim()).toBe('alloc-counter: MAX_ALLOCS_ALLOWED_foo="12k": a limit must be a non-negative integer');
    expect(exitCode).toBe(2);
  });
});

describe('bad test files', () => {
  it.each([
    ['test_import_error.ts', /FAILED: .*test_import_error\.ts: error \(import\): fixture: broken at import/],
    ['test_throws.ts', /FAILED: .*test_throws\.ts: error \(run\): fixture: workload failed/],
    [
      'test_no_measure.ts',
      /FAILED: .*test_no_measure\.ts: error \(run\): run\('test_no_measure'\) never called measure\(\)/,
    ],
    ['test_exits_early.ts', /FAILED: .*test_exits_early\.ts: crash: the child exited with code 0 before finishing/],
    ['test_crash.ts', /FAILED: .*test_crash\.ts: crash: the child was killed by SIGKILL before finishing/],
    [
      'test_twice.ts',
      /FAILED: .*test_twice\.ts: error \(run\): measure\('test_twice'\): this identifier was already measured/,
    ],
  ])('%s is reported with its error, the other files still run, exit 1', async (name, message) => {
    const { exitCode, stdout } = await runRunner(['-j', '1', fixture(name), fixture('test_plain_js.mjs')]);
    expect(stdout).toMatch(message);
    expect(stdout).toContain('test_plain_js.total_allocations: 10\n');
    expect(exitCode).toBe(1);
  });

  it('kills a hung file with everything it started, and says it timed out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-hang-'));
    const pidFile = join(dir, 'pid');
    try {
      const { exitCode, stdout } = await runRunner(['--timeout', '3', fixture('test_hang.ts')], {
        ALLOC_COUNTER_FIXTURE_PID_FILE: pidFile,
      });
      expect(stdout).toMatch(/FAILED: .*test_hang\.ts: timeout: timed out after 3 s/);
      expect(stdout).toContain('| fixture: hanging now');
      expect(exitCode).toBe(1);
      const grandchild = Number(readFileSync(pidFile, 'utf8'));
      expect(await isGoneWithin(grandchild, 2000)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('test files and output', () => {
  it('runs .mjs and .js files and groups their own output under the file', async () => {
    const { exitCode, stdout } = await runRunner([fixture('test_plain_js.mjs'), fixture('test_plain_js.js')]);
    const blocks = stdout.split('== ');
    expect(blocks[1]).toMatch(
      /^harness\/fixtures\/test_plain_js\.mjs .*\n\| fixture: setting up\n\| fixture: done\ntest_plain_js\.total_allocations: 10\n/,
    );
    expect(blocks[2]).toMatch(/^harness\/fixtures\/test_plain_js\.js /);
    expect(exitCode).toBe(0);
  });

  it('prints files in the order given whatever -j is, with the same figures', async () => {
    const files = [fixture('test_calibration.ts'), fixture('test_plain_js.mjs'), fixture('test_leak.ts')];
    const serial = await runRunner(['-j', '1', ...files]);
    const parallel = await runRunner(['-j', '3', ...files]);
    const figures = (out: string) =>
      [...out.matchAll(/^(test_\w+)\.(\w+): (\d+)$/gm)].map(([, test, metric, value]) => ({
        name: `${test}.${metric}`,
        metric: metric!,
        value: Number(value),
      }));
    const inSerial = figures(serial.stdout);
    const inParallel = figures(parallel.stdout);
    expect(inParallel.map(({ name }) => name)).toEqual(inSerial.map(({ name }) => name));
    expect(inSerial.length).toBe(7 * METRIC_NAMES.length);
    // The runner's own rule for figures of separate processes: JS figures identical, native totals
    // within 1% or 32 (a native window counts every thread's mallocs: ARCHITECTURE.md, "Native counting").
    const disagreeing = inSerial
      .map(({ name, metric, value }, i) => ({ name, metric, values: [value, inParallel[i]!.value] }))
      .filter(({ metric, values }) => ['beyond', 'differs'].includes(figureAgreement(metric, values).verdict));
    expect(disagreeing).toEqual([]);
  });

  it('runs without counting with -n, reporting no figures', async () => {
    const { exitCode, stdout, report } = await runRunner(['-n', fixture('test_plain_js.mjs')]);
    expect(stdout).toContain('test_plain_js: ran 3 measured runs, not counted (--no-count)');
    expect(stdout).not.toMatch(/total_allocations/);
    expect(report?.files[0]?.identifiers[0]?.figures).toBeNull();
    expect(exitCode).toBe(0);
  });

  it('rejects bad usage with exit 2 and one line', async () => {
    for (const [args, message] of [
      [['--bogus'], /^alloc-counter: Unknown option '--bogus'/],
      [['--runs', 'zero'], /^alloc-counter: --runs "zero": expected an integer >= 1$/],
      [['-j', '0'], /^alloc-counter: -j "0": expected an integer >= 1$/],
      // Before the Node lookup, which may build an addon for minutes.
      [
        ['--processes', '2', '--node', '99', fixture('test_plain_js.mjs')],
        /^alloc-counter: --processes N goes with --update-baselines$/,
      ],
      [['does/not/exist.ts'], /^alloc-counter: no such test file: does\/not\/exist\.ts$/],
      [['package.json'], /^alloc-counter: package\.json: a test file must end in \.ts, \.mts, \.js, \.mjs$/],
      [
        ['-t', '/nonexistent/dir', fixture('test_plain_js.mjs')],
        /^alloc-counter: -t \/nonexistent\/dir: no such folder$/,
      ],
    ] as const) {
      const { exitCode, stderr } = await runRunner([...args]);
      expect(stderr.trim()).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(exitCode).toBe(2);
    }
  });

  it('dispatches compare to the report comparison, with its own usage and errors', async () => {
    const runner = join(packageRoot, 'run-alloc-counter-tests.sh');
    const help = await execa(runner, ['compare', '--help'], { reject: false });
    expect(help.stdout).toMatch(/^Usage: \.\/run-alloc-counter-tests\.sh compare BASE\.json HEAD\.json/);
    expect(help.exitCode).toBe(0);
    const missing = await execa(runner, ['compare', 'no-base.json', 'no-head.json'], { reject: false });
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^alloc-counter compare: .*no-base\.json/);
    expect(missing.exitCode).toBe(2);
  });

  it('leaves no work files behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-work-'));
    try {
      await runRunner(['-t', dir, fixture('test_plain_js.mjs')]);
      expect(existsSync(dir)).toBe(true);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A process is gone once /proc has no entry for it or it is a zombie (killed, not yet reaped). */
async function isGoneWithin(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if (!existsSync(`/proc/${pid}`)) return true;
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    if (state === 'Z') return true;
  }
  return false;
}

/** --repeat over `processes` separate processes of one suite file (2 measured runs each), through the old script's name. */
function checkDeterminism(file: string, processes: number) {
  return execa(
    process.execPath,
    [
      join(packageRoot, 'scripts', 'check-determinism.mjs'),
      '--processes',
      String(processes),
      '--runs',
      '2',
      suiteFile(file),
    ],
    { reject: false },
  );
}

describe('determinism', () => {
  it('gives identical figures for a ws workload in separate processes', async () => {
    const result = await checkDeterminism('test_1000_ws_messages_1_conn.ts', 3);
    expect(result.stdout).toMatch(/\ntest_1000_ws_messages_1_conn: JS figures identical in 3 of 3 processes/);
    // A native total may spread beyond 1% or 32 (15462 to 15626 once in CI): reported, not failed.
    expect(result.stdout).toMatch(
      /^determinism: every (JS )?figure of 1 identifiers (agrees|identical) in 3 of 3 processes/m,
    );
    expect(result.exitCode).toBe(0);
  });

  // Opening and closing connections made inline caches re-allocate at clock-dependent GCs, and
  // old objects moved by compaction counted as remaining: the child flags (parent/run/child-flags.ts) fix both.
  it('gives identical figures, remaining included, for TCP connection churn in separate processes', async () => {
    const result = await checkDeterminism('test_1000_tcp_connections.ts', 2);
    expect(result.stdout).toMatch(/\ntest_1000_tcp_connections: JS figures identical in 2 of 2 processes/);
    // Native totals may spread beyond 1% or 32: reported, not failed (as above).
    expect(result.stdout).toMatch(
      /^determinism: every (JS )?figure of 1 identifiers (agrees|identical) in 2 of 2 processes/m,
    );
    expect(result.exitCode).toBe(0);
  });

  // Run by run, not the minimum: the loop turn that the tracker's GC tasks could add came in
  // about half the runs, so 8 runs in each of 2 processes agree by chance well under 1% of the time.
  it('gives identical totals, run by run, for a workload that starts on the thread pool', async () => {
    const totalsPerRun = async (): Promise<number[]> => {
      const { exitCode, report } = await runRunner(['--runs', '8', fixture('test_thread_pool_first.ts')]);
      expect(exitCode).toBe(0);
      const runs = report?.files[0]?.identifiers[0]?.runs ?? [];
      expect(runs).toHaveLength(8);
      return runs.map((run) => run.figures?.total_allocations ?? -1);
    };
    const [first, second] = await Promise.all([totalsPerRun(), totalsPerRun()]);
    expect(second).toEqual(first);
  });
});
