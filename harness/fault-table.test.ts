// Fault injection, one case a row: bad input, bad test files and crashing children. Each row
// gives the run's exit code and the first line that names the fault (a FAILED line on stdout,
// or the one usage line on stderr). README.md, "Faults and bad input", lists the same cases.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from './parent/project/paths.js';
import { fixture, runRunner } from './test-support.js';

interface Row {
  name: string;
  args: () => string[];
  env?: Record<string, string>;
  /** A baselines.json with this content (else none, with --allow-missing). */
  baselines?: string;
  exit: number;
  /** The first line naming the fault: on stderr for exit 2, else a FAILED line on stdout. */
  first: RegExp;
}

const quick = ['-j', '1', '--runs', '1', '--warmup', '0'];
let dir = '';
const inDir = (name: string) => join(dir, name);
const escaped = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const weirdNames = ['test with space.mjs', `test_'q"uote.mjs`, 'test_$(touch pwned);|&.mjs'];
const validBaselines = () => readFileSync(join(packageRoot, 'baselines.json'), 'utf8');

const rows: Row[] = [
  {
    name: 'malformed baselines.json',
    args: () => [fixture('test_plain_js.mjs')],
    baselines: 'not json',
    exit: 2,
    first: /: not valid JSON: /,
  },
  {
    name: 'truncated baselines.json',
    args: () => [fixture('test_plain_js.mjs')],
    baselines: '{"schemaVersion": 1, "runt',
    exit: 2,
    first: /: not valid JSON: /,
  },
  {
    name: 'empty baselines.json',
    args: () => [fixture('test_plain_js.mjs')],
    baselines: '',
    exit: 2,
    first: /: not valid JSON: Unexpected end of JSON input/,
  },
  {
    name: 'unknown key in baselines.json',
    args: () => [fixture('test_plain_js.mjs')],
    baselines: `{"bogus": 1, ${validBaselines().trim().slice(1)}`,
    exit: 2,
    first: /Unrecognized key: "bogus"/,
  },
  ...['-5', '1.5', '99999999999999999999999', 'abc'].map((value) => ({
    name: `limit variable ${value}`,
    args: () => [fixture('test_plain_js.mjs')],
    env: { MAX_ALLOCS_ALLOWED_x: value },
    exit: 2,
    first: new RegExp(
      `^alloc-counter: MAX_ALLOCS_ALLOWED_x="${value.replace('.', '\\.')}": a limit must be a non-negative integer$`,
    ),
  })),
  { name: 'unknown flag', args: () => ['--bogus'], exit: 2, first: /^alloc-counter: Unknown option '--bogus'/ },
  {
    name: 'missing test file',
    args: () => [inDir('test_nope.ts')],
    exit: 2,
    first: /^alloc-counter: no such test file: .*test_nope\.ts$/,
  },
  {
    name: 'syntax error',
    args: () => [...quick, inDir('test_syntax_error.ts')],
    exit: 1,
    first: /^FAILED: .*test_syntax_error\.ts: error \(import\): Transform failed/,
  },
  {
    name: 'throws at import',
    args: () => [...quick, fixture('test_import_error.ts')],
    exit: 1,
    first: /: error \(import\): fixture: broken at import$/,
  },
  {
    name: 'no run export',
    args: () => [...quick, fixture('test_no_run.ts')],
    exit: 1,
    first: /: error \(import\): .*does not export a function run\(identifier\)$/,
  },
  {
    name: 'never calls measure',
    args: () => [...quick, fixture('test_no_measure.ts')],
    exit: 1,
    first: /: error \(run\): run\('test_no_measure'\) never called measure\(\)$/,
  },
  {
    name: 'workload throws',
    args: () => [...quick, fixture('test_throws.ts')],
    exit: 1,
    first: /: error \(run\): fixture: workload failed$/,
  },
  {
    name: 'workload rejects',
    args: () => [...quick, fixture('test_rejects.ts')],
    exit: 1,
    first: /: error \(run\): fixture: workload rejected$/,
  },
  {
    name: 'measured twice',
    args: () => [...quick, fixture('test_twice.ts')],
    exit: 1,
    first: /: error \(run\): measure\('test_twice'\): this identifier was already measured/,
  },
  {
    name: 'exits early',
    args: () => [...quick, fixture('test_exits_early.ts')],
    exit: 1,
    first: /: crash: the child exited with code 0 before finishing$/,
  },
  {
    name: 'process.exit in the workload',
    args: () => [...quick, fixture('test_process_exit.ts')],
    exit: 1,
    first: /: crash: the child exited with code 7 before finishing$/,
  },
  {
    name: 'killed (SIGKILL)',
    args: () => [...quick, fixture('test_crash.ts')],
    exit: 1,
    first: /: crash: the child was killed by SIGKILL before finishing$/,
  },
  {
    name: 'abort',
    args: () => [...quick, fixture('test_abort.ts')],
    exit: 1,
    first: /: crash: abort: the child was killed by SIGABRT before finishing$/,
  },
  {
    name: 'segfault',
    args: () => [...quick, fixture('test_segfault.ts')],
    exit: 1,
    first: /: crash: segmentation fault: the child was killed by SIGSEGV before finishing$/,
  },
  {
    name: 'out of memory',
    args: () => [...quick, fixture('test_out_of_memory.ts')],
    env: { NODE_OPTIONS: '--max-old-space-size=32' },
    exit: 1,
    first: /: crash: out of memory \(heap limit 32 MB\): the child was killed by SIGABRT before finishing$/,
  },
  {
    name: 'time-out',
    args: () => [...quick, '--timeout', '2', fixture('test_hang.ts')],
    exit: 1,
    first: /: timeout: timed out after 2 s /,
  },
  {
    name: 'stdout flood',
    args: () => [...quick, fixture('test_stdout_flood.ts')],
    exit: 1,
    first: /: error: output flood: the test wrote more than 64 MB/,
  },
  {
    name: 'lie on the channel',
    args: () => [...quick, fixture('test_channel_lie.ts')],
    exit: 1,
    first: /: protocol: the channel named a snapshot outside the run's work folder: /,
  },
  {
    name: 'garbage on the channel',
    args: () => [...quick, fixture('test_channel_garbage.ts')],
    exit: 1,
    first: /: protocol: malformed message from the child: /,
  },
  ...weirdNames.map((name) => ({
    name: `file name ${name}`,
    args: () => [...quick, inDir(name)],
    exit: 1,
    // The name reaches the child as one argument, never through a shell; the identifier rule names it.
    first: new RegExp(
      `^FAILED: \\.fault-table-\\w+/${escaped(name)}: error \\(run\\): measure: identifier ".*" must be letters, digits and '_' only$`,
    ),
  })),
];

/** Live processes that are ours: children of this worker, or running this package's compiled harness (a child, a watchdog). */
function ourLiveProcesses(): number[] {
  const harness = `${join(packageRoot, 'dist', 'harness')}/`;
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (fields[0] === 'Z') return false;
        return fields[1] === String(process.pid) || readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(harness);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function noneLeftWithin(ms: number): Promise<number[]> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if (ourLiveProcesses().length === 0) return [];
  }
  return ourLiveProcesses();
}

describe('faults and bad input', () => {
  beforeAll(() => {
    // Under the package, so that `import 'alloc-counter'` resolves to it.
    dir = mkdtempSync(join(packageRoot, '.fault-table-'));
    writeFileSync(inDir('test_syntax_error.ts'), 'export async function run(id: string) {\n  const = id;\n}\n');
    for (const name of weirdNames) copyFileSync(fixture('test_plain_js.mjs'), inDir(name));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(rows)('$name: exit $exit', async (row) => {
    const baselines = row.baselines === undefined ? undefined : inDir(`baselines-${rows.indexOf(row)}.json`);
    if (baselines !== undefined) writeFileSync(baselines, row.baselines!);
    const { exitCode, stdout, stderr } = await runRunner(row.args(), { env: row.env ?? {}, baselines });
    const first =
      row.exit === 2 ? stderr.trim().split('\n')[0] : stdout.split('\n').find((line) => line.startsWith('FAILED: '));
    expect(first).toMatch(row.first);
    if (row.exit === 2) expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(exitCode).toBe(row.exit);
  });

  it('leaves no process of ours and nothing a file name could have run', async () => {
    expect(await noneLeftWithin(2000)).toEqual([]);
    expect(existsSync(join(packageRoot, 'pwned'))).toBe(false);
    expect(existsSync(inDir('pwned'))).toBe(false);
  });
});
