// What both outputs (text, Markdown) are built from, and the one-line verdict.
import { IDENTIFIER_STATUSES, type IdentifierStatus, type ReportDiff } from './diff.js';
import type { Side } from './notes.js';
import type { CompareRules } from './rules.js';

export interface Comparison {
  base: Side;
  head: Side;
  diff: ReportDiff;
  rules: CompareRules;
  /** Warnings about the runs themselves (notes.ts). */
  notes: string[];
}

/** Allocation sites shown per changed identifier. */
export const SITES_SHOWN = 5;

export const SECTION_TITLES: Record<IdentifierStatus, string> = {
  regression: 'regressions',
  improvement: 'improvements',
  changed: 'changed within tolerance',
  added: 'added',
  removed: 'removed',
  unchanged: 'unchanged',
};

const noun = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** `1 regression; 2 improvements, 3 unchanged`, or that nothing changed. */
export function verdictText(diff: ReportDiff): string {
  const total = diff.identifiers.length;
  if (diff.counts.unchanged === total) return `no change: all ${noun(total, 'identifier', 'identifiers')} unchanged`;
  const parts = IDENTIFIER_STATUSES.filter((s) => diff.counts[s] > 0 || s === 'regression').map((s) => {
    const n = diff.counts[s];
    if (s === 'regression') return noun(n, 'regression', 'regressions');
    if (s === 'improvement') return noun(n, 'improvement', 'improvements');
    return `${n} ${SECTION_TITLES[s]}`;
  });
  return parts.join(', ');
}
