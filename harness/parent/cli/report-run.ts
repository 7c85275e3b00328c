// The last phase: the summary, the new limits with --update-baselines, the
// reports (--json, --html, --junit, GitHub Actions' summary and annotations);
// and, while the run goes, each file's result.

import { repeatSummary } from '../determinism/repeat.js';
import { diagnosticsText } from '../diagnostics/text.js';
import { applyUpdate } from '../limits/update-baselines.js';
import { inGithubActions, writeGithubOutputs } from '../report/github/outputs.js';
import { writeHtmlReport } from '../report/html/index.js';
import { buildJsonReport, writeJsonReport } from '../report/json.js';
import { writeJunitReport } from '../report/junit/junit.js';
import { countResults, exitCodeFor, formatFileResult, formatSummary, identifierFailed } from '../report/text.js';
import type { FileResult } from '../run/suite.js';
import { timeReport } from '../run/virtual-time.js';
import type { RunOutcome } from './execute-run.js';
import { mergeProcesses } from './merge-processes.js';
import type { SuiteRun } from './resolve-run.js';

export function printFileResult(run: SuiteRun): (result: FileResult) => void {
  return (result) => {
    console.log(formatFileResult(result, run.context));
    const why = diagnosticsText(result, { explain: run.options.explain, comparison: run.comparison });
    if (why !== '') console.log(why);
  };
}

const INTERRUPTED_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Prints the summary, updates the baselines or not, writes the JSON report; returns the exit code.
 * Interrupted: the finished files only, never a baselines update, the signal's exit code.
 */
export function reportRun(run: SuiteRun, outcome: RunOutcome, interrupted?: 'SIGINT' | 'SIGTERM'): number {
  const { options, context, runtime } = run;
  const processes = outcome.partial.length > 0 ? [...outcome.processes, outcome.partial] : outcome.processes;
  const merged = mergeProcesses(processes, (identifier) => identifierFailed(identifier, context));
  const counts = countResults(merged, context);
  let exitCode = interrupted === undefined ? exitCodeFor(counts, context) : INTERRUPTED_EXIT_CODES[interrupted];
  console.log(formatSummary(counts, performance.now() - outcome.started, runtime.version, context));
  // --update-baselines --processes N shows the same agreement as --repeat N, for the maintainer
  // reviewing the new limits; only --repeat fails on it (an update records the lowest instead).
  if (interrupted === undefined && Math.max(options.repeat, options.processes) > 1) {
    const repeat = repeatSummary(outcome.processes);
    for (const line of repeat.lines) console.log(line);
    if (options.repeat > 1 && repeat.differing > 0) exitCode = 1;
  }
  if (interrupted !== undefined) {
    console.log(
      `alloc-counter: interrupted by ${interrupted}: ${merged.length} finished file(s) reported, baselines untouched`,
    );
  } else if (options.updateBaselines) {
    exitCode = applyUpdate({
      path: run.baselines.path,
      label: run.baselines.label,
      key: runtime.runtimeKey,
      runtime: { node: runtime.version, v8: runtime.v8 },
      // Every process's: limits come from the highest figures.
      results: outcome.processes.flat(),
      log: (line) => console.log(line),
    });
  }
  const files = { json: options.jsonReport, html: options.htmlReport, junit: options.junitReport };
  const onGithub = inGithubActions(process.env);
  if (files.json === null && files.html === null && files.junit === null && !onGithub) return exitCode;
  const { warmupRuns, measuredRuns, count, counting, jobs, allowImprovements, shard } = options;
  const report = buildJsonReport({
    results: processes.at(-1) ?? [],
    counts,
    startedAt: outcome.startedAt,
    wallTimeMs: performance.now() - outcome.started,
    exitCode,
    context,
    runtime: { node: runtime.version, v8: runtime.v8 },
    // What merge-reports needs to judge the merged run as this one was judged.
    settings: {
      warmupRuns,
      measuredRuns,
      count,
      counting,
      jobs,
      allowImprovements,
      allowMissing: context.allowMissing,
      ...(shard === null ? {} : { shard }),
      time: timeReport(run.child.time),
    },
    ...(interrupted === undefined ? {} : { interrupted }),
  });
  if (files.json !== null) writeJsonReport(files.json, report);
  if (files.html !== null) writeHtmlReport(files.html, report, run.comparison?.report ?? null);
  if (files.junit !== null) writeJunitReport(files.junit, report);
  writeGithubOutputs(report, process.env, { packageRoot: run.project.cwd, command: run.project.command });
  return exitCode;
}
