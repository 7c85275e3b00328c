// Per identifier, each figure against its limit: a horizontal bar for the
// figure, a dark mark for the limit and, with a comparison report, a triangle
// for the base's figure. Each row has its own scale (counts and bytes differ by
// orders of magnitude): the largest of the three spans the track.
import { escapeHtml } from './escape.js';
import { formatCount } from './format.js';
import type { IdentifierEntry, VerdictEntry } from './model.js';

const LABEL_END = 196;
const TRACK_X = 204;
const TRACK_WIDTH = 260;
const TEXT_X = TRACK_X + TRACK_WIDTH + 12;
const WIDTH = TEXT_X + 190;
const ROW = 24;
const TOP = 6;
const BAR_HEIGHT = 10;

const position = (value: number, scale: number): number => TRACK_X + (scale === 0 ? 0 : (value / scale) * TRACK_WIDTH);

function figureText(verdict: VerdictEntry): string {
  if (verdict.value === null) return 'unavailable';
  const limit = verdict.limit === null ? 'no limit' : `limit ${formatCount(verdict.limit.value)}`;
  return `${formatCount(verdict.value)} / ${limit}`;
}

function rowTitle(verdict: VerdictEntry, base: number | null | undefined): string {
  const parts = [`${verdict.metric}: ${verdict.value === null ? 'unavailable' : formatCount(verdict.value)}`];
  if (verdict.limit !== null) parts.push(`limit ${formatCount(verdict.limit.value)} (${verdict.limit.source})`);
  if (base != null) parts.push(`base ${formatCount(base)}`);
  parts.push(`status: ${verdict.status}`);
  return parts.join(', ');
}

function chartRow(verdict: VerdictEntry, index: number, base: number | null | undefined): string {
  const y = TOP + index * ROW;
  const barY = y + (ROW - BAR_HEIGHT) / 2 - 2;
  const value = verdict.value ?? 0;
  const scale = Math.max(value, verdict.limit?.value ?? 0, base ?? 0);
  const parts = [
    `<g class="figure-row"><title>${escapeHtml(rowTitle(verdict, base))}</title>`,
    `<text x="${LABEL_END}" y="${barY + BAR_HEIGHT - 1}" text-anchor="end" class="metric">${escapeHtml(verdict.metric)}</text>`,
    `<rect x="${TRACK_X}" y="${barY}" width="${TRACK_WIDTH}" height="${BAR_HEIGHT}" class="track"/>`,
  ];
  if (verdict.value !== null) {
    const width = Math.max(position(value, scale) - TRACK_X, value > 0 ? 1 : 0);
    parts.push(
      `<rect x="${TRACK_X}" y="${barY}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" class="bar status-${verdict.status}"/>`,
    );
  }
  if (verdict.limit !== null) {
    const x = position(verdict.limit.value, scale).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${barY - 4}" y2="${barY + BAR_HEIGHT + 4}" class="limit-mark"/>`);
  }
  if (base != null) {
    const x = position(base, scale);
    parts.push(`<path d="M${(x - 4).toFixed(1)} ${barY - 6}h8l-4 5z" class="base-mark"/>`);
  }
  parts.push(
    `<text x="${TEXT_X}" y="${barY + BAR_HEIGHT - 1}" class="figure">${escapeHtml(figureText(verdict))}</text>`,
  );
  parts.push('</g>');
  return parts.join('');
}

/** base: the comparison report's figures for the same identifier, when there are any. */
export function renderFigureChart(id: IdentifierEntry, base: Record<string, number | null> | null): string {
  const rows = id.verdicts.map((verdict, index) => chartRow(verdict, index, base?.[verdict.metric]));
  const height = TOP * 2 + id.verdicts.length * ROW;
  return [
    `<svg class="figure-chart" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="figures against their limits">`,
    ...rows,
    '</svg>',
  ].join('\n');
}
