// Where the merged report goes. Every format is a function of the merged
// JsonReport alone, as a run's reports are of its JsonReport: a new one
// (JUnit XML, HTML) is a field of MergeTargets, a flag in args.ts and a line
// in writeMergedOutputs.
import { type JsonReport, writeJsonReport } from '../report/json.js';

export interface MergeTargets {
  /** --json FILE */
  json: string | null;
}

/** Writes every asked-for output (each atomically); returns what was written, for the log. */
export function writeMergedOutputs(report: JsonReport, targets: MergeTargets): string[] {
  const written: string[] = [];
  if (targets.json !== null) {
    writeJsonReport(targets.json, report);
    written.push(targets.json);
  }
  return written;
}
