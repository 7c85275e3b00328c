// What merge-reports prints: which reports it joined, what failed in them,
// and the summary a run prints.
import { basename } from 'node:path';
import type { JsonReport } from '../report/json.js';
import { formatSummary, identifierFailed } from '../report/text.js';
import type { ReportInput } from './checks.js';

function inputLine({ path, report }: ReportInput): string {
  const shard = report.settings.shard;
  const which = shard === undefined ? '' : `shard ${shard.index}/${shard.count}, `;
  const files = report.files.length === 1 ? '1 file' : `${report.files.length} files`;
  return `  ${path} (${which}${files}, exit ${report.exitCode})`;
}

/** The failures, one line each, so a CI log shows which shard's file to look at. */
function failureLines(merged: JsonReport): string[] {
  const allowMissing = merged.settings.allowMissing ?? false;
  const lines: string[] = [];
  for (const file of merged.files) {
    if (file.failure !== null) lines.push(`FAILED: ${file.file}: ${file.failure.kind}: ${file.failure.message}`);
    for (const id of file.identifiers) {
      if (identifierFailed(id, { allowMissing })) lines.push(`FAILED: ${id.identifier} (${basename(file.file)})`);
    }
  }
  return lines;
}

export function mergeText(inputs: readonly ReportInput[], merged: JsonReport): string {
  const summary = formatSummary(merged.summary, merged.wallTimeMs, merged.node, {
    allowImprovements: merged.settings.allowImprovements ?? false,
    releaseWarning: merged.releaseWarning ?? null,
  });
  return [`merged ${inputs.length} reports:`, ...inputs.map(inputLine), ...failureLines(merged), summary].join('\n');
}
