// The async matchers: `await expect(fn).toAllocateExactly(1000)` and the like.
// Each counts fn in windows (window.ts) and compares one figure with a limit;
// a failure gives the figure, the limit and the top allocation sites.

import { siteLabel } from '../parent/diagnostics/locations.js';
import type { JsHeapFigures } from '../parent/figures/heap-snapshot.js';
import { type BaselineSettings, matchBaseline, type TestState } from './baseline.js';
import { countWindow, type WindowResult, type WindowSettings } from './window.js';

/** Sites a failure message lists. */
const SHOWN_SITES = 5;

type Figure = keyof JsHeapFigures;
type Comparison = 'exactly' | 'at most';

export interface MatcherResult {
  pass: boolean;
  message: () => string;
  actual?: unknown;
  expected?: unknown;
}

function sitesText(result: WindowResult): string {
  const top = result.sites.slice(0, SHOWN_SITES);
  if (top.length === 0) return '  (no allocation sites)';
  return top
    .map((s) => `  ${String(s.count).padStart(7)} ${String(s.bytes).padStart(9)} B  ${siteLabel(s)}`)
    .join('\n');
}

function describe(figure: Figure): string {
  return {
    total_allocations: 'allocations',
    total_allocated_bytes: 'bytes',
    remaining_allocations: 'retained objects',
  }[figure];
}

export function checkLimit(
  result: WindowResult,
  figure: Figure,
  comparison: Comparison,
  limit: number,
  isNot: boolean,
): MatcherResult {
  const value = result.figures[figure];
  const pass = comparison === 'exactly' ? value === limit : value <= limit;
  const expectation = `${isNot ? 'not ' : ''}${comparison} ${limit} ${describe(figure)}`;
  const figures = `${result.figures.total_allocations} allocations, ${result.figures.total_allocated_bytes} bytes, ${result.figures.remaining_allocations} retained`;
  return {
    pass,
    message: () =>
      `expected the function to make ${expectation}, but it made ${value} (${figure} ${value}, limit ${limit}; ${figures})\ntop allocation sites (count, bytes, site):\n${sitesText(result)}`,
    actual: value,
    expected: limit,
  };
}

function checkedLimit(name: string, limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) {
    throw new TypeError(`${name}: the limit must be a non-negative integer, not ${String(limit)}`);
  }
  return limit;
}

function checkedWorkload(name: string, received: unknown): () => unknown {
  if (typeof received !== 'function') throw new TypeError(`${name}: expect() must be given the function to count`);
  return received as () => unknown;
}

/** The matchers, for expect.extend; `settings` says how many windows, where the project and its baselines are. */
export function allocationMatchers(settings: () => WindowSettings & BaselineSettings) {
  const matcher = (name: string, figure: Figure, comparison: Comparison) =>
    async function (this: { isNot: boolean }, received: unknown, limit: unknown): Promise<MatcherResult> {
      const workload = checkedWorkload(name, received);
      const checked = checkedLimit(name, limit);
      return checkLimit(await countWindow(workload, settings()), figure, comparison, checked, this.isNot);
    };
  return {
    toAllocateExactly: matcher('toAllocateExactly', 'total_allocations', 'exactly'),
    toAllocateAtMost: matcher('toAllocateAtMost', 'total_allocations', 'at most'),
    toAllocateBytesAtMost: matcher('toAllocateBytesAtMost', 'total_allocated_bytes', 'at most'),
    toRetainAtMost: matcher('toRetainAtMost', 'remaining_allocations', 'at most'),
    async toMatchAllocationBaseline(this: TestState, received: unknown): Promise<MatcherResult> {
      const result = await countWindow(checkedWorkload('toMatchAllocationBaseline', received), settings());
      const verdict = await matchBaseline(result, this, settings());
      return {
        pass: verdict.pass,
        message: () => `${verdict.text}\ntop allocation sites (count, bytes, site):\n${sitesText(result)}`,
      };
    },
  };
}
