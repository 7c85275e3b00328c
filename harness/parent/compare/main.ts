// `compare BASE.json HEAD.json [--markdown]`: two --json reports side by side,
// for a pull request. harness/cli.ts dispatches here on `compare`.
import { type CommandOutput, processOutput, runCommand } from '../cli/command.js';
import { OWN_SCRIPT } from '../project/project.js';
import { compareUsage, parseCompareOptions } from './args.js';
import { compareExitCode, diffReports } from './diff.js';
import { loadReport } from './load.js';
import { formatComparisonMarkdown } from './markdown.js';
import { checkRuntimes, failedFiles, type Side } from './notes.js';
import type { Comparison } from './summary.js';
import { formatComparisonText } from './text.js';

/** Where it prints (the runner's stdout and stderr, or a test's). */
export type CompareOutput = CommandOutput;

function run(argv: string[], output: CompareOutput, runner: string): number {
  const options = parseCompareOptions(argv);
  if (options.help) {
    output.stdout(`${compareUsage(runner)}\n`);
    return 0;
  }
  const base: Side = { path: options.basePath, report: loadReport(options.basePath) };
  const head: Side = { path: options.headPath, report: loadReport(options.headPath) };
  const notes = [...checkRuntimes(base, head, options.allowNodeMismatch), ...failedFiles(base), ...failedFiles(head)];
  const diff = diffReports(base.report, head.report, options.rules);
  const comparison: Comparison = { base, head, diff, rules: options.rules, notes };
  output.stdout(options.markdown ? formatComparisonMarkdown(comparison) : formatComparisonText(comparison));
  return compareExitCode(diff);
}

/**
 * argv: the arguments after `compare`. Returns the exit code: 1 on a
 * regression, 3 for improvements only, 0 otherwise, 2 for bad usage or a
 * report that does not parse (one line on stderr).
 */
export async function compareMain(
  argv: string[],
  output: CompareOutput = processOutput,
  runner = `./${OWN_SCRIPT}`,
): Promise<number> {
  return runCommand('compare', output, () => run(argv, output, runner));
}
