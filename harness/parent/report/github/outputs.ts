// What a run leaves for GitHub Actions when it runs there (GITHUB_ACTIONS=true):
// the job summary, appended to the file GITHUB_STEP_SUMMARY names, and error
// annotations at the failing tests' measure() calls, printed as workflow commands.
import { appendFileSync, existsSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { JsonReport } from '../json.js';
import { annotationLines } from './annotations.js';
import { buildStepSummary, STEP_SUMMARY_LIMIT } from './summary.js';

export interface GithubOutputOptions {
  /**
   * The folder the report's paths are relative to (where the run stood). With GITHUB_WORKSPACE,
   * annotation paths are made relative to the workspace (the repository), where
   * GitHub looks for them: the package may be a folder of the repository.
   */
  packageRoot?: string;
  /** The runner as the user types it, for the commands the summary suggests (project/project.ts). */
  command?: string;
  /** Where workflow commands go; stdout, where the runner reads them. */
  write?: (text: string) => void;
}

export function inGithubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

function workspacePath(env: NodeJS.ProcessEnv, packageRoot: string | undefined): (file: string) => string {
  const workspace = env.GITHUB_WORKSPACE;
  if (workspace === undefined || workspace === '' || packageRoot === undefined) return (file) => file;
  return (file) => {
    const inWorkspace = relative(workspace, isAbsolute(file) ? file : join(packageRoot, file));
    return inWorkspace.startsWith('..') || isAbsolute(inWorkspace) ? file : inWorkspace;
  };
}

/**
 * Appends the summary to `path`, within what is left of the step's 1 MiB:
 * other tools may have written to the same file. One append, as GitHub's own
 * tools do: the file is the step's, and replacing it would lose theirs.
 */
export function appendStepSummary(path: string, report: JsonReport, command?: string): void {
  const used = existsSync(path) ? statSync(path).size : 0;
  const budget = STEP_SUMMARY_LIMIT - used;
  const summary = buildStepSummary(report, budget, command);
  if (summary !== '') appendFileSync(path, summary);
}

/** Does nothing outside GitHub Actions. */
export function writeGithubOutputs(
  report: JsonReport,
  env: NodeJS.ProcessEnv,
  options: GithubOutputOptions = {},
): void {
  if (!inGithubActions(env)) return;
  const summaryPath = env.GITHUB_STEP_SUMMARY;
  if (summaryPath !== undefined && summaryPath !== '') appendStepSummary(summaryPath, report, options.command);
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const lines = annotationLines(report, { pathOf: workspacePath(env, options.packageRoot) });
  if (lines.length > 0) write(`${lines.join('\n')}\n`);
}
