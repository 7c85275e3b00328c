#!/usr/bin/env node
// The parent: discover test files, run each in a child, check figures, report.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { helpText } from './parent/cli/help.js';
import { parseRunnerOptions, type RunnerOptions } from './parent/cli/options.js';
import { UsageError } from './parent/errors.js';
import { DEFAULT_HEADROOM, readBaselines, releaseMismatchWarning } from './parent/limits/baselines.js';
import { limitFor, validateLimitEnv } from './parent/limits/limits.js';
import { applyUpdate, lockBaselines } from './parent/limits/update-baselines.js';
import { discoverTestFiles } from './parent/project/discover.js';
import { defaultAddonPath, defaultNativeCounterPath, defaultTestsDir, packageRoot } from './parent/project/paths.js';
import { buildJsonReport, writeJsonReport } from './parent/report/json.js';
import {
  countResults,
  exitCodeFor,
  formatFileResult,
  formatSummary,
  type ReportContext,
} from './parent/report/text.js';
import type { ChildSettings } from './parent/run/child-config.js';
import { runUnderHeaptrack } from './parent/run/heaptrack.js';
import { nativeSetup } from './parent/run/native-preload.js';
import { killAllChildren } from './parent/run/run-child.js';
import { childRuntime } from './parent/run/runtime.js';
import { type FileResult, runSuite } from './parent/run/suite.js';

const ADDON_FIX = "run 'npm run build:native' (needs python3, make and g++)";

import { loadComparisonBaseline } from './parent/diagnostics/compare.js';
import { diagnosticsText } from './parent/diagnostics/text.js';

/** Refuses to count without a loadable addon: figures without it would be meaningless. */
function checkAddon(addonPath: string, loadHere: boolean): void {
  if (!existsSync(addonPath)) {
    throw new UsageError(`the allocation-tracking addon is not built (${addonPath} is missing): ${ADDON_FIX}`);
  }
  if (!loadHere) return; // built for another Node: the child reports if it does not load
  try {
    createRequire(import.meta.url)(addonPath);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new UsageError(
      `the allocation-tracking addon ${addonPath} does not load in Node ${process.version} (${reason}): ${ADDON_FIX}`,
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const options = parseRunnerOptions(argv);
  if (options.help) {
    console.log(helpText());
    return 0;
  }
  validateLimitEnv(process.env);
  if (options.heaptrack !== null) return heaptrackMain(options);
  const files = discoverTestFiles(options.files, defaultTestsDir);
  const baselinesPath = resolve(options.baselinesFile ?? join(packageRoot, 'baselines.json'));
  const baselinesLabel = relative(process.cwd(), baselinesPath) || baselinesPath;
  // Read (and validate) before running anything: a malformed file is exit 2 at once.
  const baselines = readBaselines(baselinesPath);
  const runtime = childRuntime(options.node, packageRoot, defaultAddonPath);
  if (options.count) checkAddon(runtime.addonPath, runtime.version === process.version);
  const releaseLock = options.updateBaselines ? lockBaselines(baselinesPath) : () => {};
  // Read before anything runs, so that a malformed file stops the run at once (exit 2).
  const comparisonBaseline = options.compareTo === null ? null : loadComparisonBaseline(options.compareTo);
  const workDir = mkdtempSync(join(options.workDir, '.alloc_counter_'));
  const cleanUp = (): void => {
    killAllChildren();
    releaseLock();
    if (options.keepSnapshots) console.log(`alloc-counter: heap snapshots kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  };
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      console.error(`alloc-counter: ${signal}: stopping every test process`);
      cleanUp();
      process.exit(code);
    });
  }

  const headroom = baselines.headroom ?? DEFAULT_HEADROOM;
  const policy = {
    headroom,
    tolerance: { percent: options.tolerancePercent, minimum: options.toleranceMinimum },
    remainingTolerance: options.remainingTolerance,
  };
  const context: ReportContext = {
    // Updating rewrites the limits: the old ones are neither missing nor failed.
    allowMissing: options.allowMissing || options.updateBaselines,
    allowImprovements: options.allowImprovements,
    baselinesLabel,
    runtimeKey: runtime.runtimeKey,
    // Updating measures the limits anew on this release.
    releaseWarning: options.updateBaselines
      ? null
      : releaseMismatchWarning(baselines, runtime.runtimeKey, runtime.version, baselinesLabel),
    headroom,
    policy,
  };
  if (context.releaseWarning !== null) console.log(context.releaseWarning);
  const limitSources = { env: process.env, baselines, baselinesLabel, runtimeKey: runtime.runtimeKey };
  const child: ChildSettings = {
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
      env: process.env,
    }),
    env: process.env,
  };
  const startedAt = new Date();
  const started = performance.now();
  let results: FileResult[] = [];
  const everyProcess: FileResult[] = [];
  let exitCode: number;
  try {
    // --update-baselines --processes N: the suite N times, in separate processes.
    for (let repetition = 1; repetition <= options.processes; repetition++) {
      if (options.processes > 1) console.log(`== process run ${repetition} of ${options.processes}`);
      results = await runSuite(
        {
          files,
          workDir,
          jobs: options.jobs,
          keepSnapshots: options.keepSnapshots,
          child,
          limitOf: (identifier, metric) =>
            options.updateBaselines ? null : limitFor(metric, identifier, limitSources),
          policy,
          diagnostics: {
            explain: options.explain,
            profile:
              options.profileDir === null
                ? null
                : { dir: resolve(options.profileDir), failingOnly: options.profileFailingOnly },
          },
        },
        (result) => {
          console.log(formatFileResult(result, context));
          const why = diagnosticsText(result, {
            explain: options.explain,
            comparison:
              comparisonBaseline === null ? null : { baseline: comparisonBaseline, reportPath: options.compareTo! },
          });
          if (why !== '') console.log(why);
        },
      );
      everyProcess.push(...results);
    }
    const counts = countResults(everyProcess, context);
    exitCode = exitCodeFor(counts, context);
    console.log(formatSummary(counts, performance.now() - started, runtime.version, context));
    if (options.updateBaselines) {
      exitCode = applyUpdate({
        path: baselinesPath,
        label: baselinesLabel,
        key: runtime.runtimeKey,
        runtime: { node: runtime.version, v8: runtime.v8 },
        results: everyProcess,
        log: (line) => console.log(line),
      });
    }
    if (options.jsonReport !== null) {
      writeJsonReport(
        options.jsonReport,
        buildJsonReport({
          results,
          counts,
          startedAt,
          wallTimeMs: performance.now() - started,
          exitCode,
          context,
          settings: {
            warmupRuns: options.warmupRuns,
            measuredRuns: options.measuredRuns,
            count: options.count,
            jobs: options.jobs,
          },
        }),
      );
    }
  } finally {
    cleanUp();
  }
  return exitCode;
}

/** --heaptrack FILE: one file under heaptrack, no counting, no limits (parent/run/heaptrack.ts). */
async function heaptrackMain(options: RunnerOptions): Promise<number> {
  const [file] = discoverTestFiles([options.heaptrack!], defaultTestsDir);
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
    env: process.env,
  };
  const workDir = mkdtempSync(join(options.workDir, '.alloc_counter_'));
  try {
    return await runUnderHeaptrack({ file: file!, outDir: options.workDir, workDir, child, top: 10 });
  } finally {
    killAllChildren();
    rmSync(workDir, { recursive: true, force: true });
  }
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
