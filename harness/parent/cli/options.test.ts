import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { findProject } from '../project/project.js';
import { helpText } from './help.js';
import { OPTION_SPECS, OPTION_TABLE, type RunnerOptions } from './option-table.js';
import { parseRunnerOptions } from './options.js';

const folder = mkdtempSync(join(tmpdir(), 'alloc-counter-options-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The message of the UsageError that parsing argv throws. */
function usageError(argv: string[]): string {
  try {
    parseRunnerOptions(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseRunnerOptions', () => {
  it('has a default for every option', () => {
    const expected: RunnerOptions = {
      workDir: tmpdir(),
      count: true,
      counting: 'snapshot',
      realTime: false,
      repeat: 1,
      measuredRuns: 3,
      warmupRuns: 2,
      timeoutSeconds: 120,
      jobs: availableParallelism(),
      shard: null,
      jsonReport: null,
      htmlReport: null,
      junitReport: null,
      keepSnapshots: false,
      heaptrack: null,
      explain: false,
      compareTo: null,
      profileDir: null,
      cpuProfileDir: null,
      profileFailingOnly: false,
      help: false,
      updateBaselines: false,
      processes: 1,
      baselinesFile: null,
      allowMissing: false,
      allowImprovements: false,
      tolerancePercent: 2,
      toleranceMinimum: 50,
      remainingTolerance: 4,
      node: null,
      files: [],
    };
    expect(parseRunnerOptions([])).toEqual(expected);
  });

  // Each option of the table, given on its own (with what it needs), and the field it sets.
  const cases: [keyof typeof OPTION_TABLE, string[], unknown][] = [
    ['workDir', ['-t', folder], folder],
    ['count', ['-n'], false],
    ['realTime', ['--real-time'], true],
    ['repeat', ['--repeat', '5'], 5],
    ['measuredRuns', ['--runs', '5'], 5],
    ['warmupRuns', ['--warmup', '0'], 0],
    ['timeoutSeconds', ['--timeout', '7'], 7],
    ['jobs', ['-j', '3'], 3],
    ['shard', ['--shard', '2/3'], { index: 2, count: 3 }],
    ['jsonReport', ['--json', 'out.json'], 'out.json'],
    ['htmlReport', ['--html', 'out.html'], 'out.html'],
    ['junitReport', ['--junit', 'out.xml'], 'out.xml'],
    ['keepSnapshots', ['--keep-snapshots'], true],
    ['heaptrack', ['--heaptrack', 'test_x.ts'], 'test_x.ts'],
    ['explain', ['--explain'], true],
    ['compareTo', ['--compare-to', 'main.json'], 'main.json'],
    ['profileDir', ['--profile', 'prof'], 'prof'],
    ['cpuProfileDir', ['--cpu-profile', 'cpu'], 'cpu'],
    ['profileFailingOnly', ['--profile', 'prof', '--profile-failing'], true],
    ['help', ['-h'], true],
    ['updateBaselines', ['--update-baselines'], true],
    ['processes', ['--update-baselines', '--processes', '4'], 4],
    ['baselinesFile', ['--baselines', 'b.json'], 'b.json'],
    ['allowMissing', ['--allow-missing'], true],
    ['allowImprovements', ['--allow-improvements'], true],
    ['tolerancePercent', ['--tolerance', '2.5%'], 2.5],
    ['toleranceMinimum', ['--tolerance-min', '0'], 0],
    ['remainingTolerance', ['--remaining-tolerance', '0'], 0],
    ['node', ['--node', '24.21.0'], '24.21.0'],
    ['counting', ['--counting', 'sampling'], 'sampling'],
  ];

  it.each(cases)('sets %s from %j', (key, argv, value) => {
    expect(parseRunnerOptions(argv)[key]).toEqual(value);
  });

  it('covers every option of the table above', () => {
    expect(cases.map(([key]) => key).sort()).toEqual(Object.keys(OPTION_TABLE).sort());
  });

  it('takes long and short forms, --flag=value, and test files', () => {
    const options = parseRunnerOptions(['--tmp-dir', folder, '--no-count', '--jobs=2', '--help', 'a.ts', 'b.mjs']);
    expect(options).toMatchObject({ workDir: folder, count: false, jobs: 2, help: true, files: ['a.ts', 'b.mjs'] });
  });

  it.each([
    [['--runs', 'zero'], '--runs "zero": expected an integer >= 1'],
    [['--runs', '2.5'], '--runs "2.5": expected an integer >= 1'],
    [['--runs=-1'], '--runs "-1": expected an integer >= 1'],
    [['--runs', '0'], '--runs "0": expected an integer >= 1'],
    [['--runs', ''], '--runs "": expected an integer >= 1'],
    [['--warmup', '-2'], "Option '--warmup' argument is ambiguous. (see --help)"],
    [['--timeout', '0'], '--timeout "0": expected an integer >= 1'],
    [['-j', '0'], '-j "0": expected an integer >= 1'],
    [['--jobs', 'many'], '--jobs "many": expected an integer >= 1'],
    [['--processes', '0'], '--processes "0": expected an integer >= 1'],
    [['--tolerance-min', '1e3'], '--tolerance-min "1e3": expected an integer >= 0'],
    [['--remaining-tolerance', ' '], '--remaining-tolerance " ": expected an integer >= 0'],
    [['--tolerance', 'abc'], '--tolerance "abc": expected a percentage >= 0, such as 2 or 2%'],
    [['--tolerance=-1'], '--tolerance "-1": expected a percentage >= 0, such as 2 or 2%'],
    [['--tolerance', ''], '--tolerance "": expected a percentage >= 0, such as 2 or 2%'],
    [['--shard', '0/2'], '--shard "0/2": expected i/n with 1 <= i <= n, such as 1/4'],
    [['--shard', '3/2'], '--shard "3/2": expected i/n with 1 <= i <= n, such as 1/4'],
    [['--shard', '1/0'], '--shard "1/0": expected i/n with 1 <= i <= n, such as 1/4'],
    [['--shard', 'a/b'], '--shard "a/b": expected i/n with 1 <= i <= n, such as 1/4'],
    [['--shard', '1'], '--shard "1": expected i/n with 1 <= i <= n, such as 1/4'],
    [['--counting', 'heap'], '--counting "heap": expected one of snapshot, sampling'],
    [['--shard=1/2/3'], '--shard "1/2/3": expected i/n with 1 <= i <= n, such as 1/4'],
    [['--shard', '-1/2'], "Option '--shard' argument is ambiguous. (see --help)"],
    [['--json', ''], '--json "": expected a path'],
    [['--baselines', ''], '--baselines "": expected a path'],
    [['--node', ''], '--node "": expected a node binary\'s path, a major (24) or a version'],
    [['-t', join(folder, 'missing')], `-t ${join(folder, 'missing')}: no such folder`],
    [['--tmp-dir', ''], '--tmp-dir "": expected a path'],
    [['--runs'], "Option '--runs <value>' argument missing (see --help)"],
    [['-t'], "Option '-t, --tmp-dir <value>' argument missing (see --help)"],
  ])('refuses %j: %s', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });

  it('refuses an unknown flag, in one line', () => {
    const message = usageError(['--bogus']);
    expect(message).toMatch(/^Unknown option '--bogus'.* \(see --help\)$/);
    expect(message).not.toContain('\n');
  });

  it('refuses an empty value of every option that takes one, naming the flag', () => {
    for (const spec of OPTION_SPECS.filter((s) => s.kind === 'value')) {
      expect(usageError([`--${spec.name}`, ''])).toMatch(new RegExp(`^--${spec.name} "": expected `));
    }
  });

  it.each([
    [['--profile-failing'], '--profile-failing needs --profile DIR'],
    [['-n', '--update-baselines'], '--update-baselines needs counting: drop -n'],
    [['--processes', '2'], '--processes N goes with --update-baselines'],
    [['--heaptrack', 'a.ts', 'b.ts'], '--heaptrack FILE runs one file: give no other test files'],
    [['--heaptrack', 'a.ts', '--shard', '1/2'], '--heaptrack FILE runs one file: drop --shard'],
  ])('refuses %j together: %s', (argv, message) => {
    expect(usageError(argv)).toBe(message);
  });

  it('gives --help even with options that do not go together', () => {
    expect(parseRunnerOptions(['--processes', '2', '-h']).help).toBe(true);
  });
});

describe('helpText', () => {
  const help = helpText(findProject(process.cwd(), true));

  it('lists every option of the table with its short form and value', () => {
    for (const spec of OPTION_SPECS) {
      const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
      const value = spec.kind === 'value' ? ` ${spec.valueName}` : '';
      expect(help).toContain(`\n  ${short}--${spec.name}${value} `);
    }
  });

  it('shows the defaults of the table, under both groups', () => {
    expect(help).not.toContain('{default}');
    expect(help).toContain('measured runs per identifier (default 3)');
    expect(help).toContain('warm-up runs before measuring (default 2)');
    expect(help).toContain('(default 120)');
    expect(help).toContain('test files run at once (default: number of cores)');
    expect(help).toMatch(/--tolerance PCT +a count is an improvement when more than PCT% \(default 2\)/);
    expect(help).toMatch(/\nOptions:\n {2}-t, --tmp-dir DIR/);
    expect(help).toMatch(/\nLimits and baselines:\n {6}--update-baselines/);
  });

  it('keeps the limit variables and the exit codes, in lines of at most 100 characters', () => {
    expect(help).toContain('MAX_REMAINING_ALLOCS_ALLOWED_<name> (default 0)');
    expect(help).toContain('2 bad usage or configuration; 3 figures below their limits');
    expect(help.split('\n').filter((line) => line.length > 100)).toEqual([]);
  });
});
