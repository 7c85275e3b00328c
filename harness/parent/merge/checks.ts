// What must hold before --json reports are merged into one run's report: runs
// that finished, one report format, one Node, the same counting options, every file once and,
// for the reports of a --shard split, every shard once. Each broken rule is
// a UsageError (exit 2) naming the reports.
import { UsageError } from '../errors.js';
import type { JsonReport } from '../report/json.js';

/** A report and the path it was read from (messages name it). */
export interface ReportInput {
  path: string;
  report: JsonReport;
}

type Settings = JsonReport['settings'];

/**
 * A run stopped by SIGINT or SIGTERM reports only the files that finished: merged, the files
 * it never ran would be missing from a report that looks whole, and would pass by their absence.
 */
export function checkComplete(inputs: readonly ReportInput[]): void {
  const stopped = inputs.find(({ report }) => report.interrupted !== undefined);
  if (stopped !== undefined) {
    throw new UsageError(
      `${stopped.path} is the report of a run interrupted by ${stopped.report.interrupted}: it lacks the files that did not finish; run that shard again`,
    );
  }
}

/** Options that change what a figure or a verdict means, and the flag a person would recognise. */
const SAME_SETTINGS: { flag: string; of: (settings: Settings) => unknown }[] = [
  { flag: '-n', of: (s) => !s.count },
  { flag: '--runs', of: (s) => s.measuredRuns },
  { flag: '--warmup', of: (s) => s.warmupRuns },
  // Absent in reports written before they were recorded: the defaults.
  { flag: '--allow-missing', of: (s) => s.allowMissing ?? false },
  { flag: '--allow-improvements', of: (s) => s.allowImprovements ?? false },
];

export function checkSameRun(inputs: readonly ReportInput[]): void {
  const [first, ...rest] = inputs;
  if (first === undefined) return;
  for (const other of rest) {
    const [a, b] = [first.report, other.report];
    if (a.schemaVersion !== b.schemaVersion) {
      throw new UsageError(
        `${other.path} is a version ${b.schemaVersion} report but ${first.path} version ${a.schemaVersion}: merge reports of one alloc-counter version`,
      );
    }
    if (a.harnessVersion !== b.harnessVersion) {
      throw new UsageError(
        `${other.path} was written by alloc-counter ${b.harnessVersion ?? '(unknown)'} but ${first.path} by ${a.harnessVersion ?? '(unknown)'}: merge reports of one alloc-counter version`,
      );
    }
    if (a.node !== b.node) {
      throw new UsageError(
        `${other.path} ran Node ${b.node} but ${first.path} Node ${a.node}: merge reports of one Node release`,
      );
    }
    for (const { flag, of } of SAME_SETTINGS) {
      if (of(a.settings) !== of(b.settings)) {
        throw new UsageError(
          `${other.path} and ${first.path} differ in ${flag} (${String(of(b.settings))} vs ${String(of(a.settings))}): run every shard with the same options`,
        );
      }
    }
  }
}

/** A file in two reports would be counted twice, and its figures could disagree. */
export function checkFilesOnce(inputs: readonly ReportInput[]): void {
  const seen = new Map<string, string>();
  for (const { path, report } of inputs) {
    for (const { file } of report.files) {
      const earlier = seen.get(file);
      if (earlier === path) throw new UsageError(`${file} is twice in ${path}: not a report written by --json`);
      if (earlier !== undefined) {
        throw new UsageError(`${file} is in both ${earlier} and ${path}: each file must run in exactly one shard`);
      }
      seen.set(file, path);
    }
  }
}

/** When every report is a shard: the same split, every shard once. */
export function checkShards(inputs: readonly ReportInput[]): void {
  const shards = inputs.map(({ path, report }) => ({ path, shard: report.settings.shard }));
  if (shards.length === 0 || shards.some(({ shard }) => shard === undefined)) return;
  const count = shards[0]!.shard!.count;
  const byIndex = new Map<number, string>();
  for (const { path, shard } of shards) {
    if (shard!.count !== count) {
      throw new UsageError(
        `${path} is shard ${shard!.index}/${shard!.count} but ${shards[0]!.path} shard ${shards[0]!.shard!.index}/${count}: merge the shards of one --shard i/n split`,
      );
    }
    const earlier = byIndex.get(shard!.index);
    if (earlier !== undefined) {
      throw new UsageError(`shard ${shard!.index}/${count} is in both ${earlier} and ${path}: give each shard once`);
    }
    byIndex.set(shard!.index, path);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) {
    throw new UsageError(
      `shard ${missing.map((index) => `${index}/${count}`).join(', ')} missing: give the report of every shard`,
    );
  }
}
