// The child process: loads one test file and calls its run(identifier).
// Started by the parent as
//   node --expose-gc --no-opt --no-use-ic --predictable --predictable-gc-schedule --no-minor-gc-task
//     --no-baseline-batch-compilation --no-compact [...] entry.js '<ChildConfig JSON>'
// with fd 3 as the channel to the parent (see protocol.ts).
import { basename, extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChildConfig } from '../protocol.js';
import { send } from './channel.js';
import { type AllocationTracker, loadTracker } from './counters.js';
import { getChildState, setChildState } from './measure.js';
import { loadNativeCounter } from './native-counters.js';

function errorFields(error: unknown): { message: string; stack: string | null } {
  if (error instanceof Error) return { message: error.message, stack: error.stack ?? null };
  return { message: String(error), stack: null };
}

function fail(phase: 'setup' | 'import' | 'run' | 'uncaught', error: unknown): never {
  send({ type: 'error', phase, ...errorFields(error) });
  process.exit(1);
}

process.on('uncaughtException', (error) => fail('uncaught', error));
process.on('unhandledRejection', (reason) => fail('uncaught', reason));

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '') as ChildConfig;
  send({
    type: 'hello',
    pid: process.pid,
    node: process.version,
    v8: process.versions.v8,
    execArgv: process.execArgv,
  });
  if (config.cpuProfileRun !== true && typeof (globalThis as { gc?: unknown }).gc !== 'function') {
    fail('setup', new Error('gc() is not exposed: the child must run with --expose-gc'));
  }
  let tracker: AllocationTracker | null = null;
  if (config.addonPath !== null) {
    try {
      tracker = loadTracker(config.addonPath);
    } catch (error) {
      if (config.count) {
        fail(
          'setup',
          new Error(`cannot load the allocation-tracking addon ${config.addonPath}: ${errorFields(error).message}`),
        );
      }
    }
    // A runner killed with SIGKILL must not leave this process running.
    tracker?.dieWithParent();
  }
  if (config.count && tracker === null) fail('setup', new Error('no allocation-tracking addon was given'));
  if (!config.count) tracker = null;
  // Random bytes that decide allocations (ws's frame masks on Node 26) must be the same in
  // every process: ARCHITECTURE.md, 'Determinism'.
  tracker?.fixRandom();
  setChildState({
    testFile: config.testFile,
    workDir: config.workDir,
    warmupRuns: config.warmupRuns,
    measuredRuns: config.measuredRuns,
    counting: config.counting,
    snapshots: config.snapshots === true,
    tracker,
    native: config.count ? loadNativeCounter(config.native) : null,
    measured: new Set(),
    pending: 0,
    cpuProfileRun: config.cpuProfileRun === true,
  });

  let testModule: { run?: unknown };
  try {
    testModule = (await import(pathToFileURL(config.testFile).href)) as { run?: unknown };
  } catch (error) {
    fail('import', error);
  }
  if (typeof testModule.run !== 'function') {
    fail('import', new Error(`${config.testFile} does not export a function run(identifier)`));
  }
  const identifier = basename(config.testFile, extname(config.testFile));
  try {
    await (testModule.run as (identifier: string) => unknown)(identifier);
  } catch (error) {
    fail('run', error);
  }
  const state = getChildState()!;
  if (state.pending > 0) {
    fail('run', new Error(`run() returned before measure() finished: await every measure() call`));
  }
  if (state.measured.size === 0) {
    fail('run', new Error(`run('${identifier}') never called measure()`));
  }
  send({ type: 'done' });
  // Leave now: a server the test forgot to close must not keep the child (and CI) waiting.
  process.exit(0);
}

main().catch((error: unknown) => fail('setup', error));
