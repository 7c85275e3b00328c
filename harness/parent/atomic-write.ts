// Files that readers (CI scripts, a later run, git) may open while we write
// them, or that a kill may interrupt: they see the old file or the new one,
// never half of one.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/** The temp file `pid` writes `path` through; a writer killed mid-write leaves it behind. */
export function temporaryPathOf(path: string, pid: number): string {
  return `${path}.${pid}.tmp`;
}

/**
 * Writes `text` to a temp file in the same folder (a rename across file
 * systems would not be atomic), fsyncs it (so that a crash after the rename
 * cannot leave an empty file), then renames it over `path`. If any step
 * fails, the temp file is removed and the error rethrown.
 */
export function writeFileAtomically(path: string, text: string): void {
  const temporary = temporaryPathOf(path, process.pid);
  const fd = openSync(temporary, 'w');
  try {
    try {
      writeFileSync(fd, text); // unlike writeSync, writes all of it
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
