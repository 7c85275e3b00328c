// The first phase of a run: the command line, the environment and the files
// it names, turned into everything the run needs. Every usage error (exit 2)
// comes from here, and all the cheap ones come before childRuntime(), which
// may spend minutes building the addon for another Node.
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { MetricName } from '../../metrics.js';
import type { DiagnosticsSettings } from '../diagnostics/collect.js';
import { diagnosticsByIdentifier, loadComparisonReport } from '../diagnostics/compare.js';
import type { DiagnosticsTextOptions } from '../diagnostics/text.js';
import { type Baselines, DEFAULT_HEADROOM, readBaselines, releaseMismatchWarning } from '../limits/baselines.js';
import type { CheckPolicy } from '../limits/check.js';
import { type Limit, limitOf, validateLimitEnv } from '../limits/limits.js';
import { discoverTestFiles } from '../project/discover.js';
import {
  defaultAddonPath,
  defaultNativeCounterPath,
  defaultTestsDir,
  defaultVirtualTimePath,
  packageRoot,
} from '../project/paths.js';
import { type Shard, selectShard } from '../project/shard.js';
import type { JsonReport } from '../report/json.js';
import type { ReportContext } from '../report/text.js';
import type { ChildSettings } from '../run/child-config.js';
import { nativeSetup } from '../run/native-preload.js';
import { type ChildRuntime, childRuntime } from '../run/runtime.js';
import { timeSetup } from '../run/virtual-time.js';
import { checkAddon } from './addon-check.js';
import { parseRunnerOptions, type RunnerOptions } from './options.js';

export interface BaselinesFile {
  path: string;
  /** The path as messages show it: relative to the current folder. */
  label: string;
  data: Baselines;
}

/** Test files run in children, checked against limits. */
export interface SuiteRun {
  kind: 'suite';
  /** The command line as given (after its defaults). */
  options: RunnerOptions;
  /** The files this run runs: with --shard, its share only. */
  files: string[];
  /** --shard, and how many files there were in all. */
  shard: (Shard & { of: number }) | null;
  runtime: ChildRuntime;
  baselines: BaselinesFile;
  policy: CheckPolicy;
  context: ReportContext;
  /** The limit of a figure: none while updating, which measures them anew. */
  limitOf: (identifier: string, metric: MetricName) => Limit | null;
  diagnostics: DiagnosticsSettings;
  /** --compare-to: the earlier report, whole, and its diagnostics by identifier. */
  comparison: (NonNullable<DiagnosticsTextOptions['comparison']> & { report: JsonReport }) | null;
  child: ChildSettings;
}

/** --heaptrack FILE: one file under heaptrack, no counting, no limits. */
export interface HeaptrackRun {
  kind: 'heaptrack';
  file: string;
  /** The -t folder: the data file is kept there. */
  outDir: string;
  child: ChildSettings;
}

export type ResolvedRun = { kind: 'help' } | HeaptrackRun | SuiteRun;

export function resolveRun(argv: string[], env: NodeJS.ProcessEnv): ResolvedRun {
  const options = parseRunnerOptions(argv);
  if (options.help) return { kind: 'help' };
  validateLimitEnv(env);
  return options.heaptrack === null ? resolveSuite(options, env) : resolveHeaptrack(options.heaptrack, options, env);
}

function resolveHeaptrack(file: string, options: RunnerOptions, env: NodeJS.ProcessEnv): HeaptrackRun {
  const [found] = discoverTestFiles([file], defaultTestsDir);
  const child: ChildSettings = {
    nodeBinary: process.execPath,
    nodeMajor: Number(process.versions.node.split('.')[0]),
    addonPath: null,
    count: false,
    warmupRuns: options.warmupRuns,
    measuredRuns: options.measuredRuns,
    timeoutSeconds: options.timeoutSeconds,
    heapProfile: false,
    native: { available: false, reason: 'not counting (--heaptrack)' },
    time: { mode: 'real', reason: 'not counting (--heaptrack)' },
    env,
  };
  return { kind: 'heaptrack', file: found!, outDir: options.workDir, child };
}

function resolveSuite(options: RunnerOptions, env: NodeJS.ProcessEnv): SuiteRun {
  const all = discoverTestFiles(options.files, defaultTestsDir);
  const files = options.shard === null ? all : selectShard(all, options.shard, packageRoot);
  const baselines = readBaselinesFile(options.baselinesFile);
  const comparison = readComparison(options.compareTo);
  // The last check, as it is the one that may take long.
  const runtime = childRuntime(options.node, packageRoot, defaultAddonPath);
  if (options.count) checkAddon(runtime.addonPath, runtime.version === process.version);
  const policy: CheckPolicy = {
    headroom: baselines.data.headroom ?? DEFAULT_HEADROOM,
    tolerance: { percent: options.tolerancePercent, minimum: options.toleranceMinimum },
    remainingTolerance: options.remainingTolerance,
  };
  return {
    kind: 'suite',
    options,
    files,
    shard: options.shard === null ? null : { ...options.shard, of: all.length },
    runtime,
    baselines,
    policy,
    context: reportContext(options, baselines, runtime, policy),
    limitOf: limitLookup(options, env, baselines, runtime),
    diagnostics: diagnosticsSettings(options),
    comparison,
    child: suiteChildSettings(options, runtime, env),
  };
}

/** Read and validated before anything runs: a malformed file is exit 2 at once. */
function readBaselinesFile(given: string | null): BaselinesFile {
  const path = resolve(given ?? join(packageRoot, 'baselines.json'));
  return { path, label: relative(process.cwd(), path) || path, data: readBaselines(path) };
}

/** Read before anything runs, so that a malformed report stops the run at once (exit 2). */
function readComparison(reportPath: string | null): SuiteRun['comparison'] {
  if (reportPath === null) return null;
  const report = loadComparisonReport(reportPath);
  return { baseline: diagnosticsByIdentifier(report), reportPath, report };
}

function limitLookup(
  options: RunnerOptions,
  env: NodeJS.ProcessEnv,
  baselines: BaselinesFile,
  runtime: ChildRuntime,
): SuiteRun['limitOf'] {
  if (options.updateBaselines) return () => null;
  const sources = { env, baselines: baselines.data, baselinesLabel: baselines.label, runtimeKey: runtime.runtimeKey };
  return (identifier, metric) => limitOf(identifier, metric, sources);
}

function diagnosticsSettings(options: RunnerOptions): DiagnosticsSettings {
  const profile =
    options.profileDir === null ? null : { dir: resolve(options.profileDir), failingOnly: options.profileFailingOnly };
  return { explain: options.explain, profile };
}

function reportContext(
  options: RunnerOptions,
  baselines: BaselinesFile,
  runtime: ChildRuntime,
  policy: CheckPolicy,
): ReportContext {
  return {
    // Updating rewrites the limits: the old ones are neither missing nor failed.
    allowMissing: options.allowMissing || options.updateBaselines,
    allowImprovements: options.allowImprovements,
    baselinesLabel: baselines.label,
    runtimeKey: runtime.runtimeKey,
    // Updating measures the limits anew on this release.
    releaseWarning: options.updateBaselines
      ? null
      : releaseMismatchWarning(baselines.data, runtime.runtimeKey, runtime.version, baselines.label),
    headroom: policy.headroom,
    policy,
  };
}

function suiteChildSettings(options: RunnerOptions, runtime: ChildRuntime, env: NodeJS.ProcessEnv): ChildSettings {
  return {
    nodeBinary: runtime.nodeBinary,
    nodeMajor: runtime.major,
    // Given with -n too, where it only ties the child's life to the runner's.
    addonPath: existsSync(runtime.addonPath) ? runtime.addonPath : null,
    count: options.count,
    warmupRuns: options.warmupRuns,
    measuredRuns: options.measuredRuns,
    timeoutSeconds: options.timeoutSeconds,
    // Also with --profile-failing: which identifiers fail is known only after the run.
    heapProfile: options.profileDir !== null,
    native: nativeSetup({
      count: options.count,
      platform: process.platform,
      libraryPath: defaultNativeCounterPath,
      env,
    }),
    time: timeSetup({
      realTime: options.realTime,
      count: options.count,
      platform: process.platform,
      libraryPath: defaultVirtualTimePath,
    }),
    env,
  };
}
