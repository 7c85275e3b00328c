// End to end: nothing a test started outlives the runner, whatever kills it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { processStartTime } from './parent/cli/stale-folders.js';
import { packageRoot } from './parent/project/paths.js';
import { jsonReportSchema } from './parent/report/json.js';
import { fixture, runRunner } from './test-support.js';

const cli = join(packageRoot, 'dist', 'harness', 'cli.js');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** /proc/<pid>/stat fields after the command name: state, ppid... or null once gone. */
function statOf(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? null;
  } catch {
    return null;
  }
}

/** Alive: in /proc and not a zombie (killed, not yet reaped). */
const isAlive = (pid: number): boolean => {
  const stat = statOf(pid);
  return stat !== null && stat[0] !== 'Z';
};

/** Processes whose parent is `ppid`. */
function childrenOf(ppid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => statOf(pid)?.[1] === String(ppid));
}

async function waitFor<T>(ms: number, probe: () => T | null): Promise<T | null> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await pause(50)) {
    const value = probe();
    if (value !== null) return value;
  }
  return probe();
}

/** The pid of the fixture's `sleep` helper once it runs (it writes it to pidFile), or null after 20 s. */
function sleeperOf(pidFile: string): Promise<number | null> {
  return waitFor(20_000, () => {
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0;
    return pid > 0 && isAlive(pid) ? pid : null;
  });
}

describe('process lifetime', () => {
  it('kills the child, what it spawned and the watchdog within 5 s of a kill -9 of the runner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-kill9-'));
    const pidFile = join(dir, 'pid');
    const runner = execa(
      process.execPath,
      [
        cli,
        '-t',
        dir,
        '--allow-missing',
        '--baselines',
        join(dir, 'b.json'),
        '--runs',
        '1',
        '--warmup',
        '0',
        fixture('test_hang.ts'),
      ],
      {
        reject: false,
        env: { ...process.env, ALLOC_COUNTER_FIXTURE_PID_FILE: pidFile },
        cwd: packageRoot,
      },
    );
    try {
      const sleeper = await sleeperOf(pidFile);
      expect(sleeper).not.toBeNull();
      const ours = [...childrenOf(runner.pid!), sleeper!];
      expect(ours.length).toBeGreaterThanOrEqual(3); // the child, the watchdog, the sleep
      process.kill(runner.pid!, 'SIGKILL');
      await runner;
      const left = await waitFor(5000, () => (ours.some(isAlive) ? null : []));
      expect(left === null ? ours.filter(isAlive) : []).toEqual([]);
    } finally {
      runner.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'on %s mid-run: ends every process, reports the finished file as interrupted, exits %i',
    async (signal, code) => {
      const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-term-'));
      const pidFile = join(dir, 'pid');
      const at = (name: string) => join(dir, name);
      const args = [
        '-t',
        dir,
        '-j',
        '1',
        '--runs',
        '1',
        '--warmup',
        '0',
        '--update-baselines',
        '--baselines',
        at('b.json'),
      ];
      const reports = ['--json', at('r.json'), '--junit', at('r.xml'), '--html', at('r.html')];
      const files = [fixture('test_plain_js.mjs'), fixture('test_hang.ts')];
      const runner = execa(process.execPath, [cli, ...args, ...reports, ...files], {
        reject: false,
        env: { ...process.env, ALLOC_COUNTER_FIXTURE_PID_FILE: pidFile },
        cwd: packageRoot,
      });
      try {
        // The hang starts once the first file has finished (-j 1).
        const sleeper = await sleeperOf(pidFile);
        expect(sleeper).not.toBeNull();
        const ours = [...childrenOf(runner.pid!), sleeper!];
        process.kill(runner.pid!, signal);
        const result = await runner;
        expect(result.exitCode).toBe(code);
        const report = jsonReportSchema.parse(JSON.parse(readFileSync(at('r.json'), 'utf8')));
        expect(report.interrupted).toBe(signal);
        expect(report.exitCode).toBe(code);
        expect(report.files.map((f) => f.file)).toEqual(['harness/fixtures/test_plain_js.mjs']);
        expect(readFileSync(at('r.xml'), 'utf8')).toContain('test_plain_js');
        expect(existsSync(at('r.html'))).toBe(true);
        expect(existsSync(at('b.json'))).toBe(false);
        expect(await waitFor(5000, () => (ours.some(isAlive) ? null : []))).toEqual([]);
        expect(readdirSync(dir).filter((name) => name.startsWith('.alloc_counter_'))).toEqual([]);
      } finally {
        runner.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

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
