// The --help text: a fixed head and tail around the options, which are
// written from the option table, group by group.
import { METRICS } from '../../metrics.js';
import { type Project, projectDefaults, shownPath } from '../project/project.js';
import { OPTION_GROUPS, OPTION_SPECS, type OptionGroup, type OptionSpec } from './option-table.js';

/** The head, with the command and the defaults of the project the user stands in. */
function head(project: Project): string {
  const c = project.command;
  const defaults = projectDefaults(project);
  const tests = defaults.tests.map((t) => `${shownPath(project, t)}/test_*.ts`).join(', ');
  return `Usage: ${c} [options] [test files, folders or globs...]
       ${c} compare BASE.json HEAD.json [--markdown]   (see compare --help)
       ${c} merge-reports REPORT.json... [--json OUT.json]  (its --help)${project.own ? '' : `\n       ${c} init   (a configuration, an example test and what to run next)`}

Runs allocation-counter tests (default: ${tests}),
one child Node process per file, and checks every figure against its limit.
Limits: ${shownPath(project, defaults.baselines)}.`;
}

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

export function helpText(project: Project): string {
  return [head(project), ...OPTION_GROUPS.map(groupText), limitVariables(), TAIL].join('\n\n');
}
