// toMatchAllocationBaseline(): the limits live in the project's baselines file
// (the runner's), under a name made from the test's file and name and under
// the Node major, as toMatchSnapshot keeps snapshots: written on first run,
// rewritten with `vitest -u`, a missing one fails in CI (vitest's update
// state 'none').
import { relative } from 'node:path';
import type { JsHeapFigures } from '../parent/figures/heap-snapshot.js';
import {
  type Baselines,
  DEFAULT_HEADROOM,
  type Headroom,
  limitForFigure,
  readBaselines,
  runtimeKey,
  writeBaselinesAtomically,
} from '../parent/limits/baselines.js';
import { DEFAULT_REMAINING_TOLERANCE } from '../parent/limits/check.js';
import { lockBaselines } from '../parent/limits/update-baselines.js';
import type { WindowResult } from './window.js';

export interface BaselineSettings {
  baselinesPath: string;
  /** The configuration's headroom; the baselines file's own wins. */
  headroom: Headroom | null;
  projectRoot: string;
}

/** What the matcher reads of vitest's matcher state. */
export interface TestState {
  testPath?: string | undefined;
  currentTestName?: string | undefined;
  snapshotState?: { snapshotUpdateState: 'all' | 'new' | 'none' } | undefined;
}

const CHECKED: (keyof JsHeapFigures)[] = ['total_allocations', 'total_allocated_bytes', 'remaining_allocations'];
/** How long a worker waits for another worker's write of the file. */
const LOCK_WAIT_MS = 30_000;

/** `vitest_<file>_<test name>`, letters, digits and '_' (the baselines file's identifier names). */
export function baselineName(state: TestState, projectRoot: string): string {
  const file = state.testPath === undefined ? 'unknown' : relative(projectRoot, state.testPath).replace(/\.[^.]+$/, '');
  const raw = `vitest_${file}_${state.currentTestName ?? 'unnamed'}`;
  return raw.replace(/[^A-Za-z0-9]+/g, '_').replace(/_+$/, '');
}

async function locked<T>(path: string, body: () => T): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    let release: (() => void) | undefined;
    try {
      release = lockBaselines(path);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    try {
      return body();
    } finally {
      release();
    }
  }
}

function newLimits(figures: JsHeapFigures, headroom: Headroom): Record<string, number> {
  return Object.fromEntries(CHECKED.map((metric) => [metric, limitForFigure(figures[metric], metric, headroom)]));
}

async function writeLimits(settings: BaselineSettings, name: string, figures: JsHeapFigures): Promise<void> {
  await locked(settings.baselinesPath, () => {
    const baselines: Baselines = readBaselines(settings.baselinesPath);
    const key = runtimeKey(Number(process.versions.node.split('.')[0]));
    const runtime = baselines.runtimes[key] ?? { node: '', v8: '', updatedAt: '', limits: {} };
    const headroom = baselines.headroom ?? settings.headroom ?? DEFAULT_HEADROOM;
    baselines.runtimes[key] = {
      ...runtime,
      node: process.version,
      v8: process.versions.v8,
      updatedAt: new Date().toISOString(),
      limits: { ...runtime.limits, [name]: newLimits(figures, headroom) },
    };
    writeBaselinesAtomically(settings.baselinesPath, baselines);
  });
}

export interface BaselineVerdict {
  pass: boolean;
  /** What the message says before the sites. */
  text: string;
}

/** Checks `result` against the stored limits, or writes them when vitest's update state says so. */
export async function matchBaseline(
  result: WindowResult,
  state: TestState,
  settings: BaselineSettings,
): Promise<BaselineVerdict> {
  const name = baselineName(state, settings.projectRoot);
  const file = relative(settings.projectRoot, settings.baselinesPath);
  const key = runtimeKey(Number(process.versions.node.split('.')[0]));
  const update = state.snapshotState?.snapshotUpdateState ?? 'new';
  const limits = readBaselines(settings.baselinesPath).runtimes[key]?.limits[name];
  if (update === 'all' || (limits === undefined && update === 'new')) {
    await writeLimits(settings, name, result.figures);
    return { pass: true, text: `wrote the limits of ${name} to ${file} (${key})` };
  }
  if (limits === undefined) {
    return { pass: false, text: `no allocation baseline ${name} in ${file} (${key}): run vitest -u to write it` };
  }
  const over = CHECKED.filter((metric) => {
    const limit = limits[metric];
    const slack = metric === 'remaining_allocations' ? DEFAULT_REMAINING_TOLERANCE : 0;
    return limit !== undefined && result.figures[metric] > limit + slack;
  });
  const lines = CHECKED.map((m) => `${m} ${result.figures[m]} (limit ${limits[m] ?? 'none'})`).join(', ');
  return {
    pass: over.length === 0,
    text:
      over.length === 0
        ? `${name} within its baseline in ${file} (${key}): ${lines}`
        : `${name} over its baseline in ${file} (${key}): ${over.join(', ')} over; ${lines}; if intended, run vitest -u`,
  };
}
