// Command-line options of run-alloc-counter-tests.sh.
import { availableParallelism, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

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
  /** --heaptrack FILE: run FILE under heaptrack without counting (heaptrack.ts). */
  heaptrack: string | null;
  files: string[];
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
  -h, --help           this text

Limits (<name> is the identifier without "test_"):
  MAX_ALLOCS_ALLOWED_<name>, MAX_ALLOCATED_BYTES_ALLOWED_<name>,
  MAX_REMAINING_ALLOCS_ALLOWED_<name> (default 0), MAX_LEAKED_FDS_ALLOWED_<name> (default 0),
  MAX_LEAKED_HANDLES_ALLOWED_<name> (default 0), MAX_NATIVE_ALLOCS_ALLOWED_<name>,
  MAX_NATIVE_ALLOCATED_BYTES_ALLOWED_<name>, MAX_NATIVE_REMAINING_ALLOCS_ALLOWED_<name>
  (native figures: Linux; ALLOC_COUNTER_NO_NATIVE=1 turns them off)

Exit codes: 0 within limits; 1 a limit exceeded, a leak, a crash or a time-out;
            2 bad usage or configuration.`;

function integerOption(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min) {
    throw new UsageError(`--${name} ${JSON.stringify(raw)}: expected an integer >= ${min}`);
  }
  return Number(raw);
}

export function parseRunnerOptions(argv: string[]): RunnerOptions {
  let parsed;
  try {
    parsed = parseArgs({
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
        heaptrack: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  const { values, positionals } = parsed;
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
    heaptrack: values.heaptrack ?? null,
    files: positionals,
  };
}
