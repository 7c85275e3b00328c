// --update-baselines --processes N runs every file N times. The summary counts
// each file and identifier once: these merge the N results of a file into one.
import type { FileResult, IdentifierResult } from '../run/suite.js';

type Failed = (identifier: IdentifierResult) => boolean;

/** An identifier is kept as it was in a process where it failed, if any; a file keeps the first failure. */
function mergeFile(into: FileResult, next: FileResult, failed: Failed): FileResult {
  const identifiers = [...into.identifiers];
  for (const identifier of next.identifiers) {
    const at = identifiers.findIndex((kept) => kept.identifier === identifier.identifier);
    if (at === -1) identifiers.push(identifier);
    else if (!failed(identifiers[at]!) && failed(identifier)) identifiers[at] = identifier;
  }
  return { ...into, identifiers, failure: into.failure ?? next.failure };
}

/** One result per file, in the order of the first process, from every process's results. */
export function mergeProcesses(processes: FileResult[][], failed: Failed): FileResult[] {
  const byFile = new Map<string, FileResult>();
  for (const results of processes) {
    for (const result of results) {
      const merged = byFile.get(result.file);
      byFile.set(result.file, merged === undefined ? result : mergeFile(merged, result, failed));
    }
  }
  return [...byFile.values()];
}
