// `merge-reports REPORT.json... [--json OUT.json]`: the --json reports of a
// run's shards as one run's report. harness/cli.ts dispatches here.

import { type CommandOutput, processOutput, runCommand } from '../cli/command.js';
import { loadReport } from '../compare/load.js';
import { OWN_SCRIPT } from '../project/project.js';
import { mergeUsage, parseMergeOptions } from './args.js';
import { mergeReports, type ReportInput } from './merge.js';
import { writeMergedOutputs } from './outputs.js';
import { mergeText } from './text.js';

/** Where it prints (the runner's stdout and stderr, or a test's). */
export type MergeOutput = CommandOutput;

function run(argv: string[], output: MergeOutput, runner: string): number {
  const options = parseMergeOptions(argv);
  if (options.help) {
    output.stdout(`${mergeUsage(runner)}\n`);
    return 0;
  }
  const inputs: ReportInput[] = options.inputs.map((path) => ({ path, report: loadReport(path) }));
  const merged = mergeReports(inputs);
  output.stdout(`${mergeText(inputs, merged)}\n`);
  for (const path of writeMergedOutputs(merged, options.targets)) output.stdout(`wrote ${path}\n`);
  return merged.exitCode;
}

/**
 * argv: the arguments after `merge-reports`. Returns the merged run's exit
 * code (so CI can gate on the merge), or 2 for bad usage or reports that do
 * not merge (one line on stderr).
 */
export async function mergeReportsMain(
  argv: string[],
  output: MergeOutput = processOutput,
  runner = `./${OWN_SCRIPT}`,
): Promise<number> {
  return runCommand('merge-reports', output, () => run(argv, output, runner));
}
