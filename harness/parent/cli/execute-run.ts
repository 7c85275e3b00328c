// The second phase: the run's test files in children, once or, with
// --processes N, N times, each file's result printed as it comes.
import { lockBaselines } from '../limits/update-baselines.js';
import { shardLine } from '../project/shard.js';
import { runUnderHeaptrack } from '../run/heaptrack.js';
import { type FileResult, runSuite } from '../run/suite.js';
import { timeFallbackLine } from '../run/virtual-time.js';
import { progressLine } from './progress-line.js';
import { printFileResult } from './report-run.js';
import type { HeaptrackRun, SuiteRun } from './resolve-run.js';
import { inScratchFolder } from './scratch-folder.js';

export interface RunOutcome {
  /** Every process's results, in file order. */
  processes: FileResult[][];
  /** The current process run's results so far, in file order: what an interrupted run reports. */
  partial: FileResult[];
  startedAt: Date;
  /** performance.now() at the start. */
  started: number;
}

/** Runs `body` in the run's scratch folder, holding the baselines lock while updating. */
export async function inRunScope<T>(
  run: SuiteRun,
  onSignal: (signal: 'SIGINT' | 'SIGTERM') => void,
  body: (workDir: string) => Promise<T>,
): Promise<T> {
  const release = run.options.updateBaselines ? lockBaselines(run.baselines.path) : () => {};
  try {
    return await inScratchFolder(run.options.workDir, { keep: run.options.keepSnapshots, release, onSignal }, body);
  } finally {
    release();
  }
}

export function newOutcome(): RunOutcome {
  return { processes: [], partial: [], startedAt: new Date(), started: performance.now() };
}

/** Fills `outcome` as files finish, so that a signal handler can report what is done. */
export async function executeRun(run: SuiteRun, workDir: string, outcome: RunOutcome): Promise<RunOutcome> {
  if (run.context.releaseWarning !== null) console.log(run.context.releaseWarning);
  if (run.shard !== null) console.log(shardLine(run.shard, run.files.length, run.shard.of));
  const timeFallback = timeFallbackLine(run.child.time);
  if (timeFallback !== null) console.log(timeFallback);
  // --processes N (updating) and --repeat N (checking determinism) both run every file N times.
  const count = Math.max(run.options.processes, run.options.repeat);
  for (let repetition = 1; repetition <= count; repetition++) {
    if (count > 1) console.log(`== process run ${repetition} of ${count}`);
    const progress = progressLine(run.files.length);
    const print = printFileResult(run);
    const results = await runSuite(
      {
        files: run.files,
        project: run.project,
        workDir,
        jobs: run.options.jobs,
        keepSnapshots: run.options.keepSnapshots,
        child: run.child,
        limitOf: run.limitOf,
        loadLimits: run.loadLimits,
        policy: run.policy,
        diagnostics: run.diagnostics,
      },
      (result) => {
        outcome.partial.push(result);
        progress.around(() => print(result));
      },
      progress,
    ).finally(() => progress.stop());
    outcome.processes.push(results);
    outcome.partial = [];
  }
  return outcome;
}

export function executeHeaptrack(run: HeaptrackRun): Promise<number> {
  return inScratchFolder(run.outDir, { keep: false }, (workDir) =>
    runUnderHeaptrack({ file: run.file, outDir: run.outDir, workDir, child: run.child, top: 10 }),
  );
}
