// The top of the page: the run's verdict, where and when it ran, and its counts.
import type { JsonReport } from '../json.js';
import { escapeHtml } from './escape.js';
import { formatCount, formatSeconds } from './format.js';

interface Verdict {
  label: string;
  className: string;
}

/** From the exit code the run ended with, which is what CI saw. */
function verdictOf(report: JsonReport): Verdict {
  if (report.exitCode === 0) return { label: 'passed', className: 'pass' };
  if (report.exitCode === 3) return { label: 'improved: lower the limits', className: 'improved' };
  if (report.summary.failed > 0 || report.exitCode === 1) return { label: 'failed', className: 'fail' };
  return { label: `exit ${report.exitCode}`, className: 'fail' };
}

function fact(name: string, value: string): string {
  return `<div class="fact"><span class="fact-name">${escapeHtml(name)}</span> <span class="fact-value">${escapeHtml(value)}</span></div>`;
}

function comparisonFact(comparison: JsonReport | null): string {
  if (comparison === null) return '';
  return fact('compared to', `run of ${comparison.startedAt}, Node ${comparison.node}`);
}

export function renderHeader(report: JsonReport, comparison: JsonReport | null): string {
  const verdict = verdictOf(report);
  const { summary, settings } = report;
  const counts =
    `${formatCount(summary.files)} files, ${formatCount(summary.identifiers)} identifiers: ` +
    `${formatCount(summary.passed)} passed, ${formatCount(summary.failed)} failed, ` +
    `${formatCount(summary.improved)} figures improved`;
  const warning = report.releaseWarning == null ? '' : `<p class="warning">${escapeHtml(report.releaseWarning)}</p>`;
  return [
    '<header>',
    `<h1>alloc-counter <span class="badge ${verdict.className}">${escapeHtml(verdict.label)}</span></h1>`,
    `<p class="counts">${escapeHtml(counts)}</p>`,
    '<div class="facts">',
    fact('node', report.v8 === null ? report.node : `${report.node} (V8 ${report.v8})`),
    fact('started', report.startedAt),
    fact('wall time', formatSeconds(report.wallTimeMs)),
    fact('runs', `${settings.warmupRuns} warm-up, ${settings.measuredRuns} measured, ${settings.jobs} jobs`),
    fact('limits', report.runtimeKey),
    comparisonFact(comparison),
    '</div>',
    warning,
    '</header>',
  ].join('\n');
}
