// Two reports side by side: every identifier of either, its figures on both
// sides with their status (rules.ts), and the allocation sites that moved.
import { METRIC_NAMES, type MetricName } from '../../metrics.js';
import { compareSites, type IdentifierComparison } from '../diagnostics/compare.js';
import type { JsonReport } from '../report/json.js';
import { type CompareRules, classifyFigure, type FigureStatus } from './rules.js';

export interface FigureDiff {
  metric: MetricName;
  base: number | null;
  head: number | null;
  /** null when either side is null. */
  delta: number | null;
  /** Of the base figure; null when it is 0 or either side is null. */
  percent: number | null;
  status: FigureStatus;
}

/** In output order. `changed`: only changes within tolerance, advisory or unavailable figures. */
export const IDENTIFIER_STATUSES = ['regression', 'improvement', 'changed', 'added', 'removed', 'unchanged'] as const;
export type IdentifierStatus = (typeof IDENTIFIER_STATUSES)[number];

export interface IdentifierDiff {
  identifier: string;
  /** The test file, as the head report names it (the base's for a removed identifier). */
  file: string;
  status: IdentifierStatus;
  figures: FigureDiff[];
  /** Sites whose counts changed; null without diagnostics on both sides. */
  sites: IdentifierComparison | null;
}

export interface ReportDiff {
  identifiers: IdentifierDiff[];
  counts: Record<IdentifierStatus, number>;
}

type ReportIdentifier = JsonReport['files'][number]['identifiers'][number];

interface Located {
  file: string;
  id: ReportIdentifier;
}

function identifiersOf(report: JsonReport): Map<string, Located> {
  const byName = new Map<string, Located>();
  for (const file of report.files)
    for (const id of file.identifiers) byName.set(id.identifier, { file: file.file, id });
  return byName;
}

const figureOf = (id: ReportIdentifier | undefined, metric: MetricName): number | null => id?.figures?.[metric] ?? null;

function diffFigures(base: ReportIdentifier | undefined, head: ReportIdentifier | undefined, rules: CompareRules) {
  return METRIC_NAMES.map((metric): FigureDiff => {
    const before = figureOf(base, metric);
    const after = figureOf(head, metric);
    const delta = before === null || after === null ? null : after - before;
    const percent = delta === null || before === 0 ? null : (delta / before!) * 100;
    return { metric, base: before, head: after, delta, percent, status: classifyFigure(metric, before, after, rules) };
  });
}

function statusOf(figures: FigureDiff[]): IdentifierStatus {
  if (figures.some((f) => f.status === 'regression')) return 'regression';
  if (figures.some((f) => f.status === 'improvement')) return 'improvement';
  return figures.every((f) => f.status === 'unchanged') ? 'unchanged' : 'changed';
}

function sitesOf(base: ReportIdentifier, head: ReportIdentifier): IdentifierComparison | null {
  if (!base.diagnostics || !head.diagnostics) return null;
  const comparison = compareSites(head.identifier, base.diagnostics, head.diagnostics);
  return comparison.changes.length === 0 ? null : comparison;
}

function diffIdentifier(name: string, base: Located | undefined, head: Located | undefined, rules: CompareRules) {
  const figures = diffFigures(base?.id, head?.id, rules);
  const file = (head ?? base)!.file;
  if (base === undefined || head === undefined) {
    return { identifier: name, file, status: base ? 'removed' : 'added', figures, sites: null } as IdentifierDiff;
  }
  const status = statusOf(figures);
  const sites = status === 'unchanged' ? null : sitesOf(base.id, head.id);
  return { identifier: name, file, status, figures, sites };
}

/** The largest move of the figures that gave the identifier its status: the worst regression first. */
function severity(diff: IdentifierDiff): number {
  if (diff.status !== 'regression' && diff.status !== 'improvement') return 0;
  const moves = diff.figures
    .filter((f) => f.status === diff.status)
    .map((f) => Math.abs(f.percent ?? Number.POSITIVE_INFINITY));
  return Math.max(...moves);
}

function inOutputOrder(a: IdentifierDiff, b: IdentifierDiff): number {
  const byStatus = IDENTIFIER_STATUSES.indexOf(a.status) - IDENTIFIER_STATUSES.indexOf(b.status);
  if (byStatus !== 0) return byStatus;
  const bySeverity = severity(b) - severity(a);
  if (bySeverity !== 0 && !Number.isNaN(bySeverity)) return bySeverity;
  return a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0;
}

export function diffReports(base: JsonReport, head: JsonReport, rules: CompareRules): ReportDiff {
  const before = identifiersOf(base);
  const after = identifiersOf(head);
  const names = new Set([...before.keys(), ...after.keys()]);
  const identifiers = [...names].map((name) => diffIdentifier(name, before.get(name), after.get(name), rules));
  identifiers.sort(inOutputOrder);
  const counts = Object.fromEntries(IDENTIFIER_STATUSES.map((s) => [s, 0])) as Record<IdentifierStatus, number>;
  for (const id of identifiers) counts[id.status] += 1;
  return { identifiers, counts };
}

/** 1 on any regression, 3 for improvements only, 0 otherwise. */
export function compareExitCode(diff: ReportDiff): number {
  if (diff.counts.regression > 0) return 1;
  return diff.counts.improvement > 0 ? 3 : 0;
}
