// --repeat N: every file ran in N separate processes; per identifier and
// figure, the distinct values and which processes gave them (as benchstat's
// assume=exact would), and whether the measured runs themselves, in order,
// were the same in every process. A JS figure that differs fails the run; a
// native total beyond the tolerance is reported and does not (it counts every
// thread's mallocs: ARCHITECTURE.md, "Native counting").
import { METRIC_NAMES, type MetricName } from '../../metrics.js';
import type { FileResult, IdentifierResult } from '../run/suite.js';
import { figureAgreement, NATIVE_TOLERANCE_MIN, NATIVE_TOLERANCE_PERCENT } from './agreement.js';

const TOLERANCE = `${NATIVE_TOLERANCE_PERCENT}% or ${NATIVE_TOLERANCE_MIN}`;

const JS_METRICS: MetricName[] = ['total_allocations', 'total_allocated_bytes', 'remaining_allocations'];

export interface RepeatSummary {
  lines: string[];
  /** Figures that differ (every one but native totals and advisory ones), or identifiers missing in some process: these fail the run. */
  differing: number;
  /** Native totals that spread beyond the tolerance: reported, not failed. */
  nativeBeyond: number;
  /** Identifiers whose measured runs, in order, were not the same in every process. */
  runsDiffering: number;
  identifiers: number;
}

/** "17 (processes 1, 3), 25 (processes 2)": each distinct value and the 1-based processes that gave it. */
export function distinctValues(values: readonly (string | number | null)[]): string {
  const by = new Map<string, number[]>();
  values.forEach((value, at) => {
    const key = value === null ? 'unavailable' : String(value);
    by.set(key, [...(by.get(key) ?? []), at + 1]);
  });
  return [...by].map(([value, at]) => `${value} (process${at.length > 1 ? 'es' : ''} ${at.join(', ')})`).join(', ');
}

/** The JS figures of every measured run, in order: "total/bytes/remaining ..." */
function runSequence(identifier: IdentifierResult): string {
  return identifier.runs
    .map((run) => (run.figures === null ? 'none' : JS_METRICS.map((metric) => run.figures![metric]).join('/')))
    .join(' ');
}

/** Each identifier's result in each process (undefined where a process did not measure it). */
function byIdentifier(processes: readonly FileResult[][]): Map<string, (IdentifierResult | undefined)[]> {
  const found = new Map<string, (IdentifierResult | undefined)[]>();
  processes.forEach((results, at) => {
    for (const file of results) {
      for (const identifier of file.identifiers) {
        const row = found.get(identifier.identifier) ?? new Array(processes.length).fill(undefined);
        row[at] = identifier;
        found.set(identifier.identifier, row);
      }
    }
  });
  return found;
}

function identifierLines(
  name: string,
  row: (IdentifierResult | undefined)[],
): { lines: string[]; differing: number; nativeBeyond: number; runsDiffer: boolean } {
  const count = row.length;
  const missing = row.flatMap((result, at) => (result?.figures ? [] : [at + 1]));
  if (missing.length > 0) {
    return {
      lines: [`${name}: DIFFERS: no figures in process ${missing.join(', ')} of ${count}`],
      differing: 1,
      nativeBeyond: 0,
      runsDiffer: true,
    };
  }
  const results = row as IdentifierResult[];
  const lines: string[] = [];
  const advisory: string[] = [];
  let differing = 0;
  let nativeBeyond = 0;
  for (const metric of METRIC_NAMES) {
    const values = results.map((result) => result.figures![metric] ?? null);
    const { verdict, spreadPct } = figureAgreement(metric, values);
    if (verdict === 'identical') continue;
    if (verdict === 'advisory') advisory.push(metric);
    else if (verdict === 'within')
      lines.push(`  ${metric}: within ${spreadPct!.toFixed(2)}%: ${distinctValues(values)}`);
    else if (verdict === 'beyond') {
      nativeBeyond++;
      lines.push(
        `  ${metric}: spread ${spreadPct!.toFixed(2)}%, beyond ${TOLERANCE} (native: reported, not failed): ${distinctValues(values)}`,
      );
    } else {
      differing++;
      lines.push(`  ${metric}: DIFFERS: ${distinctValues(values)}`);
    }
  }
  const sequences = results.map(runSequence);
  const runsDiffer = new Set(sequences).size > 1;
  if (runsDiffer) lines.push(`  measured runs (total/bytes/remaining each): ${distinctValues(sequences)}`);
  const head =
    differing > 0
      ? `${name}: ${differing} figure(s) DIFFER across ${count} processes`
      : `${name}: JS figures identical in ${count} of ${count} processes${runsDiffer ? ', measured runs not' : ', every measured run too'}`;
  const note = advisory.length > 0 ? ` (advisory, not checked: ${advisory.join(', ')} vary)` : '';
  return { lines: [head + note, ...lines], differing, nativeBeyond, runsDiffer };
}

export function repeatSummary(processes: readonly FileResult[][]): RepeatSummary {
  const lines = [`== determinism: every file in ${processes.length} separate processes`];
  let differing = 0;
  let nativeBeyond = 0;
  let runsDiffering = 0;
  const rows = byIdentifier(processes);
  for (const [name, row] of rows) {
    const found = identifierLines(name, row);
    lines.push(...found.lines);
    differing += found.differing;
    nativeBeyond += found.nativeBeyond;
    if (found.runsDiffer) runsDiffering++;
  }
  const identical = rows.size - runsDiffering;
  const agreed =
    nativeBeyond === 0
      ? `every figure of ${rows.size} identifiers agrees in ${processes.length} of ${processes.length} processes (native allocation counts within ${TOLERANCE}; advisory native figures not checked)`
      : `every JS figure of ${rows.size} identifiers identical in ${processes.length} of ${processes.length} processes; ${nativeBeyond} native allocation count(s) spread beyond ${TOLERANCE}, reported, not failed`;
  lines.push(
    differing === 0
      ? `determinism: ${agreed}; measured runs identical in every process for ${identical} of ${rows.size}`
      : `determinism: ${differing} figure(s) differ across ${processes.length} processes`,
  );
  return { lines, differing, nativeBeyond, runsDiffering, identifiers: rows.size };
}
