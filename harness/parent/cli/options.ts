// Command-line options of run-alloc-counter-tests.sh.
import { availableParallelism, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { DEFAULT_REMAINING_TOLERANCE, DEFAULT_TOLERANCE } from '../limits/check.js';

export interface RunnerOptions {
  help: boolean;
  workDir: string;
  count: boolean;
  measuredRuns: number;
  warmupRuns: number;
  timeoutSeconds: number;
  jobs: number;
  jsonReport: string | null;
  keepSnapshots: boolean;
  updateBaselines: boolean;
  processes: number;
  allowMissing: boolean;
  allowImprovements: boolean;
  baselinesFile: string | null;
  node: string | null;
  tolerancePercent: number;
  toleranceMinimum: number;
  remainingTolerance: number;
  /** --heaptrack FILE: run FILE under heaptrack without counting (heaptrack.ts). */
  heaptrack: string | null;
  files: string[];
  // diagnostics (issue 6)
  explain: boolean;
  compareTo: string | null;
  profileDir: string | null;
  profileFailingOnly: boolean;
}

export const USAGE = `Usage: ./run-alloc-counter-tests.sh [options] [test files...]

Runs allocation-counter tests (default: tests_04_performance/test_01_resources/test_*.ts),
one child Node process per file, and checks every figure against its limit.

Options:
  -t, --tmp-dir DIR    folder for work files (heap snapshots); default: the OS temp dir
  -n, --no-count       run the workloads without counting (for external profilers)
      --runs N         measured runs per identifier (default 3); figures are their minimum
      --warmup N       warm-up runs before measuring (default 2)
      --timeout SECS   time limit per test file (default 120); a hung file is killed
  -j, --jobs N         test files run at once (default: number of cores)
      --json FILE      write the full report (every run's figures) as JSON
      --keep-snapshots keep the heap snapshots of measured runs (their folder is printed)
      --heaptrack FILE run FILE once under heaptrack, without counting, and print its
                       top malloc sites (the data file is kept in the -t folder)
      --explain        for every identifier, the top allocation sites and what stays alive
                       (shown for failing identifiers without it)
      --compare-to FILE  per identifier, the allocation sites whose counts changed against
                       FILE, a report written by --json (e.g. on the main branch)
      --profile DIR    write per identifier a .heapsnapshot and .heapprofile (Chrome
                       DevTools, Memory tab) and an allocation flame graph (.svg) to DIR
      --profile-failing  with --profile: only for identifiers that failed

Limits and baselines:
      --update-baselines   rewrite the limits of the identifiers measured in this run, for this
                           Node major, in baselines.json (prints old -> new; writes nothing if
                           any file failed)
      --processes N        with --update-baselines: run the files N times, in separate processes;
                           limits from the highest figures, the lowest kept for exact metrics
                           that differed, so a lower figure within that range is no improvement
      --baselines FILE     the baselines file (default: baselines.json of the package)
      --allow-missing      an identifier with no limit passes instead of failing
      --allow-improvements figures well below their limits pass (exit 0) instead of exit 3
      --tolerance PCT      a count is an improvement when more than PCT% (default 2)
      --tolerance-min N    and more than N (default 50) below its limit
      --remaining-tolerance N  remaining_allocations may exceed its limit by N (default 4,
                           as SwiftNIO's |remaining| < 5); 0 makes it exact
      --node PATH|MAJOR|VERSION  run the children on that Node (24 or 24.21.0 means
                           .node-cache/node-24 or node-24.21.0, fetched by scripts/fetch-node.sh),
                           against its major's baselines key
  -h, --help           this text

Limit variables override baselines.json for one run (<name> is the identifier without "test_"):
  MAX_ALLOCS_ALLOWED_<name>, MAX_ALLOCATED_BYTES_ALLOWED_<name>,
  MAX_REMAINING_ALLOCS_ALLOWED_<name> (default 0), MAX_LEAKED_FDS_ALLOWED_<name> (default 0),
  MAX_LEAKED_HANDLES_ALLOWED_<name> (default 0), MAX_NATIVE_ALLOCS_ALLOWED_<name>,
  MAX_NATIVE_ALLOCATED_BYTES_ALLOWED_<name>, MAX_NATIVE_REMAINING_ALLOCS_ALLOWED_<name>
  (native figures: Linux; ALLOC_COUNTER_NO_NATIVE=1 turns them off)

Exit codes: 0 within limits; 1 a limit exceeded or missing, a leak, a crash or a time-out;
            2 bad usage or configuration; 3 figures below their limits by more than the tolerance.`;

function integerOption(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min) {
    throw new UsageError(`--${name} ${JSON.stringify(raw)}: expected an integer >= ${min}`);
  }
  return Number(raw);
}

function percentOption(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/%$/, ''));
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`--${name} ${JSON.stringify(raw)}: expected a percentage >= 0, such as 2 or 2%`);
  }
  return value;
}

function parseFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'tmp-dir': { type: 'string', short: 't' },
        'no-count': { type: 'boolean', short: 'n' },
        runs: { type: 'string' },
        warmup: { type: 'string' },
        timeout: { type: 'string' },
        jobs: { type: 'string', short: 'j' },
        json: { type: 'string' },
        'keep-snapshots': { type: 'boolean' },
        'update-baselines': { type: 'boolean' },
        processes: { type: 'string' },
        baselines: { type: 'string' },
        'allow-missing': { type: 'boolean' },
        'allow-improvements': { type: 'boolean' },
        tolerance: { type: 'string' },
        'tolerance-min': { type: 'string' },
        'remaining-tolerance': { type: 'string' },
        node: { type: 'string' },
        heaptrack: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        explain: { type: 'boolean' },
        'compare-to': { type: 'string' },
        profile: { type: 'string' },
        'profile-failing': { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
}

export function parseRunnerOptions(argv: string[]): RunnerOptions {
  const parsed = parseFlags(argv);
  const { values, positionals } = parsed;
  if (values['profile-failing'] === true && values.profile === undefined) {
    throw new UsageError('--profile-failing needs --profile DIR');
  }
  return {
    help: values.help ?? false,
    workDir: values['tmp-dir'] ?? tmpdir(),
    count: !(values['no-count'] ?? false),
    measuredRuns: integerOption('runs', values.runs, 3, 1),
    warmupRuns: integerOption('warmup', values.warmup, 2, 0),
    timeoutSeconds: integerOption('timeout', values.timeout, 120, 1),
    jobs: integerOption('jobs', values.jobs, availableParallelism(), 1),
    jsonReport: values.json ?? null,
    keepSnapshots: values['keep-snapshots'] ?? false,
    updateBaselines: values['update-baselines'] ?? false,
    processes: integerOption('processes', values.processes, 1, 1),
    allowMissing: values['allow-missing'] ?? false,
    allowImprovements: values['allow-improvements'] ?? false,
    baselinesFile: values.baselines ?? null,
    node: values.node ?? null,
    tolerancePercent: percentOption('tolerance', values.tolerance, DEFAULT_TOLERANCE.percent),
    toleranceMinimum: integerOption('tolerance-min', values['tolerance-min'], DEFAULT_TOLERANCE.minimum, 0),
    remainingTolerance: integerOption(
      'remaining-tolerance',
      values['remaining-tolerance'],
      DEFAULT_REMAINING_TOLERANCE,
      0,
    ),
    heaptrack: values.heaptrack ?? null,
    files: positionals,
    explain: values.explain ?? false,
    compareTo: values['compare-to'] ?? null,
    profileDir: values.profile ?? null,
    profileFailingOnly: values['profile-failing'] ?? false,
  };
}
