// How figures, deltas and percentages read, in text and in Markdown alike.
import type { FigureDiff } from './diff.js';
import { allowance, type CompareRules } from './rules.js';

export const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

export const figureText = (n: number | null): string => (n === null ? 'n/a' : String(n));

/** `~` for an unchanged figure (benchstat's mark for "no change"). */
export function deltaText(figure: FigureDiff): string {
  if (figure.status === 'unchanged') return '~';
  return figure.delta === null ? 'n/a' : signed(figure.delta);
}

/** Two significant digits under 1%, so that +3 of 180000 reads +0.0017%, not +0.0%. */
export function percentText(figure: FigureDiff): string {
  if (figure.status === 'unchanged') return '~';
  const p = figure.percent;
  if (p === null) return 'n/a';
  const digits = Math.abs(p) >= 1 ? p.toFixed(1) : String(Number(p.toPrecision(2)));
  return `${p > 0 ? '+' : ''}${digits}%`;
}

/** What the status of a changed figure means, with the tolerance it was held to. */
export function statusText(figure: FigureDiff, rules: CompareRules): string {
  switch (figure.status) {
    case 'advisory':
      return 'advisory';
    case 'unavailable':
      return 'not measured on one side';
    case 'unchanged':
      return '';
    default: {
      const allowed = allowance(figure.metric, figure.base!, rules);
      const tolerance = `±${Number.isInteger(allowed) ? allowed : allowed.toFixed(1)}`;
      return figure.status === 'within' ? `within ${tolerance}` : `${figure.status}: beyond ${tolerance}`;
    }
  }
}
