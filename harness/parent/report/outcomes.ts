// What the CI outputs (JUnit, GitHub Actions) read from a --json report: each
// identifier's outcome with the verdicts behind it, each file's failure, and
// the lines that explain them. Built from the report alone, so that a report
// kept from an earlier run gives the same outputs.
import { overBy } from '../limits/check.js';
import { loadFailureLines } from '../load/load-text.js';
import type { JsonReport } from './json.js';

export type ReportFile = JsonReport['files'][number];
export type ReportIdentifier = ReportFile['identifiers'][number];
export type ReportVerdict = ReportIdentifier['verdicts'][number];
export type ReportFailure = NonNullable<ReportFile['failure']>;

/** failed: a figure over its limit (or without one, unless --allow-missing); skipped: not counted (-n). */
export type OutcomeStatus = 'failed' | 'improved' | 'passed' | 'skipped';

export interface IdentifierOutcome {
  /** The test file, as the report shows it (relative to the package root). */
  file: string;
  id: ReportIdentifier;
  status: OutcomeStatus;
  /** Figures over their limit. */
  over: ReportVerdict[];
  /** Figures without a limit, when the run required one. */
  missing: ReportVerdict[];
  /** Figures below their limit by more than the tolerance. */
  improved: ReportVerdict[];
  /** A load test's failures: limits, checks, a saturated generator (parent/load/load-text.ts). */
  loadFailures: string[];
}

export interface FileFailure {
  file: string;
  failure: ReportFailure;
  output: string;
  durationMs: number;
}

/**
 * Whether a figure without a limit failed this file. Reports without `policy`
 * (older ones) do not say: a file that did not pass, with no failure of its
 * own and no figure over a limit, can only have failed on a missing limit.
 */
function missingFails(report: JsonReport, file: ReportFile): boolean {
  if (report.policy !== undefined) return !report.policy.allowMissing;
  const over = file.identifiers.some((id) => id.verdicts.some((v) => v.status === 'fail'));
  return !file.passed && file.failure === null && !over;
}

function outcomeOf(file: ReportFile, id: ReportIdentifier, missingFailing: boolean): IdentifierOutcome {
  const over = id.verdicts.filter((v) => v.status === 'fail');
  const missing = missingFailing ? id.verdicts.filter((v) => v.status === 'missing') : [];
  const improved = id.verdicts.filter((v) => v.status === 'improved');
  const loadFailures = id.load == null ? [] : loadFailureLines(id.identifier, id.load);
  let status: OutcomeStatus = 'passed';
  if (id.figures === null && id.load == null) status = 'skipped';
  else if (over.length > 0 || missing.length > 0 || loadFailures.length > 0) status = 'failed';
  else if (improved.length > 0) status = 'improved';
  return { file: file.file, id, status, over, missing, improved, loadFailures };
}

/** Every identifier of the report, in file order. */
export function identifierOutcomes(report: JsonReport): IdentifierOutcome[] {
  return report.files.flatMap((file) => {
    const missingFailing = missingFails(report, file);
    return file.identifiers.map((id) => outcomeOf(file, id, missingFailing));
  });
}

/** Files that crashed, timed out, threw or broke the protocol. */
export function fileFailures(report: JsonReport): FileFailure[] {
  return report.files.flatMap((f) =>
    f.failure === null ? [] : [{ file: f.file, failure: f.failure, output: f.output, durationMs: f.durationMs }],
  );
}

/** value - limit, and that in percent of the limit (null for a limit of 0); null without both. */
export function deltaOf(verdict: ReportVerdict): { delta: number; percent: number | null } | null {
  if (verdict.value === null || verdict.limit === null) return null;
  const delta = verdict.value - verdict.limit.value;
  return { delta, percent: verdict.limit.value === 0 ? null : (delta / verdict.limit.value) * 100 };
}

/** How far over its limit a figure is, in percent, for ranking: anything over a limit of 0 ranks first. */
export function percentOver(verdict: ReportVerdict): number {
  const delta = deltaOf(verdict);
  if (delta === null) return 0;
  return delta.percent ?? (delta.delta > 0 ? Number.POSITIVE_INFINITY : 0);
}

/** An identifier's worst figure, for ranking failures (a missing limit ranks last). */
export function worstPercentOver(outcome: IdentifierOutcome): number {
  return Math.max(-1, ...outcome.over.map(percentOver));
}

function sourceOf(verdict: ReportVerdict): string {
  const limit = verdict.limit!;
  return limit.kind === 'default' ? 'default limit' : limit.source;
}

/** `test_x.total_allocations: 1100 > 1050 allowed (+4.8%; baselines.json)`; `<` for an improvement. */
export function verdictLine(identifier: string, verdict: ReportVerdict): string {
  const value = verdict.value!;
  const limit = verdict.limit!.value;
  const relation = value > limit ? '>' : '<';
  return `${identifier}.${verdict.metric}: ${value} ${relation} ${limit} allowed (${overBy(value, limit)}; ${sourceOf(verdict)})`;
}

/** Why an identifier failed: one line per figure over its limit, one for the figures without a limit. */
export function failureLines(outcome: IdentifierOutcome): string[] {
  const lines = outcome.over.map((v) => verdictLine(outcome.id.identifier, v));
  lines.push(...outcome.loadFailures.map((line) => line.replace(/^FAILED: /, '')));
  if (outcome.missing.length > 0) {
    const metrics = outcome.missing.map((v) => v.metric).join(', ');
    lines.push(`${outcome.id.identifier}: no limit for ${metrics} (add them with --update-baselines)`);
  }
  return lines;
}

/** Text on one line (newlines and runs of spaces become one space), cut to `max` characters. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The last `count` lines of a test's output. */
export function outputTail(output: string, count = 40): string {
  const lines = output.replace(/\n$/, '').split('\n');
  return lines.slice(-count).join('\n');
}

/** `error (import): Cannot find module x`: a file's failure on one line. */
export function fileFailureLine(failure: ReportFailure): string {
  const phase = failure.phase === null ? '' : ` (${failure.phase})`;
  return oneLine(`${failure.kind}${phase}: ${failure.message}`);
}

/**
 * The line of the test file where its failure was thrown: the first frame of
 * the stack in that file (the child's stacks are source-mapped to the .ts
 * source); undefined when no frame is.
 */
export function failureLineInFile(failure: FileFailure): number | undefined {
  if (failure.failure.stack === null) return undefined;
  const escaped = failure.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const frame = new RegExp(`(?:^|[/\\\\(\\s])${escaped}:(\\d+):\\d+`, 'm').exec(failure.failure.stack);
  return frame === null ? undefined : Number(frame[1]);
}

/** Wall time of an identifier's measured runs, in seconds. */
export function identifierSeconds(id: ReportIdentifier): number {
  return id.runs.reduce((sum, run) => sum + run.durationMs, 0) / 1000;
}
