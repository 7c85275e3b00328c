// The first phase of a run: the command line, the environment and the files
// it names, turned into everything the run needs. Every usage error (exit 2)
// comes from here, and all the cheap ones come before childRuntime(), which
// may spend minutes building the addon for another Node.
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CPU_PROFILE_DIR_VARIABLE, CPU_PROFILER_VARIABLE } from '../../cpu-profile/variables.js';
import type { MetricName } from '../../metrics.js';
import { configuredDefaults, optionDefaults } from '../config/apply.js';
import type { Config } from '../config/schema.js';
import type { DiagnosticsSettings } from '../diagnostics/collect.js';
import { diagnosticsByIdentifier, loadComparisonReport } from '../diagnostics/compare.js';
import type { DiagnosticsTextOptions } from '../diagnostics/text.js';
import { UsageError } from '../errors.js';
import { type Baselines, DEFAULT_HEADROOM, readBaselines, releaseMismatchWarning } from '../limits/baselines.js';
import type { CheckPolicy } from '../limits/check.js';
import { type Limit, limitOf, validateLimitEnv } from '../limits/limits.js';
import { type LoadLimitSources, validateLoadLimitEnv } from '../load/load-limits.js';
import { discoverTestFiles } from '../project/discover.js';
import { defaultAddonPath, defaultNativeCounterPath, defaultVirtualTimePath, packageRoot } from '../project/paths.js';
import { type Project, shownPath } from '../project/project.js';
import { type Shard, selectShard } from '../project/shard.js';
import type { JsonReport } from '../report/json.js';
import type { ReportContext } from '../report/text.js';
import { buildAddonOnFirstUse } from '../run/addon-build.js';
import type { ChildSettings } from '../run/child-config.js';
import { chooseCpuProfiler } from '../run/cpu-profiler.js';
import { nativeSetup } from '../run/native-preload.js';
import { type ChildRuntime, childRuntime } from '../run/runtime.js';
import { timeSetup } from '../run/virtual-time.js';
import { checkAddon, OWN_ADDON_FIX } from './addon-check.js';
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
  /** Whose tests, where the user stands, and the command they type. */
  project: Project;
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
  /** Where load figures' limits come from (parent/load/load-limits.ts). */
  loadLimits: LoadLimitSources;
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

export function resolveRun(argv: string[], env: NodeJS.ProcessEnv, project: Project, config: Config = {}): ResolvedRun {
  const options = parseRunnerOptions(argv, optionDefaults(config));
  if (options.help) return { kind: 'help' };
  validateLimitEnv(env);
  validateLoadLimitEnv(env);
  return options.heaptrack === null
    ? resolveSuite(options, env, project, config)
    : resolveHeaptrack(options.heaptrack, options, env, project);
}

function resolveHeaptrack(
  file: string,
  options: RunnerOptions,
  env: NodeJS.ProcessEnv,
  project: Project,
): HeaptrackRun {
  const [found] = discoverTestFiles([file], [], project.cwd);
  const child: ChildSettings = {
    nodeBinary: process.execPath,
    nodeMajor: Number(process.versions.node.split('.')[0]),
    addonPath: null,
    count: false,
    warmupRuns: options.warmupRuns,
    measuredRuns: options.measuredRuns,
    timeoutSeconds: options.timeoutSeconds,
    counting: options.counting,
    snapshots: false,
    native: { available: false, reason: 'not counting (--heaptrack)' },
    time: { mode: 'real', reason: 'not counting (--heaptrack)' },
    env,
  };
  return { kind: 'heaptrack', file: found!, outDir: options.workDir, child };
}

function resolveSuite(options: RunnerOptions, env: NodeJS.ProcessEnv, project: Project, config: Config): SuiteRun {
  const defaults = configuredDefaults(project, config);
  const all = discoverTestFiles(options.files, defaults.tests, project.cwd);
  const files = options.shard === null ? all : selectShard(all, options.shard, project.root);
  const baselines = readBaselinesFile(options.baselinesFile ?? defaults.baselines, project);
  const comparison = readComparison(options.compareTo);
  const cpuProfileDir = options.cpuProfileDir === null ? null : cpuProfileFolder(options.cpuProfileDir);
  // The last check, as it is the one that may take long.
  const runtime = childRuntime(options.node, packageRoot, defaultAddonPath);
  // In this repo a missing addon is a usage error that says how to build it (npm ci does).
  if (options.count && !project.own) buildAddonOnFirstUse(runtime.addonPath, packageRoot);
  if (options.count) checkAddon(runtime.addonPath, runtime.version === process.version, addonFix(project));
  const childEnv =
    cpuProfileDir === null
      ? env
      : {
          ...env,
          [CPU_PROFILE_DIR_VARIABLE]: cpuProfileDir,
          [CPU_PROFILER_VARIABLE]: chooseCpuProfiler(runtime.nodeBinary, runtime.version, packageRoot),
        };
  const policy: CheckPolicy = {
    headroom: baselines.data.headroom ?? config.headroom ?? DEFAULT_HEADROOM,
    tolerance: { percent: options.tolerancePercent, minimum: options.toleranceMinimum },
    remainingTolerance: options.remainingTolerance,
  };
  return {
    kind: 'suite',
    project,
    options,
    files,
    shard: options.shard === null ? null : { ...options.shard, of: all.length },
    runtime,
    baselines,
    policy,
    context: reportContext(options, baselines, runtime, policy, project.command),
    limitOf: limitLookup(options, env, baselines, runtime),
    loadLimits: { env, baselines: baselines.data, baselinesLabel: baselines.label, runtimeKey: runtime.runtimeKey },
    diagnostics: diagnosticsSettings(options),
    comparison,
    child: { ...suiteChildSettings(options, runtime, childEnv), cpuProfileDir },
  };
}

/** How the user rebuilds the addon: npm's script here, the package's build script in a user's project. */
function addonFix(project: Project): string {
  if (project.own) return OWN_ADDON_FIX;
  const script = shownPath(project, join(packageRoot, 'scripts', 'build-native.mjs'));
  return `run 'node ${script} --strict' (needs python3, make and g++)`;
}

/** Read and validated before anything runs: a malformed file is exit 2 at once. */
function readBaselinesFile(given: string, project: Project): BaselinesFile {
  const path = resolve(project.cwd, given);
  return { path, label: shownPath(project, path), data: readBaselines(path) };
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
  command: string,
): ReportContext {
  return {
    command,
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
    counting: options.counting,
    // Sampling counting takes snapshots only where they are read (--explain, --profile) or kept;
    // failing identifiers get theirs from a second run of their file (run/suite.ts).
    snapshots: options.count && (options.explain || options.profileDir !== null || options.keepSnapshots),
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

/** --cpu-profile DIR: made here and checked writable, before any work; told to the children by their environment. */
function cpuProfileFolder(dir: string): string {
  const folder = resolve(dir);
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'it is a file, or under one' : message;
    throw new UsageError(`--cpu-profile ${dir}: cannot write profiles there: ${why}`);
  }
  return folder;
}
