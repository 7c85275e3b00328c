// Runs test files (N at a time, one child each), turns what each child said
// into figures and verdicts, and hands each file's result on in file order.
import { rmSync } from 'node:fs';
import { type Figures, METRIC_NAMES, type MetricName } from '../../metrics.js';
// diagnostics: sites, remaining groups, retainer paths, profiles
import { type DiagnosticsSettings, IdentifierDiagnosticsCollector } from '../diagnostics/collect.js';
import { SourceLocator } from '../diagnostics/locations.js';
import type { IdentifierDiagnostics } from '../diagnostics/schema.js';
import { harnessScriptMatcher } from '../figures/heap-snapshot.js';
import { type NativeNote, nativeNote, nativeRunFigures } from '../figures/native-figures.js';
import { type CheckPolicy, checkFigures, type Verdict, verdictsFail } from '../limits/check.js';
import type { Limit } from '../limits/limits.js';
import type { LoadLimitSources } from '../load/load-limits.js';
import { type LoadResult, loadFailed, loadResultOf } from '../load/load-result.js';
import { measureCallFor, measureCallsOfFile } from '../project/measure-calls.js';
import { compiledHarnessDir } from '../project/paths.js';
import { type Project, shownPath } from '../project/project.js';
import { type ChildSettings, childRunSpec, cpuProfileRunSpec } from './child-config.js';
import { type ChildFailure, type ChildOutcome, runChild } from './run-child.js';
import { runFilePaths, trustedRuns } from './run-files.js';

export interface SuiteOptions {
  files: string[];
  /** Sites are shown relative to its root, files relative to where the user stands. */
  project: Pick<Project, 'root' | 'cwd'>;
  /** Scratch folder of this run: heap snapshots and the children's work files. */
  workDir: string;
  jobs: number;
  keepSnapshots: boolean;
  /** What every child gets (child-config.ts). */
  child: ChildSettings;
  limitOf: (identifier: string, metric: MetricName) => Limit | null;
  /** Where load figures' limits come from. */
  loadLimits: LoadLimitSources;
  policy: CheckPolicy;
  /** --explain and --profile. */
  diagnostics: DiagnosticsSettings;
}

export interface RunResult {
  index: number;
  figures: Figures | null;
  operations: number | null;
  durationMs: number;
  leakedFds: string[] | null;
  leakedHandles: string[];
}

export interface IdentifierResult {
  identifier: string;
  runs: RunResult[];
  /** Minimum of each metric over the measured runs; null with --no-count. */
  figures: Figures | null;
  /** Metrics whose measured runs disagree, with every run's value. */
  disagreements: { metric: MetricName; values: number[] }[];
  verdicts: Verdict[];
  /** Allocation sites and remaining objects of the reported run; null when nothing was counted. */
  diagnostics: IdentifierDiagnostics | null;
  native: NativeNote;
  /** measureLoad's runs: figures, verdicts, checks; null for an allocation-only identifier. */
  load?: LoadResult | null;
  /** The test's measure() call for this identifier, from its source (project/measure-calls.ts); absent when none is found. */
  measureSite?: { file: string; line: number; column: number };
}

export interface FileResult {
  file: string;
  displayName: string;
  identifiers: IdentifierResult[];
  failure: ChildFailure | null;
  output: string;
  durationMs: number;
  node: string | null;
  v8: string | null;
}

function minimumFigures(runs: Figures[]): Figures {
  const min = {} as Record<MetricName, number | null>;
  for (const metric of METRIC_NAMES) {
    // Native figures are null where unavailable; they stay null only if every run lacks them.
    const values = runs.map((r) => r[metric]).filter((v): v is number => v !== null);
    min[metric] = values.length > 0 ? Math.min(...values) : null;
  }
  return min as Figures;
}

function analyse(file: string, told: ChildOutcome, options: SuiteOptions): FileResult {
  // Only snapshots that are surely this child's are read, and removed.
  const trusted = trustedRuns(told.runs, options.workDir, told.pid);
  const outcome = { ...told, runs: trusted.runs, failure: told.failure ?? trusted.failure };
  const isHarnessScript = harnessScriptMatcher(compiledHarnessDir);
  const locator = new SourceLocator(options.project.root);
  const displayName = shownPath(options.project, file);
  const calls = measureCallsOfFile(file);
  let failure = outcome.failure;
  const identifiers: IdentifierResult[] = [];
  for (const identifier of outcome.measured) {
    const runs: RunResult[] = [];
    const collector = new IdentifierDiagnosticsCollector(identifier, isHarnessScript, locator, options.diagnostics);
    for (const run of outcome.runs.filter((r) => r.identifier === identifier)) {
      let figures: Figures | null = null;
      if (run.files !== null) {
        try {
          const js = collector.addRun(run.index, run.files);
          const native = outcome.nativeRuns.find((n) => n.identifier === identifier && n.index === run.index);
          const leaks = { leaked_fds: run.leakedFds?.length ?? 0, leaked_handles: run.leakedHandles.length };
          figures = { ...js, ...nativeRunFigures(native?.native ?? null), ...leaks };
        } catch (error) {
          failure ??= { kind: 'protocol', phase: null, message: (error as Error).message, stack: null };
        }
      }
      runs.push({
        index: run.index,
        figures,
        operations: run.operations,
        durationMs: run.durationMs,
        leakedFds: run.leakedFds,
        leakedHandles: run.leakedHandles,
      });
    }
    const counted = runs.map((r) => r.figures).filter((f): f is Figures => f !== null);
    const figures = options.child.count && counted.length > 0 ? minimumFigures(counted) : null;
    const disagreements = METRIC_NAMES.map((metric) => ({
      metric,
      values: counted.map((f) => f[metric]).filter((v): v is number => v !== null),
    })).filter((d) => new Set(d.values).size > 1);
    const verdicts =
      figures === null ? [] : checkFigures(figures, (metric) => options.limitOf(identifier, metric), options.policy);
    const load = loadResultOf(
      identifier,
      outcome.loadRuns.filter((r) => r.identifier === identifier),
      options.loadLimits,
    );
    const failed = verdictsFail(verdicts, { missingFails: false }) || loadFailed(load);
    let diagnostics: IdentifierDiagnostics | null = null;
    try {
      diagnostics = options.child.count ? collector.finish(failed) : null;
    } catch (error) {
      failure ??= {
        kind: 'protocol',
        phase: null,
        message: `diagnostics of ${identifier}: ${(error as Error).message}`,
        stack: null,
      };
    }
    const native = nativeNote(outcome.nativeRuns.filter((n) => n.identifier === identifier).map((n) => n.native));
    const call = measureCallFor(calls, identifier);
    const measureSite =
      call === undefined ? {} : { measureSite: { file: displayName, line: call.line, column: call.column } };
    identifiers.push({ identifier, runs, figures, disagreements, verdicts, diagnostics, native, load, ...measureSite });
  }
  if (!options.keepSnapshots) for (const path of outcome.runs.flatMap(runFilePaths)) rmSync(path, { force: true });
  return {
    file,
    displayName,
    identifiers,
    failure,
    output: outcome.output,
    durationMs: outcome.durationMs,
    node: outcome.hello?.node ?? null,
    v8: outcome.hello?.v8 ?? null,
  };
}

/** `lane`: which of the `jobs` concurrent children this is (the server ports it gets: native/fixed_ports.c). */
async function runFile(file: string, options: SuiteOptions, lane: number): Promise<FileResult> {
  const outcome = await runChild(childRunSpec(file, options.child, options.workDir, lane));
  const result = analyse(file, outcome, options);
  const explained = needsSnapshots(result, options) ? await withSnapshotDiagnostics(result, options, lane) : result;
  return withCpuProfiles(explained, options);
}

/**
 * --cpu-profile: a file with allocation identifiers runs once more, uncounted, after its
 * counted child (child/cpu-profile-run.ts); load identifiers' profiles are their servers',
 * taken in the counted child's load runs. A profile that could not be written fails the file.
 */
async function withCpuProfiles(result: FileResult, options: SuiteOptions): Promise<FileResult> {
  const wanted = options.child.cpuProfileDir != null && result.failure === null;
  if (!wanted || !result.identifiers.some((id) => id.load == null)) return result;
  const outcome = await runChild(cpuProfileRunSpec(result.file, options.child, options.workDir));
  if (outcome.failure === null) return result;
  const message = `the uncounted --cpu-profile run: ${outcome.failure.message}`;
  return { ...result, failure: { ...outcome.failure, message }, output: result.output + outcome.output };
}

/** A file whose identifiers failed their limits, counted without snapshots: its retainer paths need a second run. */
function needsSnapshots(result: FileResult, options: SuiteOptions): boolean {
  return (
    options.child.count &&
    options.child.counting === 'sampling' &&
    !options.child.snapshots &&
    result.failure === null &&
    result.identifiers.some((id) => verdictsFail(id.verdicts, { missingFails: false }))
  );
}

/**
 * The file once more, with a heap snapshot of each measured run, for the failing
 * identifiers' remaining objects by type and their retainer paths; figures and
 * verdicts stay those of the first run.
 */
async function withSnapshotDiagnostics(result: FileResult, options: SuiteOptions, lane: number): Promise<FileResult> {
  const child = { ...options.child, snapshots: true };
  const again = analyse(result.file, await runChild(childRunSpec(result.file, child, options.workDir, lane)), {
    ...options,
    child,
    diagnostics: { ...options.diagnostics, explain: true },
  });
  const identifiers = result.identifiers.map((id) => {
    const explained = again.identifiers.find((other) => other.identifier === id.identifier)?.diagnostics;
    const failed = verdictsFail(id.verdicts, { missingFails: false });
    return failed && explained != null ? { ...id, diagnostics: explained } : id;
  });
  return { ...result, identifiers };
}

/** Told as each file's child starts and as its result is ready (in the order they happen). */
export interface SuiteProgress {
  started(file: string): void;
  finished(file: string): void;
}

/**
 * Runs every file, `jobs` at a time; `onResult` sees the results in file order
 * (each as soon as it and all files before it are done).
 */
export async function runSuite(
  options: SuiteOptions,
  onResult: (result: FileResult) => void,
  progress?: SuiteProgress,
): Promise<FileResult[]> {
  const results: (FileResult | undefined)[] = new Array(options.files.length);
  let nextToStart = 0;
  let nextToReport = 0;
  const worker = async (lane: number): Promise<void> => {
    while (nextToStart < options.files.length) {
      const index = nextToStart++;
      const file = options.files[index]!;
      progress?.started(file);
      results[index] = await runFile(file, options, lane);
      progress?.finished(file);
      while (nextToReport < results.length && results[nextToReport] !== undefined) {
        onResult(results[nextToReport++]!);
      }
    }
  };
  const workers = Math.max(1, Math.min(options.jobs, options.files.length));
  await Promise.all(Array.from({ length: workers }, (_, lane) => worker(lane)));
  return results as FileResult[];
}
