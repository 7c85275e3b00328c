// Whether one metric's figures from several runs or processes agree, for
// scripts/bench-suite.mjs: the rule of the runner's --repeat N
// (harness/parent/determinism/agreement.ts, read from the built dist/).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const NATIVE_TOLERANCE_MIN = 32;

/**
 * Loads the rule from the built harness and returns
 * agreement(metric, values) -> { verdict: 'identical' | 'advisory' | 'within' | 'beyond' | 'differs', spreadPct }.
 */
export async function loadFigureAgreement(packageRoot, nativeTolerancePct, nativeToleranceMin = NATIVE_TOLERANCE_MIN) {
  const { figureAgreement } = await import(
    pathToFileURL(join(packageRoot, 'dist/harness/parent/determinism/agreement.js')).href
  );
  return (metric, values) =>
    figureAgreement(metric, values, { percent: nativeTolerancePct, minimum: nativeToleranceMin });
}
