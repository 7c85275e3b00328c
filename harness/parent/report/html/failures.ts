// What failed, one line each, at the top of the page: files that crashed, threw
// or timed out, and figures over their limits; each links to its section.
import type { JsonReport } from '../json.js';
import { escapeHtml } from './escape.js';
import { firstLine, formatCount } from './format.js';
import { fileAnchor, identifierAnchor, type VerdictEntry } from './model.js';

function fileFailures(report: JsonReport): string[] {
  return report.files.flatMap((file, fileIndex) => {
    if (file.failure === null) return [];
    const { kind, phase, message } = file.failure;
    const where = phase === null ? kind : `${kind} (${phase})`;
    return [
      `<li><a href="#${fileAnchor(fileIndex)}">${escapeHtml(file.file)}</a>: <strong>${escapeHtml(where)}</strong>: ${escapeHtml(firstLine(message))}</li>`,
    ];
  });
}

function verdictLine(v: VerdictEntry): string {
  const value = v.value === null ? 'unavailable' : formatCount(v.value);
  if (v.limit === null) return `${escapeHtml(v.metric)} ${value} has no limit`;
  return `${escapeHtml(v.metric)} ${value} over its limit ${formatCount(v.limit.value)}`;
}

/** Figures over their limits, and those without one in a file that failed for it (unless --allow-missing). */
function figureFailures(report: JsonReport): string[] {
  return report.files.flatMap((file, fileIndex) =>
    file.identifiers.flatMap((id, idIndex) =>
      id.verdicts
        .filter((v) => v.status === 'fail' || (v.status === 'missing' && !file.passed))
        .map(
          (v) =>
            `<li><a href="#${identifierAnchor(fileIndex, idIndex)}">${escapeHtml(id.identifier)}</a>: ${verdictLine(v)}</li>`,
        ),
    ),
  );
}

export function renderFailures(report: JsonReport): string {
  const items = [...fileFailures(report), ...figureFailures(report)];
  if (items.length === 0) return '';
  return ['<section class="failures">', '<h2>Failures</h2>', '<ul>', ...items, '</ul>', '</section>'].join('\n');
}
