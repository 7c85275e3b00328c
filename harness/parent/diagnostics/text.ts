// What the diagnostics add to a file's text output: the explanation of each
// identifier that failed (every identifier with --explain), and with
// --compare-to, the sites whose counts changed.
import { verdictsFail } from '../limits/check.js';
import type { FileResult } from '../run/suite.js';
import { comparisonLines } from './compare.js';
import { formatExplanation } from './explain-text.js';
import type { IdentifierDiagnostics } from './schema.js';

export interface DiagnosticsTextOptions {
  explain: boolean;
  comparison: { baseline: Map<string, IdentifierDiagnostics | null>; reportPath: string } | null;
}

export function diagnosticsText(result: FileResult, options: DiagnosticsTextOptions): string {
  const lines: string[] = [];
  for (const id of result.identifiers) {
    if (id.diagnostics === null) continue;
    const failed = verdictsFail(id.verdicts, { missingFails: false });
    if (failed || options.explain) lines.push(...formatExplanation(id.identifier, id.diagnostics));
    if (options.comparison !== null) {
      lines.push(
        ...comparisonLines(id.identifier, id.diagnostics, options.comparison.baseline, options.comparison.reportPath),
      );
    }
  }
  return lines.join('\n');
}
