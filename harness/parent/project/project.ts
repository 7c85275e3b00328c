// Whose project a run is for, and how its messages name things: the project is
// the nearest package.json above the working folder (a user's, with
// alloc-counter installed in it), or alloc-counter's own repo when the run came
// through run-alloc-counter-tests.sh. Paths are shown relative to where the user
// stands; every command a message suggests is the one the user types there.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { UsageError } from '../errors.js';
import { defaultTestsDir, packageRoot } from './paths.js';

/** Set by run-alloc-counter-tests.sh (and removed at once by cli.ts, so children never see it). */
export const OWN_SCRIPT_ENV = 'ALLOC_COUNTER_OWN_SCRIPT';
export const OWN_SCRIPT = 'run-alloc-counter-tests.sh';
/** The command a user of the installed package types. */
export const NPX_COMMAND = 'npx alloc-counter';

export interface Project {
  /** The folder of the project's package.json. */
  root: string;
  /** Where the user stands: paths are shown relative to it. */
  cwd: string;
  /** alloc-counter's own repo: its suite and its baselines.json are the defaults. */
  own: boolean;
  /** The command as the user types it: `npx alloc-counter`, `./run-alloc-counter-tests.sh`. */
  command: string;
}

function nearestPackageRoot(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** `./run-alloc-counter-tests.sh` from the repo's folder, `../run-alloc-counter-tests.sh` from a subfolder. */
function ownScriptCommand(cwd: string): string {
  const path = relative(cwd, join(packageRoot, OWN_SCRIPT));
  return isAbsolute(path) || path.startsWith('../') ? path : `./${path}`;
}

export function findProject(cwd: string, viaOwnScript: boolean): Project {
  if (viaOwnScript) return { root: packageRoot, cwd, own: true, command: ownScriptCommand(cwd) };
  const root = nearestPackageRoot(cwd);
  if (root === null) {
    throw new UsageError(`no package.json in ${cwd} or any folder above it: run 'npm init -y' in your project first`);
  }
  return { root, cwd, own: root === packageRoot, command: NPX_COMMAND };
}

/** A path as the user sees it: relative to where they stand (absolute when that is shorter to read). */
export function shownPath(project: Pick<Project, 'cwd'>, file: string): string {
  return relative(project.cwd, file) || file;
}

/** Where a project's tests and limits are when its configuration does not say. */
export interface ProjectDefaults {
  /** Folders or globs, relative to the project's root. */
  tests: string[];
  baselines: string;
}

/** The baselines file of a user's project: in the project, never in node_modules. */
export const USER_BASELINES_FILE = 'alloc-counter.baselines.json';
export const USER_TESTS_FOLDER = 'perf';

export function projectDefaults(project: Project): ProjectDefaults {
  if (project.own) return { tests: [defaultTestsDir], baselines: join(packageRoot, 'baselines.json') };
  return { tests: [join(project.root, USER_TESTS_FOLDER)], baselines: join(project.root, USER_BASELINES_FILE) };
}
