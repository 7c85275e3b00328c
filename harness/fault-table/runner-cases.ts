// Fault cases done to the runner itself: a signal mid-run, kill -9 while it updates the
// baselines, two updates at once, a -t folder with no room.
import { once } from 'node:events';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { temporaryPathOf } from '../parent/atomic-write.js';
import { baselinesSchema } from '../parent/limits/baselines.js';
import { jsonReportSchema } from '../parent/report/json.js';
import { fixture } from '../test-support.js';
import {
  type CaseContext,
  type FaultCase,
  lineOf,
  type NotTried,
  nodeKey,
  quick,
  runAsUser,
  startRunner,
  type Tried,
  textOf,
} from './case.js';
import { manyIdentifiers } from './input-cases.js';
import { leftAfter, MARKER, pidWhenRunning } from './processes.js';

const firstLine = (text: string): string => text.trim().split('\n')[0] ?? '';

/** Processes of the case still running 5 s after it ended, as a problem. */
async function leftBehind(context: CaseContext): Promise<string[]> {
  const left = await leftAfter(5000, context.env[MARKER]!);
  return left.length === 0 ? [] : [`${left.length} processes left running (${left.join(', ')})`];
}

const workFolders = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith('.alloc_counter_'));

/** SIGINT or SIGTERM once the second file hangs: the first file reported, marked interrupted. */
function signalCase(signal: 'SIGINT' | 'SIGTERM', code: number): FaultCase {
  return {
    name: `${signal} to the runner mid-run (\`--update-baselines --json --junit --html\`)`,
    exit: code,
    line: new RegExp(`^alloc-counter: ${signal}: stopping every test process$`),
    async run(context): Promise<Tried> {
      const at = (name: string) => join(context.dir, name);
      const reports = ['--json', at('r.json'), '--junit', at('r.xml'), '--html', at('r.html')];
      const args = ['-t', context.dir, ...quick, '--update-baselines', '--baselines', at('b.json'), ...reports];
      const runner = startRunner(context, [...args, fixture('test_plain_js.mjs'), fixture('test_hang.ts')], {
        ALLOC_COUNTER_FIXTURE_PID_FILE: at('pid'),
      });
      const problems: string[] = [];
      // The hang starts once the first file has finished (-j 1).
      if ((await pidWhenRunning(at('pid'))) === null) problems.push('the hanging test never started');
      runner.kill(signal);
      const result = await runner;
      try {
        const report = jsonReportSchema.parse(JSON.parse(textOf(at('r.json')) ?? ''));
        if (report.interrupted !== signal) problems.push(`the report says interrupted: ${report.interrupted}`);
        if (report.files.length !== 1)
          problems.push(`the report holds ${report.files.length} files, not the one that finished`);
      } catch (error) {
        problems.push(`no valid --json report: ${(error as Error).message.split('\n')[0]}`);
      }
      if (!(textOf(at('r.xml')) ?? '').includes('test_plain_js'))
        problems.push('the JUnit report lacks the finished file');
      if (!existsSync(at('r.html'))) problems.push('no HTML report');
      if (existsSync(at('b.json')) || existsSync(at('b.json.lock')))
        problems.push('baselines.json or its lock was written');
      if (workFolders(context.dir).length > 0) problems.push('the work folder was left');
      problems.push(...(await leftBehind(context)));
      return { exit: result.exitCode ?? String(result.signal), line: firstLine(String(result.stderr)), problems };
    },
  };
}

/** kill -9 mid-run: the watchdog ends the children; the next run removes the work folder. */
const killCase: FaultCase = {
  name: 'SIGKILL to the runner mid-run, then the next run',
  exit: 'SIGKILL',
  line: /^next run: alloc-counter: removed 1 work folder\(s\) of runs that ended without cleaning up: \.alloc_counter_XXXXXX$/,
  async run(context): Promise<Tried> {
    const pidFile = join(context.dir, 'pid');
    const args = ['-t', context.dir, ...quick, '--allow-missing', '--baselines', join(context.dir, 'b.json')];
    const runner = startRunner(context, [...args, fixture('test_hang.ts')], {
      ALLOC_COUNTER_FIXTURE_PID_FILE: pidFile,
    });
    const problems: string[] = [];
    if ((await pidWhenRunning(pidFile)) === null) problems.push('the hanging test never started');
    runner.kill('SIGKILL');
    const result = await runner;
    problems.push(...(await leftBehind(context)));
    const next = await runAsUser(context, ['-t', context.dir, ...quick, fixture('test_plain_js.mjs')]);
    if (next.exitCode !== 0) problems.push(`the next run exited ${next.exitCode}`);
    if (workFolders(context.dir).length > 0) problems.push('a work folder is left after the next run');
    return { exit: result.signal ?? result.exitCode ?? -1, line: `next run: ${firstLine(next.stderr)}`, problems };
  },
};

/** Whole: the old text, or a file that parses with every identifier and a new limit for test_plain_js. */
function baselinesState(text: string | null, old: string): 'intact' | 'corrupted' {
  if (text === old) return 'intact';
  try {
    const limits = baselinesSchema.parse(JSON.parse(text ?? '')).runtimes[nodeKey]?.limits ?? {};
    const oldCount = Object.keys(baselinesSchema.parse(JSON.parse(old)).runtimes[nodeKey]?.limits ?? {}).length;
    const updated = limits.plain_js?.total_allocations !== undefined && limits.plain_js.total_allocations !== 99;
    return updated && Object.keys(limits).length === oldCount ? 'intact' : 'corrupted';
  } catch {
    return 'corrupted';
  }
}

// Opens the FIFO (waiting for its writer), reads one byte, says so, and holds it open.
const READ_ONE_BYTE = `const fs = require('node:fs');
const fd = fs.openSync(process.argv[1], 'r');
fs.readSync(fd, Buffer.alloc(1));
process.stdout.write('writing\\n');
setTimeout(() => {}, 600000);`;

/**
 * kill -9 in the middle of the update's write, for certain: the temp file the runner writes
 * through (atomic-write.ts) is made a FIFO first, so its write blocks once a reader has taken its
 * first bytes and the pipe is full; the kill comes then. The next update takes over the lock.
 */
const killDuringUpdateCase: FaultCase = {
  name: 'SIGKILL to the runner in the middle of the `--update-baselines` write (650 KB), then the next update',
  exit: 'SIGKILL',
  line: /^next run: alloc-counter: removing a stale lock DIR\/baselines\.json\.lock \(pid PID is not running\)$/,
  async run(context): Promise<Tried> {
    const path = join(context.dir, 'baselines.json');
    const old = manyIdentifiers(2_000, { plain_js: { total_allocations: 99 } });
    writeFileSync(path, old);
    const update = ['-t', context.dir, ...quick, '--update-baselines'];
    const runner = startRunner(context, [...update, '--baselines', path, fixture('test_plain_js.mjs')]);
    await execa('mkfifo', [temporaryPathOf(path, runner.pid!)]);
    const reader = execa(process.execPath, ['-e', READ_ONE_BYTE, temporaryPathOf(path, runner.pid!)], {
      reject: false,
      env: context.env,
    });
    const writing = await Promise.race([once(reader.stdout, 'data').then(() => true), runner.then(() => false)]);
    runner.kill('SIGKILL');
    const result = await runner;
    reader.kill('SIGKILL');
    await reader;
    const problems =
      writing && result.signal === 'SIGKILL' ? [] : [`the runner ended before its write (exit ${result.exitCode})`];
    const killed = baselinesState(textOf(path), old);
    problems.push(...(await leftBehind(context)));
    const next = await runAsUser(context, [...update, fixture('test_plain_js.mjs')], { baselines: path });
    if (next.exitCode !== 0) problems.push(`the next update exited ${next.exitCode}`);
    const after = baselinesState(textOf(path), old);
    if (after === 'intact' && textOf(path) === old) problems.push('the next update did not write');
    if (readdirSync(context.dir).some((name) => name.endsWith('.tmp') || name.endsWith('.lock')))
      problems.push('a temp file or lock is left after the next update');
    return {
      exit: result.signal ?? result.exitCode ?? -1,
      line: `next run: ${firstLine(next.stderr)}`,
      problems,
      baselines: killed === 'intact' && after === 'intact' ? 'intact' : 'corrupted',
    };
  },
};

/** A second update while the first holds the lock: refused in one line; the first one writes. */
const twoUpdatesCase: FaultCase = {
  name: 'two `--update-baselines` at once on one file (the second)',
  exit: 2,
  line: /^alloc-counter: DIR\/baselines\.json\.lock: another --update-baselines \(pid PID\) is updating DIR\/baselines\.json; wait for it to finish$/,
  async run(context): Promise<Tried> {
    const path = join(context.dir, 'baselines.json');
    const gate = join(context.dir, 'gate');
    const old = manyIdentifiers(10, { plain_js: { total_allocations: 99 } });
    writeFileSync(path, old);
    const update = ['-t', context.dir, ...quick, '--update-baselines', '--baselines', path];
    const first = startRunner(context, [...update, fixture('test_gate.ts')], { ALLOC_COUNTER_FIXTURE_GATE: gate });
    const problems: string[] = [];
    for (let i = 0; i < 400 && !existsSync(`${path}.lock`); i++) await new Promise((r) => setTimeout(r, 50));
    if (!existsSync(`${path}.lock`)) problems.push('the first update never took the lock');
    const second = await runAsUser(context, [...quick, '--update-baselines', fixture('test_plain_js.mjs')], {
      baselines: path,
    });
    writeFileSync(gate, '');
    const firstResult = await first;
    if (firstResult.exitCode !== 0) problems.push(`the first update exited ${firstResult.exitCode}`);
    let gateLimit: number | undefined;
    try {
      gateLimit = baselinesSchema.parse(JSON.parse(textOf(path) ?? '')).runtimes[nodeKey]?.limits.gate
        ?.total_allocations;
    } catch {
      gateLimit = undefined;
    }
    if (gateLimit === undefined) problems.push("the first update's limits are not in the file");
    problems.push(...(await leftBehind(context)));
    const { line, problems: lineProblems } = lineOf(second);
    return {
      exit: second.exitCode,
      line,
      problems: [...problems, ...lineProblems],
      baselines: gateLimit === undefined ? 'corrupted' : 'intact',
    };
  },
};

/** A tmpfs of `size` at DIR/t, filled to the brim when `fill`; null with the reason where mount is not permitted. */
async function mountSmall(context: CaseContext, size: string, fill: boolean): Promise<string | NotTried> {
  const mount = join(context.dir, 't');
  await execa('mkdir', [mount]);
  const mounted = await execa('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount], { reject: false });
  if (mounted.exitCode !== 0)
    return { notTried: `mount -t tmpfs not permitted here: ${firstLine(String(mounted.stderr))}` };
  if (fill) await execa('dd', ['if=/dev/zero', `of=${join(mount, 'fill')}`, 'bs=64k'], { reject: false });
  return mount;
}

function fullFolderCase(name: string, size: string, fill: boolean, exit: number, line: RegExp): FaultCase {
  return {
    name,
    exit,
    line,
    async run(context): Promise<Tried | NotTried> {
      const mount = await mountSmall(context, size, fill);
      if (typeof mount !== 'string') return mount;
      try {
        const result = await runAsUser(context, ['-t', mount, ...quick, fixture('test_plain_js.mjs')]);
        const { line: named, problems } = lineOf(result);
        if (workFolders(mount).length > 0) problems.push('the work folder was left');
        return { exit: result.exitCode, line: named, problems: [...problems, ...(await leftBehind(context))] };
      } finally {
        await execa('umount', ['-l', mount], { reject: false });
      }
    },
  };
}

export const runnerCases: FaultCase[] = [
  signalCase('SIGINT', 130),
  signalCase('SIGTERM', 143),
  killCase,
  killDuringUpdateCase,
  twoUpdatesCase,
  fullFolderCase(
    'full `-t` folder (tmpfs, no room left)',
    '64k',
    true,
    2,
    /^alloc-counter: -t DIR\/t: cannot make the run's work folder: ENOSPC: no space left on device, write$/,
  ),
  fullFolderCase(
    '`-t` folder with no room for a heap snapshot (tmpfs, 512 KiB)',
    '512k',
    false,
    1,
    /: error \(run\): alloc_tracker: cannot write DIR\/t\/\.alloc_counter_XXXXXX\/test_plain_js\.PID\.run0\.heapsnapshot: No space left on device$/,
  ),
];
