// Where the merged report goes. Every format is a function of the merged
// JsonReport alone, as a run's reports are of its JsonReport: a new one
// (JUnit XML, HTML) is a field of MergeTargets, a flag in args.ts and a line
// in writeMergedOutputs.
import { writeHtmlReport } from '../report/html/index.js';
import { type JsonReport, writeJsonReport } from '../report/json.js';
import { writeJunitReport } from '../report/junit/junit.js';

export interface MergeTargets {
  /** --json FILE */
  json: string | null;
  /** --junit FILE */
  junit: string | null;
  /** --html FILE */
  html: string | null;
}

const WRITERS: Record<keyof MergeTargets, (path: string, report: JsonReport) => void> = {
  json: writeJsonReport,
  junit: writeJunitReport,
  html: (path, report) => writeHtmlReport(path, report, null),
};

/** Writes every asked-for output (each atomically); returns what was written, for the log. */
export function writeMergedOutputs(report: JsonReport, targets: MergeTargets): string[] {
  const written: string[] = [];
  for (const [format, path] of Object.entries(targets) as [keyof MergeTargets, string | null][]) {
    if (path === null) continue;
    WRITERS[format](path, report);
    written.push(path);
  }
  return written;
}
