// Every command-line option, once: its flag, value, help, group and default.
// The parser (options.ts), the defaults and the help text (help.ts) are all
// made from this table, so they cannot drift apart.
import { availableParallelism, tmpdir } from 'node:os';
import { DEFAULT_REMAINING_TOLERANCE, DEFAULT_TOLERANCE } from '../limits/check.js';
import type { Shard } from '../project/shard.js';
import { existingFolder, integer, nodeSpec, oneOf, path, percentage, shard, type ValueParser } from './values.js';

export const OPTION_GROUPS = ['Options', 'Limits and baselines'] as const;
export type OptionGroup = (typeof OPTION_GROUPS)[number];

interface OptionBase {
  /** The long flag, without `--`. */
  name: string;
  short?: string;
  group: OptionGroup;
  /** Help text; `{default}` stands for the default. */
  description: string;
}

/** An option without a value: true when given, or false when given with `inverted`. */
export interface FlagOption extends OptionBase {
  kind: 'flag';
  inverted: boolean;
}

export interface ValueOption<T> extends OptionBase {
  kind: 'value';
  /** The value's name in the help text: `--runs N`. */
  valueName: string;
  default: T;
  /** How the help text shows the default, where String(default) would not do. */
  shownDefault?: string;
  parse: ValueParser<T>;
}

export type OptionSpec = FlagOption | ValueOption<unknown>;

function flag(spec: Omit<FlagOption, 'kind' | 'inverted'> & { inverted?: boolean }): FlagOption {
  return { kind: 'flag', inverted: false, ...spec };
}

function value<T>(spec: Omit<ValueOption<T>, 'kind'>): ValueOption<T> {
  return { kind: 'value', ...spec };
}

const limitsGroup = 'Limits and baselines';

/** Keyed by the field of RunnerOptions each option sets; in help-text order. */
export const OPTION_TABLE = {
  workDir: value({
    name: 'tmp-dir',
    short: 't',
    valueName: 'DIR',
    group: 'Options',
    description: 'folder for work files (heap snapshots); default: {default}',
    default: tmpdir(),
    shownDefault: 'the OS temp dir',
    parse: existingFolder,
  }),
  count: flag({
    name: 'no-count',
    short: 'n',
    group: 'Options',
    description: 'run the workloads without counting (for external profilers)',
    inverted: true,
  }),
  counting: value<'snapshot' | 'sampling'>({
    name: 'counting',
    valueName: 'HOW',
    group: 'Options',
    description:
      "how JS allocations are counted: 'snapshot' (default; exact, a heap snapshot per window, its cost grows with the heap) or 'sampling' (V8's sampling heap profiler at 1 byte, cost follows the workload; ARCHITECTURE.md, Counting)",
    default: 'snapshot',
    parse: oneOf(['snapshot', 'sampling'] as const),
  }),
  // Virtual time and repeated runs (issue 12): one block; run/virtual-time.ts, determinism/repeat.ts.
  realTime: flag({
    name: 'real-time',
    group: 'Options',
    description:
      "children read the real clock; by default their main thread's clocks move only with what the program does (virtual time)",
  }),
  repeat: value({
    name: 'repeat',
    valueName: 'N',
    group: 'Options',
    description:
      'check determinism: run each file N times in separate processes; per figure, the distinct values and which processes gave them (exit 1 if a JS figure differs)',
    default: 1,
    parse: integer(2),
  }),
  measuredRuns: value({
    name: 'runs',
    valueName: 'N',
    group: 'Options',
    description: 'measured runs per identifier (default {default}); figures are their minimum',
    default: 3,
    parse: integer(1),
  }),
  warmupRuns: value({
    name: 'warmup',
    valueName: 'N',
    group: 'Options',
    description: 'warm-up runs before measuring (default {default})',
    default: 2,
    parse: integer(0),
  }),
  timeoutSeconds: value({
    name: 'timeout',
    valueName: 'SECS',
    group: 'Options',
    description: 'time limit per test file (default {default}); a hung file is killed',
    default: 120,
    parse: integer(1),
  }),
  jobs: value({
    name: 'jobs',
    short: 'j',
    valueName: 'N',
    group: 'Options',
    description: 'test files run at once (default: {default})',
    default: availableParallelism(),
    shownDefault: 'number of cores',
    parse: integer(1),
  }),
  shard: value<Shard | null>({
    name: 'shard',
    valueName: 'I/N',
    group: 'Options',
    description:
      'run shard I of N: a stable share of the test files, by a hash of their path in the package (merge the --json reports with merge-reports)',
    default: null,
    parse: shard,
  }),
  jsonReport: value<string | null>({
    name: 'json',
    valueName: 'FILE',
    group: 'Options',
    description: "write the full report (every run's figures) as JSON",
    default: null,
    parse: path,
  }),
  htmlReport: value<string | null>({
    name: 'html',
    valueName: 'FILE',
    group: 'Options',
    description:
      'write one self-contained HTML page: summary table, figures against limits, an allocation icicle per identifier (differential with --compare-to)',
    default: null,
    parse: path,
  }),
  junitReport: value<string | null>({
    name: 'junit',
    valueName: 'FILE',
    group: 'Options',
    description:
      'write a JUnit XML report: a testcase per identifier, its figures, limits and deltas as properties and in system-out',
    default: null,
    parse: path,
  }),
  keepSnapshots: flag({
    name: 'keep-snapshots',
    group: 'Options',
    description: 'keep the heap snapshots of measured runs (their folder is printed)',
  }),
  heaptrack: value<string | null>({
    name: 'heaptrack',
    valueName: 'FILE',
    group: 'Options',
    description:
      'run FILE once under heaptrack, without counting, and print its top malloc sites (the data file is kept in the -t folder)',
    default: null,
    parse: path,
  }),
  explain: flag({
    name: 'explain',
    group: 'Options',
    description:
      'for every identifier, the top allocation sites and what stays alive (shown for failing identifiers without it)',
  }),
  compareTo: value<string | null>({
    name: 'compare-to',
    valueName: 'FILE',
    group: 'Options',
    description:
      'per identifier, the allocation sites whose counts changed against FILE, a report written by --json (e.g. on the main branch)',
    default: null,
    parse: path,
  }),
  profileDir: value<string | null>({
    name: 'profile',
    valueName: 'DIR',
    group: 'Options',
    description:
      'write per identifier a .heapsnapshot and .heapprofile (Chrome DevTools, Memory tab) and an allocation flame graph (.svg) to DIR',
    default: null,
    parse: path,
  }),
  // Issue 15: where the time goes (harness/cpu-profile/).
  cpuProfileDir: value<string | null>({
    name: 'cpu-profile',
    valueName: 'DIR',
    group: 'Options',
    description:
      "write per identifier a CPU profile as DIR/<identifier>.cpuprofile (Chrome DevTools, speedscope): for load tests the server process's under load, for allocation tests an uncounted run of the workload",
    default: null,
    parse: path,
  }),
  profileFailingOnly: flag({
    name: 'profile-failing',
    group: 'Options',
    description: 'with --profile: only for identifiers that failed',
  }),
  help: flag({ name: 'help', short: 'h', group: 'Options', description: 'this text' }),
  updateBaselines: flag({
    name: 'update-baselines',
    group: limitsGroup,
    description:
      'rewrite the limits of the identifiers measured in this run, for this Node major, in the baselines file (prints old -> new; writes nothing if any file failed)',
  }),
  processes: value({
    name: 'processes',
    valueName: 'N',
    group: limitsGroup,
    description:
      'with --update-baselines: run the files N times, in separate processes; limits from the highest figures, the lowest kept for exact metrics that differed, so a lower figure within that range is no improvement; prints their agreement as --repeat N does',
    default: 1,
    parse: integer(1),
  }),
  baselinesFile: value<string | null>({
    name: 'baselines',
    valueName: 'FILE',
    group: limitsGroup,
    description: 'the baselines file (default: {default})',
    default: null,
    shownDefault: "the project's, named above",
    parse: path,
  }),
  allowMissing: flag({
    name: 'allow-missing',
    group: limitsGroup,
    description: 'an identifier with no limit passes instead of failing',
  }),
  allowImprovements: flag({
    name: 'allow-improvements',
    group: limitsGroup,
    description: 'figures well below their limits pass (exit 0) instead of exit 3',
  }),
  tolerancePercent: value({
    name: 'tolerance',
    valueName: 'PCT',
    group: limitsGroup,
    description: 'a count is an improvement when more than PCT% (default {default})',
    default: DEFAULT_TOLERANCE.percent,
    parse: percentage,
  }),
  toleranceMinimum: value({
    name: 'tolerance-min',
    valueName: 'N',
    group: limitsGroup,
    description: 'and more than N (default {default}) below its limit',
    default: DEFAULT_TOLERANCE.minimum,
    parse: integer(0),
  }),
  remainingTolerance: value({
    name: 'remaining-tolerance',
    valueName: 'N',
    group: limitsGroup,
    description:
      "remaining_allocations may exceed its limit by N (default {default}, as SwiftNIO's |remaining| < 5); 0 makes it exact",
    default: DEFAULT_REMAINING_TOLERANCE,
    parse: integer(0),
  }),
  node: value<string | null>({
    name: 'node',
    valueName: 'PATH|MAJOR|VERSION',
    group: limitsGroup,
    description:
      "run the children on that Node (24 or 24.21.0 means .node-cache/node-24 or node-24.21.0, fetched by scripts/fetch-node.sh), against its major's baselines key",
    default: null,
    parse: nodeSpec,
  }),
} satisfies Record<string, OptionSpec>;

type ValueOf<S> = S extends ValueOption<infer T> ? T : boolean;

/** The parsed command line: one field per table entry, and the test files. */
export type RunnerOptions = { -readonly [K in keyof typeof OPTION_TABLE]: ValueOf<(typeof OPTION_TABLE)[K]> } & {
  files: string[];
};

export const OPTION_SPECS: readonly OptionSpec[] = Object.values(OPTION_TABLE);
