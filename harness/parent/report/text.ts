// The human-readable output: per file, the test's own output, then
// SwiftNIO's lines (`test_x.total_allocations: N`), warnings, failures and
// improvements; then the summary.
import { METRIC_NAMES, NATIVE_METRIC_NAMES } from '../../metrics.js';
import { nativeWarnings } from '../figures/native-figures.js';
import type { Headroom } from '../limits/baselines.js';
import {
  type CheckPolicy,
  failureLine,
  improvementLine,
  missingLine,
  type Verdict,
  verdictsFail,
} from '../limits/check.js';
import { type LoadOutcome, type LoadResult, loadFailed } from '../load/load-result.js';
import { loadChecksLine, loadFailureLines, loadFigureLines, loadNoteLine } from '../load/load-text.js';
import type { FileResult } from '../run/suite.js';
import { painter, stdoutColor } from './terminal.js';

const paint = painter(stdoutColor);

export interface ReportContext {
  allowMissing: boolean;
  allowImprovements: boolean;
  baselinesLabel: string;
  runtimeKey: string;
  /** The runner as the user types it, for the commands messages suggest (project/project.ts). */
  command: string;
  /** Set when the limits were measured on another Node release (baselines.ts). */
  releaseWarning: string | null;
  headroom: Headroom;
  policy: CheckPolicy;
}

/** What countResults reads of a file's result: a run's, or a --json report's (merge-reports). */
export interface CountedFile {
  identifiers: readonly {
    verdicts: readonly Pick<Verdict, 'status'>[];
    load?: LoadOutcome | null;
  }[];
  /** null when the file ran to the end. */
  failure: unknown;
}

/** What the report counts as failed: a figure over its limit, or without one unless --allow-missing. */
export function identifierFailed(
  id: { verdicts: readonly Pick<Verdict, 'status'>[]; load?: LoadOutcome | null },
  context: Pick<ReportContext, 'allowMissing'>,
): boolean {
  return verdictsFail(id.verdicts, { missingFails: !context.allowMissing }) || loadFailed(id.load);
}

export function formatFileResult(result: FileResult, context: ReportContext): string {
  const lines: string[] = [paint('bold', `== ${result.displayName} (${(result.durationMs / 1000).toFixed(1)} s)`)];
  const output = result.output.replace(/\n$/, '');
  if (output !== '') for (const line of output.split('\n')) lines.push(paint('dim', `| ${line}`));
  for (const id of result.identifiers) {
    if (id.load != null) lines.push(...loadLines(id.identifier, id.load));
    if (id.figures === null && id.load != null) continue;
    if (id.figures === null) {
      lines.push(`${id.identifier}: ran ${id.runs.length} measured runs, not counted (--no-count)`);
      continue;
    }
    for (const metric of METRIC_NAMES) lines.push(`${id.identifier}.${metric}: ${id.figures[metric] ?? 'unavailable'}`);
    for (const warning of nativeWarnings(id.identifier, id.native, id.verdicts)) lines.push(paint('yellow', warning));
    // Runs of one process differ by where they fall in the workload's own state (a buffer pool
    // replaced, a free list grown, code tiering up), identically in every process: the minimum is
    // the figure, as in SwiftNIO, so this is a note, not a warning. Native spreads (malloc's own
    // caches) are left to the JSON report, which has every run.
    const jsSpread = id.disagreements.filter((d) => !(NATIVE_METRIC_NAMES as readonly string[]).includes(d.metric));
    if (jsSpread.length > 0) {
      const spread = jsSpread.map((d) => `${d.metric} ${d.values.join('/')}`).join(', ');
      lines.push(paint('dim', `note: ${id.identifier}: measured runs differ (${spread}); the minimum is reported`));
    }
    for (const verdict of id.verdicts) {
      if (verdict.status === 'fail') lines.push(paint('red', failureLine(id.identifier, verdict, context.policy)));
      if (verdict.status === 'improved') {
        const line = improvementLine(id.identifier, verdict, result.displayName, context.headroom, context.command);
        lines.push(paint('yellow', line));
      }
    }
    if (!context.allowMissing && id.verdicts.some((v) => v.status === 'missing')) {
      lines.push(
        paint(
          'red',
          missingLine(id.identifier, id.verdicts, result.displayName, {
            label: context.baselinesLabel,
            key: context.runtimeKey,
            command: context.command,
          }),
        ),
      );
    }
  }
  if (result.failure !== null) {
    const where = result.failure.phase ? ` (${result.failure.phase})` : '';
    lines.push(
      paint('red', `FAILED: ${result.displayName}: ${result.failure.kind}${where}: ${result.failure.message}`),
    );
    if (result.failure.stack !== null) {
      for (const line of result.failure.stack.split('\n').slice(1)) lines.push(`    ${line.trim()}`);
    }
  }
  return lines.join('\n');
}

function loadLines(identifier: string, load: LoadResult): string[] {
  const checks = loadChecksLine(identifier, load);
  return [
    ...loadFigureLines(identifier, load),
    paint('dim', loadNoteLine(identifier, load)),
    ...(checks === null ? [] : [paint('dim', checks)]),
    ...loadFailureLines(identifier, load).map((line) => paint('red', line)),
  ];
}

export interface SuiteCounts {
  files: number;
  identifiers: number;
  passed: number;
  failed: number;
  /** Figures below their limits by more than the tolerance. */
  improved: number;
}

export function countResults(
  results: readonly CountedFile[],
  context: Pick<ReportContext, 'allowMissing'>,
): SuiteCounts {
  const counts: SuiteCounts = { files: results.length, identifiers: 0, passed: 0, failed: 0, improved: 0 };
  for (const result of results) {
    counts.identifiers += result.identifiers.length;
    // A file that crashed, threw, timed out or lied on its channel fails every identifier it
    // measured (their figures are not to be trusted); one that measured none is one failure.
    const fileFailed = result.failure !== null;
    for (const id of result.identifiers) {
      if (fileFailed || identifierFailed(id, context)) counts.failed++;
      else counts.passed++;
      counts.improved += id.verdicts.filter((v) => v.status === 'improved').length;
    }
    if (fileFailed && result.identifiers.length === 0) counts.failed++;
  }
  return counts;
}

/** The run's exit code: 1 on failures, 3 on improvements alone (unless allowed), 0 otherwise. */
export function exitCodeFor(counts: SuiteCounts, context: Pick<ReportContext, 'allowImprovements'>): number {
  if (counts.failed > 0) return 1;
  if (counts.improved > 0 && !context.allowImprovements) return 3;
  return 0;
}

export function formatSummary(
  counts: SuiteCounts,
  wallMs: number,
  node: string,
  context: Pick<ReportContext, 'allowImprovements' | 'releaseWarning'>,
): string {
  const lines = [
    `files: ${counts.files}, identifiers: ${counts.identifiers}, wall time: ${(wallMs / 1000).toFixed(1)} s, node ${node}`,
  ];
  // Repeated beside the verdict it may explain.
  if (context.releaseWarning !== null) lines.push(paint('yellow', context.releaseWarning));
  if (counts.improved > 0) {
    const consequence = context.allowImprovements
      ? 'accepted (--allow-improvements)'
      : 'exit 3 (--allow-improvements accepts them)';
    lines.push(
      paint(
        'yellow',
        `improvements: ${counts.improved} figures are below their limits by more than the tolerance: ${consequence}`,
      ),
    );
  }
  const line = `alloc-counter: ${counts.passed} passed, ${counts.failed} failed`;
  lines.push(counts.failed > 0 ? paint('red', line) : paint('green', line));
  return lines.join('\n');
}
