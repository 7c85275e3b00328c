// The job summary (GITHUB_STEP_SUMMARY) of a run, in Markdown: the verdict,
// the regressions (figures over their limits, files that failed), the
// improvements, on exit 3 the limits to commit, and the identifiers within
// their limits folded away. Every string from a test is escaped. GitHub
// refuses a summary over 1 MiB: past that, the folded identifiers go first,
// then improvement rows, then the limits to commit, then regression rows.
import { escapeMarkdown as md } from '../../compare/escape.js';
import { OWN_SCRIPT } from '../../project/project.js';
import type { JsonReport } from '../json.js';
import {
  deltaOf,
  fileFailureLine,
  fileFailures,
  type IdentifierOutcome,
  identifierOutcomes,
  type ReportVerdict,
} from '../outcomes.js';
import { type Cut, fitSections, type Section } from './fit.js';
import { limitsSection } from './limits-section.js';

/** GitHub's limit for one step's summary. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

const LIMIT_NOTE = "(GitHub's 1 MiB limit for a summary)";
const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
const row = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;
const FIGURE_HEADER = [
  row(['identifier', 'figure', 'value', 'limit', 'delta']),
  row(['---', '---', '---:', '---:', '---:']),
];
const UNCHANGED_METRICS = ['total_allocations', 'total_allocated_bytes', 'remaining_allocations'];

function deltaText(verdict: ReportVerdict): string {
  const delta = deltaOf(verdict);
  if (delta === null) return verdict.limit === null ? 'no limit' : '';
  const sign = delta.delta > 0 ? '+' : '';
  const percent = delta.percent === null ? '' : ` (${sign}${delta.percent.toFixed(1)}%)`;
  return `${sign}${delta.delta}${percent}`;
}

function figureRow(identifier: string, verdict: ReportVerdict): string {
  const limit = verdict.limit === null ? 'none' : verdict.limit.value;
  return row([md(identifier), md(verdict.metric), verdict.value ?? 'unavailable', limit, deltaText(verdict)]);
}

function figureSection(title: string, rows: string[], what: string): Section {
  return {
    head: [`#### ${title}`, '', ...FIGURE_HEADER],
    rows,
    tail: [''],
    omitted: (count, whole) =>
      whole
        ? `_${title}: ${plural(count, 'row')} left out ${LIMIT_NOTE}._`
        : `_${plural(count, `more ${what} row`)} left out ${LIMIT_NOTE}._`,
  };
}

function verdictLine(report: JsonReport): string {
  const { passed, failed, improved } = report.summary;
  const exit = `exit ${report.exitCode}`;
  if (failed > 0) return `### :x: alloc-counter: ${failed} failed, ${passed} passed (${exit})`;
  if (improved > 0 && report.exitCode === 3) {
    return `### :warning: alloc-counter: ${passed} passed; ${improved} figures are below their limits: lower them (${exit})`;
  }
  return `### :white_check_mark: alloc-counter: ${passed} passed (${exit})`;
}

function headSection(report: JsonReport): Section {
  const { files, identifiers } = report.summary;
  const context = `${plural(files, 'file')}, ${plural(identifiers, 'identifier')}, Node ${md(report.node)}, limits ${md(report.runtimeKey)}`;
  const warning = report.releaseWarning ? [`> ${md(report.releaseWarning)}`, ''] : [];
  return { head: [verdictLine(report), '', context, '', ...warning], rows: [], tail: [], omitted: () => '' };
}

function fileFailuresSection(report: JsonReport): Section {
  return {
    head: ['#### Files that failed', ''],
    rows: fileFailures(report).map((f) => `- ${md(f.file)}: ${md(fileFailureLine(f.failure))}`),
    tail: [''],
    omitted: (count) => `_${plural(count, 'more file')} that failed left out ${LIMIT_NOTE}._`,
  };
}

function unchangedSection(outcomes: IdentifierOutcome[]): Section {
  const figure = (o: IdentifierOutcome, metric: string): string | number =>
    o.id.figures === null ? 'not counted' : (o.id.figures[metric as keyof typeof o.id.figures] ?? 'unavailable');
  return {
    head: [
      `<details><summary>${plural(outcomes.length, 'identifier')} within their limits</summary>`,
      '',
      row(['identifier', 'file', ...UNCHANGED_METRICS]),
      row(['---', '---', ...UNCHANGED_METRICS.map(() => '---:')]),
    ],
    rows: outcomes.map((o) => row([md(o.id.identifier), md(o.file), ...UNCHANGED_METRICS.map((m) => figure(o, m))])),
    tail: ['', '</details>', ''],
    omitted: (count) => `_${plural(count, 'identifier')} within their limits left out ${LIMIT_NOTE}._`,
  };
}

/** The summary, at most `budget` bytes of UTF-8 (what is left of GitHub's limit for the step). */
export function buildStepSummary(report: JsonReport, budget = STEP_SUMMARY_LIMIT, command = `./${OWN_SCRIPT}`): string {
  const outcomes = identifierOutcomes(report);
  const failed = outcomes.filter((o) => o.status === 'failed');
  const improved = outcomes.filter((o) => o.improved.length > 0);
  const regressions = figureSection(
    'Regressions',
    failed.flatMap((o) => [...o.over, ...o.missing].map((v) => figureRow(o.id.identifier, v))),
    'regression',
  );
  const files = fileFailuresSection(report);
  const improvements = figureSection(
    'Improvements',
    improved.flatMap((o) => o.improved.map((v) => figureRow(o.id.identifier, v))),
    'improvement',
  );
  const limits = report.exitCode === 3 ? limitsSection(report, command) : null;
  const unchanged = unchangedSection(outcomes.filter((o) => o.status === 'passed' || o.status === 'skipped'));
  const present = (s: Section | null): s is Section => s !== null && s.rows.length + s.head.length > 0;
  const sections = [
    headSection(report),
    failed.length > 0 ? regressions : null,
    files.rows.length > 0 ? files : null,
    improved.length > 0 ? improvements : null,
    limits,
    unchanged.rows.length > 0 ? unchanged : null,
  ].filter(present);
  const cuts: Cut[] = [
    { section: unchanged, rows: false },
    { section: improvements, rows: true },
    ...(limits === null ? [] : [{ section: limits, rows: false }]),
    { section: regressions, rows: true },
    { section: files, rows: true },
  ].filter((cut) => sections.includes(cut.section));
  return fitSections(sections, cuts, budget);
}
