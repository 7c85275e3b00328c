// `npx alloc-counter init`: a configuration, one example test that passes once
// its limits are written, and the next three commands. It writes into the
// project's root and refuses to overwrite anything: if any file it would write
// (or any other alloc-counter configuration) is there, it writes nothing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CommandOutput, processOutput, runCommand } from '../cli/command.js';
import { CONFIG_FILE_NAMES } from '../config/load.js';
import { UsageError } from '../errors.js';
import { type Project, shownPath, USER_BASELINES_FILE, USER_TESTS_FOLDER } from '../project/project.js';

export const EXAMPLE_TEST = `${USER_TESTS_FOLDER}/test_example.ts`;

const CONFIG = `${JSON.stringify({ tests: [`${USER_TESTS_FOLDER}/`], baselines: USER_BASELINES_FILE }, null, 2)}\n`;

const EXAMPLE = `// An allocation test: alloc-counter runs this file in its own Node process, runs the
// workload 2 times to warm up and 3 times measured, and counts exactly what it allocates
// (JS objects and bytes), what is still alive after a GC, and leaked fds and handles.
// Replace the workload with a hot path of yours: a request handler, a parser, a cache.
import { measure } from 'alloc-counter';

export async function run(identifier: string): Promise<void> {
  // Setup goes here, outside measure(): it is not counted.
  await measure(identifier, () => {
    // 1000 short-lived objects: total_allocations 1000, remaining_allocations 0.
    let sum = 0;
    for (let i = 0; i < 1000; i++) sum += { value: i }.value;
    return sum;
  });
  // Teardown goes here: close what setup opened.
}
`;

function existingConfig(project: Project): string | null {
  for (const name of CONFIG_FILE_NAMES) if (existsSync(join(project.root, name))) return join(project.root, name);
  const manifest = join(project.root, 'package.json');
  const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
  return 'alloc-counter' in parsed ? `${manifest} ("alloc-counter" key)` : null;
}

function run(project: Project, output: CommandOutput): number {
  if (project.own) throw new UsageError("init sets up a project that uses alloc-counter, not alloc-counter's own repo");
  const configPath = join(project.root, 'alloc-counter.config.json');
  const examplePath = join(project.root, EXAMPLE_TEST);
  const config = existingConfig(project);
  if (config !== null) throw new UsageError(`${config} exists: nothing written (init never overwrites)`);
  if (existsSync(examplePath)) {
    throw new UsageError(`${shownPath(project, examplePath)} exists: nothing written (init never overwrites)`);
  }
  mkdirSync(dirname(examplePath), { recursive: true });
  // 'wx': fails rather than overwrite a file that appeared since the check.
  writeFileSync(configPath, CONFIG, { flag: 'wx' });
  writeFileSync(examplePath, EXAMPLE, { flag: 'wx' });
  const c = project.command;
  const tests = shownPath(project, join(project.root, USER_TESTS_FOLDER));
  const baselines = shownPath(project, join(project.root, USER_BASELINES_FILE));
  output.stdout(
    [
      `wrote ${shownPath(project, configPath)} and ${shownPath(project, examplePath)}`,
      '',
      'Next:',
      `  ${c} --update-baselines     # measure the tests in ${tests}/ and write their limits to ${baselines}`,
      `  ${c}                        # check them against those limits: exit 1 when a figure is over its limit`,
      `  git add ${shownPath(project, configPath)} ${baselines} ${tests}/`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** argv: the arguments after `init` (none are taken). Exit 0, or 2 with one line when it would overwrite. */
export async function initMain(
  argv: string[],
  project: Project,
  output: CommandOutput = processOutput,
): Promise<number> {
  return runCommand('init', output, () => {
    if (argv.length > 0) throw new UsageError(`init takes no arguments (given: ${argv.join(' ')})`);
    return run(project, output);
  });
}
