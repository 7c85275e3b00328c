// merge-reports: the --json reports of shards (or of any runs that split the
// files between them) as the report of one run: files in a stable order,
// counts and exit code recomputed by the rules of a run. Pure.
import { UsageError } from '../errors.js';
import type { JsonReport } from '../report/json.js';
import { countResults, exitCodeFor } from '../report/text.js';
import { checkComplete, checkFilesOnce, checkSameRun, checkShards, type ReportInput } from './checks.js';

export type { ReportInput } from './checks.js';

function mergedSettings(reports: readonly JsonReport[]): JsonReport['settings'] {
  const { warmupRuns, measuredRuns, count, allowImprovements, allowMissing } = reports[0]!.settings;
  return {
    warmupRuns,
    measuredRuns,
    count,
    // The most files any of them ran at once.
    jobs: Math.max(...reports.map((report) => report.settings.jobs)),
    allowImprovements: allowImprovements ?? false,
    allowMissing: allowMissing ?? false,
  };
}

const byFile = (a: { file: string }, b: { file: string }): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);

/** Throws a UsageError naming the reports when they are not shares of one run. */
export function mergeReports(inputs: readonly ReportInput[]): JsonReport {
  if (inputs.length === 0) throw new UsageError('no reports to merge: give the --json reports of every shard');
  checkComplete(inputs);
  checkSameRun(inputs);
  checkFilesOnce(inputs);
  checkShards(inputs);
  const reports = inputs.map((input) => input.report);
  const first = reports[0]!;
  const settings = mergedSettings(reports);
  const files = reports.flatMap((report) => report.files).sort(byFile);
  const summary = countResults(files, { allowMissing: settings.allowMissing ?? false });
  return {
    schemaVersion: first.schemaVersion,
    tool: first.tool,
    // ISO times of one format: the earliest sorts first.
    startedAt: reports.map((report) => report.startedAt).sort()[0]!,
    // Shards run side by side: the merged run took as long as the slowest.
    wallTimeMs: Math.max(...reports.map((report) => report.wallTimeMs)),
    node: first.node,
    v8: reports.find((report) => report.v8 !== null)?.v8 ?? null,
    settings,
    runtimeKey: first.runtimeKey,
    releaseWarning: reports.find((report) => typeof report.releaseWarning === 'string')?.releaseWarning ?? null,
    summary,
    exitCode: exitCodeFor(summary, { allowImprovements: settings.allowImprovements ?? false }),
    files,
  };
}
