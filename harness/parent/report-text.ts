// The human-readable output: per file, the test's own output, then
// SwiftNIO's lines (`test_x.total_allocations: N`), warnings and failures.
import { styleText } from 'node:util';
import { METRIC_NAMES } from '../metrics.js';
import { failureLine } from './check.js';
import { nativeWarnings } from './native-figures.js';
import type { FileResult } from './suite.js';

const useColor = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (style: 'red' | 'yellow' | 'green' | 'bold' | 'dim', text: string): string =>
  useColor ? styleText(style, text) : text;

export function formatFileResult(result: FileResult): string {
  const lines: string[] = [paint('bold', `== ${result.displayName} (${(result.durationMs / 1000).toFixed(1)} s)`)];
  const output = result.output.replace(/\n$/, '');
  if (output !== '') for (const line of output.split('\n')) lines.push(paint('dim', `| ${line}`));
  for (const id of result.identifiers) {
    if (id.figures === null) {
      lines.push(`${id.identifier}: ran ${id.runs.length} measured runs, not counted (--no-count)`);
      continue;
    }
    for (const metric of METRIC_NAMES) lines.push(`${id.identifier}.${metric}: ${id.figures[metric] ?? 'unavailable'}`);
    for (const warning of nativeWarnings(id.identifier, id.native, id.verdicts)) lines.push(paint('yellow', warning));
    if (id.disagreements.length > 0) {
      const spread = id.disagreements.map((d) => `${d.metric} ${d.values.join('/')}`).join(', ');
      lines.push(paint('yellow', `warning: ${id.identifier}: measured runs disagree (${spread}); the minimum is reported`));
    }
    for (const verdict of id.verdicts) {
      if (verdict.status === 'fail') lines.push(paint('red', failureLine(id.identifier, verdict)));
    }
  }
  if (result.failure !== null) {
    const where = result.failure.phase ? ` (${result.failure.phase})` : '';
    lines.push(paint('red', `FAILED: ${result.displayName}: ${result.failure.kind}${where}: ${result.failure.message}`));
    if (result.failure.stack !== null) {
      for (const line of result.failure.stack.split('\n').slice(1)) lines.push(`    ${line.trim()}`);
    }
  }
  return lines.join('\n');
}

export interface SuiteCounts {
  files: number;
  identifiers: number;
  passed: number;
  failed: number;
}

export function countResults(results: FileResult[]): SuiteCounts {
  let identifiers = 0;
  let passed = 0;
  let failed = 0;
  for (const result of results) {
    identifiers += result.identifiers.length;
    for (const id of result.identifiers) {
      if (id.verdicts.some((v) => v.status === 'fail')) failed++;
      else passed++;
    }
    // A file that crashed, threw or timed out counts as one more failure.
    if (result.failure !== null) failed++;
  }
  return { files: results.length, identifiers, passed, failed };
}

export function formatSummary(counts: SuiteCounts, wallMs: number, node: string): string {
  const line = `alloc-counter: ${counts.passed} passed, ${counts.failed} failed`;
  return [
    `files: ${counts.files}, identifiers: ${counts.identifiers}, wall time: ${(wallMs / 1000).toFixed(1)} s, node ${node}`,
    counts.failed > 0 ? paint('red', line) : paint('green', line),
  ].join('\n');
}
