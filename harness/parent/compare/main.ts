// `compare BASE.json HEAD.json [--markdown]`: two --json reports side by side,
// for a pull request. harness/cli.ts dispatches here on `compare`.
import { UsageError } from '../errors.js';
import { COMPARE_USAGE, parseCompareOptions } from './args.js';
import { compareExitCode, diffReports } from './diff.js';
import { loadReport } from './load.js';
import { formatComparisonMarkdown } from './markdown.js';
import { checkRuntimes, failedFiles, type Side } from './notes.js';
import type { Comparison } from './summary.js';
import { formatComparisonText } from './text.js';

export interface CompareOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processOutput: CompareOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function run(argv: string[], output: CompareOutput): number {
  const options = parseCompareOptions(argv);
  if (options.help) {
    output.stdout(`${COMPARE_USAGE}\n`);
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
export async function compareMain(argv: string[], output: CompareOutput = processOutput): Promise<number> {
  try {
    return run(argv, output);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.stderr(`alloc-counter compare: ${error.message}\n`);
    return 2;
  }
}
