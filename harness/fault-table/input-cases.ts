// Fault cases of bad input and bad test files: a baselines file, a limit variable, a flag or a
// test file that is wrong, and every way a child can fail. Each runs the runner once.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../parent/project/paths.js';
import { fixture } from '../test-support.js';
import { type CaseContext, type FaultCase, lineOf, nodeKey, quick, runAsUser, type Tried, textOf } from './case.js';

interface InputCase {
  name: string;
  exit: number;
  line: RegExp;
  args: (context: CaseContext) => string[];
  env?: (context: CaseContext) => Record<string, string>;
  /** The content of the run's baselines.json (else none, with --allow-missing). */
  baselines?: () => string;
  /** Files the case needs in its folder, made before the run. */
  setup?: (context: CaseContext) => void;
  /** Checks of its own after the run: problems, one sentence each. */
  check?: (context: CaseContext) => string[];
}

function inputCase(spec: InputCase): FaultCase {
  return {
    name: spec.name,
    exit: spec.exit,
    line: spec.line,
    async run(context): Promise<Tried> {
      spec.setup?.(context);
      const baselines = spec.baselines === undefined ? undefined : join(context.dir, 'baselines.json');
      const before = spec.baselines?.();
      if (baselines !== undefined) writeFileSync(baselines, before!);
      const result = await runAsUser(context, spec.args(context), { env: spec.env?.(context) ?? {}, baselines });
      const { line, problems } = lineOf(result);
      const tried: Tried = { exit: result.exitCode, line, problems: [...problems, ...(spec.check?.(context) ?? [])] };
      // The runner never writes baselines.json unless told to update it.
      if (baselines !== undefined) tried.baselines = textOf(baselines) === before ? 'intact' : 'corrupted';
      return tried;
    },
  };
}

const plain = () => [fixture('test_plain_js.mjs')];
const quickly = (name: string) => () => [...quick, fixture(name)];
const validBaselines = () => readFileSync(join(packageRoot, 'baselines.json'), 'utf8');

/** A baselines file with `count` identifiers, written as --update-baselines writes it (about 280 bytes each). */
export function manyIdentifiers(count: number, extra: Record<string, Record<string, number>> = {}): string {
  const limits: Record<string, Record<string, number>> = { ...extra };
  for (let i = 0; i < count; i++) {
    limits[`id_${i}`] = {
      total_allocations: i,
      total_allocated_bytes: i * 48,
      remaining_allocations: 0,
      total_native_allocations: 50,
      total_native_allocated_bytes: 4096,
      remaining_native_allocations: 8,
      leaked_fds: 0,
      leaked_handles: 0,
    };
  }
  const runtime = { node: process.version, v8: process.versions.v8, updatedAt: '2026-01-01T00:00:00.000Z', limits };
  return `${JSON.stringify({ schemaVersion: 1, runtimes: { [nodeKey]: runtime } }, null, 2)}\n`;
}

const baselinesCases: FaultCase[] = [
  ['malformed', 'not json', /: not valid JSON: /],
  ['truncated', '{"schemaVersion": 1, "runt', /: not valid JSON: Unterminated string in JSON/],
  ['empty', '', /: not valid JSON: Unexpected end of JSON input$/],
].map(([what, content, line]) =>
  inputCase({
    name: `${what} \`baselines.json\``,
    exit: 2,
    line: line as RegExp,
    args: plain,
    baselines: () => content as string,
  }),
);

baselinesCases.push(
  inputCase({
    name: 'huge `baselines.json` (130 000 identifiers, 43 MB)',
    exit: 2,
    line: /: 4\d\.\d MB, more than the 32\.0 MB a baselines file may hold: not a baselines file\?$/,
    args: plain,
    baselines: () => manyIdentifiers(130_000),
  }),
  inputCase({
    name: '`baselines.json` with 300 000 unknown keys (5.2 MB)',
    exit: 2,
    line: /: at \(top level\): unknown field "k0", "k1", "k2" and 299997 more$/,
    args: plain,
    baselines: () =>
      `{"schemaVersion": 1, "runtimes": {}, ${Array.from({ length: 300_000 }, (_, i) => `"k${i}": ${i}`).join(', ')}}`,
  }),
  inputCase({
    name: '`baselines.json` nested 100 000 deep',
    exit: 2,
    line: /: at runtimes\.node-MAJOR\.limits\.a: unknown field "a"$/,
    args: plain,
    baselines: () =>
      `{"schemaVersion": 1, "runtimes": {"${nodeKey}": {"node": "v", "v8": "x", "updatedAt": "t", "limits": {"a": ${'{"a": '.repeat(100_000)}1${'}'.repeat(100_000)}}}}}`,
  }),
  inputCase({
    name: 'large valid `baselines.json` (20 000 identifiers, 6.5 MB)',
    exit: 0,
    line: /^alloc-counter: 1 passed, 0 failed$/,
    args: plain,
    // test_plain_js.mjs's exact figures (cli-baselines.test.ts), as measured after the default warm-ups.
    baselines: () =>
      manyIdentifiers(20_000, {
        plain_js: {
          total_allocations: 10,
          total_allocated_bytes: 480,
          remaining_allocations: 0,
          total_native_allocations: 0,
        },
      }),
  }),
  inputCase({
    name: 'unknown key in `baselines.json`',
    exit: 2,
    line: /: at \(top level\): unknown field "bogus"$/,
    args: plain,
    baselines: () => `{"bogus": 1, ${validBaselines().trim().slice(1)}`,
  }),
);

const limitCases: FaultCase[] = ['-5', '1.5', '99999999999999999999999', 'abc'].map((value) =>
  inputCase({
    name: `limit variable \`${value}\``,
    exit: 2,
    line: new RegExp(
      `^alloc-counter: MAX_ALLOCS_ALLOWED_x="${value.replace('.', '\\.')}": a limit must be a non-negative integer$`,
    ),
    args: plain,
    env: () => ({ MAX_ALLOCS_ALLOWED_x: value }),
  }),
);

const weirdNames = ['test with space.mjs', `test_'q"uote.mjs`, 'test_$(touch pwned);|&.mjs'];
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const fileCases: FaultCase[] = [
  inputCase({
    name: 'unknown flag',
    exit: 2,
    line: /^alloc-counter: Unknown option '--bogus'/,
    args: () => ['--bogus'],
  }),
  inputCase({
    name: 'missing test file',
    exit: 2,
    line: /^alloc-counter: no such test file: .*test_nope\.ts$/,
    args: (context) => [join(context.dir, 'test_nope.ts')],
  }),
  inputCase({
    name: 'syntax error',
    exit: 1,
    line: /^FAILED: .*test_syntax_error\.ts: error \(import\): Transform failed/,
    args: (context) => [...quick, join(context.dir, 'test_syntax_error.ts')],
    setup: (context) =>
      writeFileSync(
        join(context.dir, 'test_syntax_error.ts'),
        'export async function run(id: string) {\n  const = id;\n}\n',
      ),
  }),
  inputCase({
    name: 'throws at import',
    exit: 1,
    line: /: error \(import\): fixture: broken at import$/,
    args: quickly('test_import_error.ts'),
  }),
  inputCase({
    name: 'no `run` export',
    exit: 1,
    line: /: error \(import\): .*does not export a function run\(identifier\)$/,
    args: quickly('test_no_run.ts'),
  }),
  inputCase({
    name: 'never calls `measure`',
    exit: 1,
    line: /: error \(run\): run\('test_no_measure'\) never called measure\(\)$/,
    args: quickly('test_no_measure.ts'),
  }),
  inputCase({
    name: 'workload throws',
    exit: 1,
    line: /: error \(run\): fixture: workload failed$/,
    args: quickly('test_throws.ts'),
  }),
  inputCase({
    name: 'workload rejects',
    exit: 1,
    line: /: error \(run\): fixture: workload rejected$/,
    args: quickly('test_rejects.ts'),
  }),
  inputCase({
    name: 'measures one identifier twice',
    exit: 1,
    line: /: error \(run\): measure\('test_twice'\): this identifier was already measured/,
    args: quickly('test_twice.ts'),
  }),
  inputCase({
    name: 'exits early',
    exit: 1,
    line: /: crash: the child exited with code 0 before finishing$/,
    args: quickly('test_exits_early.ts'),
  }),
  inputCase({
    name: '`process.exit` in the workload',
    exit: 1,
    line: /: crash: the child exited with code 7 before finishing$/,
    args: quickly('test_process_exit.ts'),
  }),
  inputCase({
    name: 'child killed (SIGKILL)',
    exit: 1,
    line: /: crash: the child was killed by SIGKILL before finishing$/,
    args: quickly('test_crash.ts'),
  }),
  inputCase({
    name: 'abort',
    exit: 1,
    line: /: crash: abort: the child was killed by SIGABRT before finishing$/,
    args: quickly('test_abort.ts'),
  }),
  inputCase({
    name: 'segfault',
    exit: 1,
    line: /: crash: segmentation fault: the child was killed by SIGSEGV before finishing$/,
    args: quickly('test_segfault.ts'),
  }),
  inputCase({
    name: 'out of heap (`--max-old-space-size=32`)',
    exit: 1,
    line: /: crash: out of memory \(heap limit 32 MB\): the child was killed by SIGABRT before finishing$/,
    args: quickly('test_out_of_memory.ts'),
    env: () => ({ NODE_OPTIONS: '--max-old-space-size=32' }),
  }),
  inputCase({
    name: 'hangs (`--timeout 2`)',
    exit: 1,
    line: /: timeout: timed out after 2 s /,
    args: () => [...quick, '--timeout', '2', fixture('test_hang.ts')],
  }),
  inputCase({
    name: 'floods stdout (80 MB)',
    exit: 1,
    line: /: error: output flood: the test wrote more than 64 MB/,
    args: quickly('test_stdout_flood.ts'),
  }),
  inputCase({
    name: 'report channel: a snapshot path outside the work folder',
    exit: 1,
    line: /: protocol: the channel named a snapshot outside the run's work folder: .*decoy\.heapsnapshot$/,
    args: quickly('test_channel_lie.ts'),
    env: (context) => ({ ALLOC_COUNTER_FIXTURE_DECOY: join(context.dir, 'decoy.heapsnapshot') }),
    setup: (context) => writeFileSync(join(context.dir, 'decoy.heapsnapshot'), 'not a snapshot of this run'),
    check: (context) =>
      textOf(join(context.dir, 'decoy.heapsnapshot')) === 'not a snapshot of this run'
        ? []
        : ['the file the channel named was touched'],
  }),
  inputCase({
    name: 'report channel: random bytes',
    exit: 1,
    line: /: protocol: malformed message from the child: /,
    args: quickly('test_channel_garbage.ts'),
  }),
  ...weirdNames.map((name) =>
    inputCase({
      name: `file name \`${name}\``,
      exit: 1,
      // The name reaches the child as one argument, never through a shell; the identifier rule names it.
      line: new RegExp(
        `/${escaped(name)}: error \\(run\\): measure: identifier ".*" must be letters, digits and '_' only$`,
      ),
      args: (context) => [...quick, join(context.dir, name)],
      setup: (context) => copyFileSync(fixture('test_plain_js.mjs'), join(context.dir, name)),
      check: (context) =>
        [packageRoot, context.dir].some((where) => existsSync(join(where, 'pwned')))
          ? ['a shell ran the file name']
          : [],
    }),
  ),
];

export const inputCases: FaultCase[] = [...baselinesCases, ...limitCases, ...fileCases];
