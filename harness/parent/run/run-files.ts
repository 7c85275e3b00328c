// A child's 'run' message names the files the parent will read and then
// delete: the run's two counting profiles and, when asked for, its heap
// snapshot. A test can write to the channel too, so the parent trusts a path
// only as the child's own: a regular file (not a symlink) directly in the
// run's work folder, named with this child's pid, the run's index and its kind.
import { lstatSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { RunMessage } from '../../protocol.js';
import type { ChildFailure } from './child-failure.js';

/** A run's file kinds and the ends of their names (child/measure.ts runFiles). */
const SUFFIXES = {
  totals: 'totals.allocprofile',
  remaining: 'remaining.allocprofile',
  snapshot: 'heapsnapshot',
} as const;
export type RunFileKind = keyof typeof SUFFIXES;

/** Why `path` is not this child's file of run `index`, or null when it is (pure). */
export function runFileNameProblem(
  path: string,
  workDir: string,
  childPid: number,
  index: number,
  kind: RunFileKind = 'snapshot',
): string | null {
  const what = kind === 'snapshot' ? 'a snapshot' : `a ${kind} profile`;
  if (dirname(resolve(path)) !== resolve(workDir)) return `${what} outside the run's work folder: ${path}`;
  if (!basename(path).endsWith(`.${childPid}.run${index}.${SUFFIXES[kind]}`)) {
    return `${what} not named for child ${childPid}, run ${index}: ${path}`;
  }
  return null;
}

function fileProblem(path: string, workDir: string, childPid: number, index: number, kind: RunFileKind): string | null {
  const named = runFileNameProblem(path, workDir, childPid, index, kind);
  if (named !== null) return named;
  return lstatSync(path, { throwIfNoEntry: false })?.isFile() === true ? null : `not a regular file: ${path}`;
}

function runProblem(run: RunMessage, workDir: string, childPid: number | null): string | null {
  if (run.files === null) return null;
  if (childPid === null) return 'files from a child without a pid';
  for (const kind of ['totals', 'remaining', 'snapshot'] as const) {
    const path = run.files[kind];
    const problem = path === null ? null : fileProblem(path, workDir, childPid, run.index, kind);
    if (problem !== null) return problem;
  }
  return null;
}

/** The runs whose files the parent may read and remove; a lie is the file's protocol failure. */
export function trustedRuns(
  runs: RunMessage[],
  workDir: string,
  childPid: number | null,
): { runs: RunMessage[]; failure: ChildFailure | null } {
  let failure: ChildFailure | null = null;
  const trusted = runs.filter((run) => {
    const problem = runProblem(run, workDir, childPid);
    if (problem !== null)
      failure ??= { kind: 'protocol', phase: null, message: `the channel named ${problem}`, stack: null };
    return problem === null;
  });
  return { runs: trusted, failure };
}

/** Every file a run names, to remove after reading. */
export function runFilePaths(run: RunMessage): string[] {
  if (run.files === null) return [];
  const { totals, remaining, snapshot } = run.files;
  return [totals, remaining, snapshot].filter((path): path is string => path !== null);
}
