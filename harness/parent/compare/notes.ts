// What the reader of a comparison must know about the two runs themselves:
// another Node (refused unless allowed), another release, files that failed.
import { UsageError } from '../errors.js';
import type { JsonReport } from '../report/json.js';

export interface Side {
  path: string;
  report: JsonReport;
}

/** V8 versions allocate differently: figures of two Node majors do not compare. */
export function checkRuntimes(base: Side, head: Side, allowMismatch: boolean): string[] {
  const notes: string[] = [];
  if (base.report.runtimeKey !== head.report.runtimeKey) {
    const both = `${base.path} ran ${base.report.runtimeKey} (${base.report.node}), ${head.path} ran ${head.report.runtimeKey} (${head.report.node})`;
    if (!allowMismatch) {
      throw new UsageError(
        `${both}: counts differ between Node majors; compare reports of one major, or pass --allow-node-mismatch`,
      );
    }
    notes.push(`warning: ${both}: the differences include Node's own`);
  } else if (base.report.node !== head.report.node) {
    notes.push(
      `warning: ${base.path} ran Node ${base.report.node}, ${head.path} ${head.report.node}: counts move between releases`,
    );
  }
  return notes;
}

/** A file that failed has no figures: its identifiers show as removed or added. */
export function failedFiles(side: Side): string[] {
  return side.report.files
    .filter((f) => f.failure !== null)
    .map((f) => `${side.path}: ${f.file} failed (${f.failure!.kind}): ${f.failure!.message.split('\n')[0]}`);
}
