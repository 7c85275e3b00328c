// A program's path by a search of PATH, as a shell's `command -v` would find
// it, without running a shell (no quoting of the name to get wrong).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first executable `name` in the PATH list `path`; null when there is none. */
export function findInPath(name: string, path: string | undefined): string | null {
  if (name === '' || name.includes('/')) return isExecutableFile(name) ? name : null;
  for (const dir of (path ?? '').split(delimiter)) {
    // An empty or relative entry would make the answer depend on the current folder: skipped.
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}
