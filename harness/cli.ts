#!/usr/bin/env node
// The runner's entry: resolve the run (every usage error), run it, report it;
// or `compare BASE.json HEAD.json`, two reports side by side; or
// `merge-reports REPORT.json...`, the reports of a run's shards as one.
import { executeHeaptrack, executeRun, inRunScope, newOutcome } from './parent/cli/execute-run.js';
import { helpText } from './parent/cli/help.js';
import { reportRun } from './parent/cli/report-run.js';
import { resolveRun } from './parent/cli/resolve-run.js';
import { compareMain } from './parent/compare/main.js';
import { loadConfig } from './parent/config/load.js';
import { UsageError } from './parent/errors.js';
import { initMain } from './parent/init/init.js';
import { mergeReportsMain } from './parent/merge/main.js';
import { findProject, OWN_SCRIPT_ENV } from './parent/project/project.js';

// run-alloc-counter-tests.sh says the run is for this repo; children must not see it.
const viaOwnScript = process.env[OWN_SCRIPT_ENV] === '1';
delete process.env[OWN_SCRIPT_ENV];

async function main(argv: string[]): Promise<number> {
  const project = findProject(process.cwd(), viaOwnScript);
  if (argv[0] === 'compare') return compareMain(argv.slice(1), undefined, project.command);
  if (argv[0] === 'merge-reports') return mergeReportsMain(argv.slice(1), undefined, project.command);
  if (argv[0] === 'init') return initMain(argv.slice(1), project);
  const { config } = await loadConfig(project);
  const run = resolveRun(argv, process.env, project, config);
  if (run.kind === 'help') {
    console.log(helpText(project));
    return 0;
  }
  if (run.kind === 'heaptrack') return executeHeaptrack(run);
  const outcome = newOutcome();
  const interrupted = (signal: 'SIGINT' | 'SIGTERM'): void => {
    reportRun(run, outcome, signal);
  };
  return inRunScope(run, interrupted, async (workDir) => reportRun(run, await executeRun(run, workDir, outcome)));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`alloc-counter: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error(`alloc-counter: internal error: ${(error as Error).stack ?? String(error)}`);
      process.exitCode = 1;
    }
  },
);
