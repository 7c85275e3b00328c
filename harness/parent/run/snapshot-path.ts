// A child's 'run' message names the heap snapshot the parent will read and
// then delete. A test can write to the channel too, so the parent trusts a
// path only as the child's own: a regular file (not a symlink) directly in
// the run's work folder, named with this child's pid and the run's index.
import { lstatSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { RunMessage } from '../../protocol.js';
import type { ChildFailure } from './child-failure.js';

/** Why `path` is not this child's snapshot of run `index`, or null when it is (pure). */
export function snapshotNameProblem(path: string, workDir: string, childPid: number, index: number): string | null {
  if (dirname(resolve(path)) !== resolve(workDir)) return `a snapshot outside the run's work folder: ${path}`;
  if (!basename(path).endsWith(`.${childPid}.run${index}.heapsnapshot`)) {
    return `a snapshot not named for child ${childPid}, run ${index}: ${path}`;
  }
  return null;
}

function snapshotProblem(path: string, workDir: string, childPid: number, index: number): string | null {
  const named = snapshotNameProblem(path, workDir, childPid, index);
  if (named !== null) return named;
  return lstatSync(path, { throwIfNoEntry: false })?.isFile() === true ? null : `not a regular file: ${path}`;
}

/** The runs whose snapshot the parent may read and remove; a lie is the file's protocol failure. */
export function trustedRuns(
  runs: RunMessage[],
  workDir: string,
  childPid: number | null,
): { runs: RunMessage[]; failure: ChildFailure | null } {
  let failure: ChildFailure | null = null;
  const trusted = runs.filter((run) => {
    if (run.snapshot === null) return true;
    const problem =
      childPid === null
        ? 'a snapshot from a child without a pid'
        : snapshotProblem(run.snapshot, workDir, childPid, run.index);
    if (problem !== null)
      failure ??= { kind: 'protocol', phase: null, message: `the channel named ${problem}`, stack: null };
    return problem === null;
  });
  return { runs: trusted, failure };
}
