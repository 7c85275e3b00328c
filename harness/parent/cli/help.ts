// The --help text: a fixed head and tail around the options, which are
// written from the option table, group by group.
import { METRICS } from '../../metrics.js';
import { OPTION_GROUPS, OPTION_SPECS, type OptionGroup, type OptionSpec } from './option-table.js';

const HEAD = `Usage: ./run-alloc-counter-tests.sh [options] [test files...]
       ./run-alloc-counter-tests.sh compare BASE.json HEAD.json [--markdown]   (see compare --help)
       ./run-alloc-counter-tests.sh merge-reports REPORT.json... [--json OUT.json]  (its --help)

Runs allocation-counter tests (default: tests_04_performance/test_01_resources/test_*.ts),
one child Node process per file, and checks every figure against its limit.`;

/** The limit variables, from the metric table (the names limits.ts reads), a variable never split. */
function limitVariables(): string {
  const names = METRICS.map(
    (m) => `${m.envPrefix}<name>${m.defaultLimit === null ? '' : ` (default ${m.defaultLimit})`}`,
  );
  const lines: string[] = [];
  for (const name of names) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last]!.length + name.length + 2 <= WIDTH) lines[last] += ` ${name},`;
    else lines.push(`  ${name},`);
  }
  lines[lines.length - 1] = lines[lines.length - 1]!.replace(/,$/, '');
  return [
    'Limit variables override baselines.json for one run (<name> is the identifier without "test_"):',
    ...lines,
    '  (native figures: Linux; ALLOC_COUNTER_NO_NATIVE=1 turns them off)',
  ].join('\n');
}

const TAIL = `Exit codes: 0 within limits; 1 a limit exceeded or missing, a leak, a crash or a time-out;
            2 bad usage or configuration; 3 figures below their limits by more than the tolerance.`;

/** Where descriptions start, and where lines end. */
const COLUMN = 27;
const WIDTH = 100;

/** `  -t, --tmp-dir DIR` */
function flagColumn(spec: OptionSpec): string {
  const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
  const value = spec.kind === 'value' ? ` ${spec.valueName}` : '';
  return `  ${short}--${spec.name}${value}`;
}

function description(spec: OptionSpec): string {
  if (spec.kind === 'flag') return spec.description;
  return spec.description.replace('{default}', spec.shownDefault ?? String(spec.default));
}

/** Words in lines of at most `width`; a first line after a long flag has less room. */
function wrap(text: string, firstWidth: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const room = lines.length === 0 ? firstWidth : width;
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

function optionLines(spec: OptionSpec): string {
  const head = flagColumn(spec);
  const start = head.length < COLUMN ? head.padEnd(COLUMN) : `${head}  `;
  const [first, ...rest] = wrap(description(spec), WIDTH - start.length, WIDTH - COLUMN);
  return [start + first, ...rest.map((line) => ' '.repeat(COLUMN) + line)].join('\n');
}

function groupText(group: OptionGroup): string {
  const specs = OPTION_SPECS.filter((spec) => spec.group === group);
  return [`${group}:`, ...specs.map(optionLines)].join('\n');
}

export function helpText(): string {
  return [HEAD, ...OPTION_GROUPS.map(groupText), limitVariables(), TAIL].join('\n\n');
}
