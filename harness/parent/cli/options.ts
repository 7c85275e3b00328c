// The command line of run-alloc-counter-tests.sh, parsed by the option table
// (option-table.ts), then checked option against option.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { OPTION_SPECS, OPTION_TABLE, type OptionSpec, type RunnerOptions } from './option-table.js';

export type { RunnerOptions } from './option-table.js';

type ParseArgsOptions = NonNullable<ParseArgsConfig['options']>;

function parseArgsOptions(): ParseArgsOptions {
  const options: ParseArgsOptions = {};
  for (const spec of OPTION_SPECS) {
    options[spec.name] = {
      type: spec.kind === 'flag' ? 'boolean' : 'string',
      ...(spec.short === undefined ? {} : { short: spec.short }),
    };
  }
  return options;
}

/** An option on the command line: its text, and the flag as typed (messages name it). */
interface Given {
  raw: string | undefined;
  flag: string;
}

/** The given options by long name, and the test files. */
function readArgv(argv: string[]): { given: Map<string, Given>; files: string[] } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, tokens: true, options: parseArgsOptions() });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  const given = new Map<string, Given>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind === 'option') given.set(token.name, { raw: token.value, flag: token.rawName });
  }
  return { given, files: parsed.positionals };
}

/** Options that make no sense together, each with what to do instead. */
const CROSS_CHECKS: { broken: (options: RunnerOptions) => boolean; message: string }[] = [
  { broken: (o) => o.profileFailingOnly && o.profileDir === null, message: '--profile-failing needs --profile DIR' },
  { broken: (o) => o.updateBaselines && !o.count, message: '--update-baselines needs counting: drop -n' },
  { broken: (o) => o.processes > 1 && !o.updateBaselines, message: '--processes N goes with --update-baselines' },
  {
    broken: (o) => o.repeat > 1 && o.updateBaselines,
    message: '--repeat N checks; to update from N processes use --processes N',
  },
  { broken: (o) => o.repeat > 1 && !o.count, message: '--repeat N compares counts: drop -n' },
  {
    broken: (o) => o.heaptrack !== null && o.files.length > 0,
    message: '--heaptrack FILE runs one file: give no other test files',
  },
  { broken: (o) => o.heaptrack !== null && o.shard !== null, message: '--heaptrack FILE runs one file: drop --shard' },
];

/**
 * Parses argv; every bad flag, value or combination is a UsageError (exit 2).
 * `defaults`: the project's configuration, in place of the table's defaults.
 */
export function parseRunnerOptions(argv: string[], defaults: Partial<RunnerOptions> = {}): RunnerOptions {
  const { given, files } = readArgv(argv);
  const options: Record<string, unknown> = { files };
  for (const [key, spec] of Object.entries(OPTION_TABLE) as [string, OptionSpec][]) {
    const found = given.get(spec.name);
    if (spec.kind === 'flag') options[key] = (found !== undefined) !== spec.inverted;
    else if (found !== undefined) options[key] = spec.parse(found.raw ?? '', found.flag);
    else options[key] = key in defaults ? defaults[key as keyof RunnerOptions] : spec.default;
  }
  const parsed = options as RunnerOptions;
  if (parsed.help) return parsed;
  for (const check of CROSS_CHECKS) if (check.broken(parsed)) throw new UsageError(check.message);
  return parsed;
}
