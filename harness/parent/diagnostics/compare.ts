// --compare-to REPORT.json: per identifier, the allocation sites whose counts
// changed against an earlier --json report, biggest change first, so that
// "+412 allocations" reads as "receiver.js:581 getData +400".
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { type JsonReport, jsonReportSchema } from '../report/json.js';
import { type SiteLocation, siteKey, siteLabel } from './locations.js';
import type { IdentifierDiagnostics } from './schema.js';

/** Changed sites printed per identifier (all of them are in the comparison). */
export const CHANGES_SHOWN = 15;

export interface SiteChange extends SiteLocation {
  before: number;
  after: number;
  countChange: number;
  bytesChange: number;
}

export interface IdentifierComparison {
  identifier: string;
  totalBefore: number;
  totalAfter: number;
  changes: SiteChange[];
}

/** The earlier report's diagnostics per identifier. Exit 2 (UsageError) when the file is not a report. */
export function loadComparisonBaseline(path: string): Map<string, IdentifierDiagnostics | null> {
  return diagnosticsByIdentifier(loadComparisonReport(path));
}

/** The earlier --json report, whole (--html draws against it). Exit 2 (UsageError) when it is not one. */
export function loadComparisonReport(path: string): JsonReport {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--compare-to ${path}: not a readable JSON file: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = jsonReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where =
      issue.path.length === 0
        ? '(top level)'
        : `$.${issue.path
            .map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))
            .join('.')
            .replace(/\.\[/g, '[')}`;
    throw new UsageError(`--compare-to ${path}: not an alloc-counter --json report at ${where}: ${issue.message}`);
  }
  return parsed.data;
}

export function diagnosticsByIdentifier(report: JsonReport): Map<string, IdentifierDiagnostics | null> {
  const byIdentifier = new Map<string, IdentifierDiagnostics | null>();
  for (const file of report.files)
    for (const id of file.identifiers) byIdentifier.set(id.identifier, id.diagnostics ?? null);
  return byIdentifier;
}

export function compareSites(
  identifier: string,
  before: IdentifierDiagnostics,
  after: IdentifierDiagnostics,
): IdentifierComparison {
  const changes = new Map<string, SiteChange>();
  const entry = (site: SiteLocation): SiteChange => {
    const key = siteKey(site);
    let change = changes.get(key);
    if (change === undefined) {
      change = {
        function: site.function,
        script: site.script,
        line: site.line,
        column: site.column,
        before: 0,
        after: 0,
        countChange: 0,
        bytesChange: 0,
      };
      changes.set(key, change);
    }
    return change;
  };
  for (const site of before.sites) {
    const change = entry(site);
    change.before += site.count;
    change.countChange -= site.count;
    change.bytesChange -= site.bytes;
  }
  for (const site of after.sites) {
    const change = entry(site);
    // The current run's position wins: it is where the code is now.
    change.line = site.line;
    change.column = site.column;
    change.after += site.count;
    change.countChange += site.count;
    change.bytesChange += site.bytes;
  }
  return {
    identifier,
    totalBefore: before.totalCount,
    totalAfter: after.totalCount,
    changes: [...changes.values()]
      .filter((c) => c.countChange !== 0 || c.bytesChange !== 0)
      .sort(
        (a, b) =>
          Math.abs(b.countChange) - Math.abs(a.countChange) || Math.abs(b.bytesChange) - Math.abs(a.bytesChange),
      ),
  };
}

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/** `receiver.js:581 getData +400 (1000 -> 1400; +19200 bytes)` */
export function siteChangeText(change: SiteChange): string {
  return `${siteLabel(change)} ${signed(change.countChange)} (${change.before} -> ${change.after}; ${signed(change.bytesChange)} bytes)`;
}

export function formatComparison(
  comparison: IdentifierComparison,
  reportPath: string,
  shown = CHANGES_SHOWN,
): string[] {
  const delta = comparison.totalAfter - comparison.totalBefore;
  const lines = [
    `-- ${comparison.identifier} against ${reportPath}: total_allocations ${comparison.totalBefore} -> ${comparison.totalAfter} (${signed(delta)}), ${comparison.changes.length} sites changed`,
  ];
  for (const change of comparison.changes.slice(0, shown)) lines.push(`   ${siteChangeText(change)}`);
  if (comparison.changes.length > shown) lines.push(`   ... ${comparison.changes.length - shown} more`);
  return lines;
}

/** The comparison lines for one identifier, or a line saying why there is none. */
export function comparisonLines(
  identifier: string,
  current: IdentifierDiagnostics | null,
  baseline: Map<string, IdentifierDiagnostics | null>,
  reportPath: string,
): string[] {
  if (current === null) return [];
  if (!baseline.has(identifier)) return [`-- ${identifier}: not in ${reportPath}, nothing to compare`];
  const before = baseline.get(identifier) ?? null;
  if (before === null)
    return [
      `-- ${identifier}: ${reportPath} has no allocation sites for it (written with --no-count or by an older alloc-counter)`,
    ];
  return formatComparison(compareSites(identifier, before, current), reportPath);
}
