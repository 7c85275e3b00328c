#!/usr/bin/env node
// The parent: discover test files, run each in a child, check figures, report.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { UsageError } from './parent/errors.js';
import { discoverTestFiles } from './parent/discover.js';
import { runUnderHeaptrack } from './parent/heaptrack.js';
import { limitFor, validateLimitEnv } from './parent/limits.js';
import { parseRunnerOptions, USAGE, type RunnerOptions } from './parent/options.js';
import { nativeSetup } from './parent/native-preload.js';
import { childEntry, compiledHarnessDir, defaultAddonPath, defaultNativeCounterPath, defaultTestsDir, packageRoot } from './parent/paths.js';
import { buildJsonReport, writeJsonReport } from './parent/report-json.js';
import { countResults, formatFileResult, formatSummary } from './parent/report-text.js';
import { killAllChildren } from './parent/run-child.js';
import { runSuite } from './parent/suite.js';

/** Refuses to count without a loadable addon: figures without it would be meaningless. */
function checkAddon(addonPath: string): void {
  const fix = "run 'npm run build:native' (needs python3, make and g++)";
  if (!existsSync(addonPath)) {
    throw new UsageError(`the allocation-tracking addon is not built (${addonPath} is missing): ${fix}`);
  }
  try {
    createRequire(import.meta.url)(addonPath);
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new UsageError(`the allocation-tracking addon ${addonPath} does not load in Node ${process.version} (${reason}): ${fix}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const options = parseRunnerOptions(argv);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  validateLimitEnv(process.env);
  if (options.heaptrack !== null) return heaptrackMain(options);
  const files = discoverTestFiles(options.files, defaultTestsDir);
  if (options.count) checkAddon(defaultAddonPath);
  if (!existsSync(options.workDir) || !statSync(options.workDir).isDirectory()) {
    throw new UsageError(`-t ${options.workDir}: no such folder`);
  }
  const workDir = mkdtempSync(join(options.workDir, '.alloc_counter_'));
  const cleanUp = (): void => {
    killAllChildren();
    if (options.keepSnapshots) console.log(`alloc-counter: heap snapshots kept in ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  };
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      console.error(`alloc-counter: ${signal}: stopping every test process`);
      cleanUp();
      process.exit(code);
    });
  }

  const startedAt = new Date();
  const started = performance.now();
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  let results;
  try {
    results = await runSuite(
      {
        files,
        workDir,
        count: options.count,
        warmupRuns: options.warmupRuns,
        measuredRuns: options.measuredRuns,
        timeoutSeconds: options.timeoutSeconds,
        jobs: options.jobs,
        nodeBinary: process.execPath,
        nodeMajor,
        childEntry,
        addonPath: options.count ? defaultAddonPath : null,
        harnessDir: compiledHarnessDir,
        typescriptLoader: import.meta.resolve('tsx'),
        packageRoot,
        keepSnapshots: options.keepSnapshots,
        limitOf: (identifier, metric) => limitFor(metric, identifier, process.env),
        native: nativeSetup({ count: options.count, platform: process.platform, libraryPath: defaultNativeCounterPath, env: process.env }),
      },
      (result) => console.log(formatFileResult(result)),
    );
  } finally {
    cleanUp();
  }
  const wallTimeMs = performance.now() - started;
  const counts = countResults(results);
  const exitCode = counts.failed > 0 ? 1 : 0;
  console.log(formatSummary(counts, wallTimeMs, process.version));
  if (options.jsonReport !== null) {
    writeJsonReport(
      options.jsonReport,
      buildJsonReport({
        results,
        counts,
        startedAt,
        wallTimeMs,
        exitCode,
        settings: {
          warmupRuns: options.warmupRuns,
          measuredRuns: options.measuredRuns,
          count: options.count,
          jobs: options.jobs,
        },
      }),
    );
  }
  return exitCode;
}

/** --heaptrack FILE: one file under heaptrack, no counting, no limits (parent/heaptrack.ts). */
async function heaptrackMain(options: RunnerOptions): Promise<number> {
  if (options.files.length > 0) throw new UsageError('--heaptrack FILE runs one file: give no other test files');
  const [file] = discoverTestFiles([options.heaptrack!], defaultTestsDir);
  if (!existsSync(options.workDir) || !statSync(options.workDir).isDirectory()) {
    throw new UsageError(`-t ${options.workDir}: no such folder`);
  }
  const workDir = mkdtempSync(join(options.workDir, '.alloc_counter_'));
  try {
    return await runUnderHeaptrack({
      file: file!,
      outDir: options.workDir,
      workDir,
      nodeBinary: process.execPath,
      nodeMajor: Number(process.versions.node.split('.')[0]),
      childEntry,
      typescriptLoader: /\.[mc]?ts$/.test(file!) ? import.meta.resolve('tsx') : null,
      warmupRuns: options.warmupRuns,
      measuredRuns: options.measuredRuns,
      timeoutSeconds: options.timeoutSeconds,
      top: 10,
    });
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
