// One fault case: what it does to the runner, and what it found. A case is handled when the exit
// and the line that names the fault are the expected ones and every check of its own held.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../parent/project/paths.js';
import { cleanEnv, type RunnerResult, runRunner } from '../test-support.js';

export interface CaseContext {
  /** The case's own folder, under the package (test files in it import alloc-counter); removed after. */
  dir: string;
  /** The marker variable every process of this case inherits (processes.ts). */
  env: Record<string, string>;
}

export interface Tried {
  /** The runner's exit code, or the signal that ended it. */
  exit: number | string;
  /** The line that names the fault, as printed (markdown.ts normalises it). */
  line: string;
  /** Checks of the case's own that failed, one sentence each (empty: all held). */
  problems: string[];
  /** For cases with a baselines file: whether it ended whole (the old file or a valid new one). */
  baselines?: 'intact' | 'corrupted';
}

export interface NotTried {
  notTried: string;
}

export interface FaultCase {
  /** Markdown: the case column of the README table. */
  name: string;
  exit: number | string;
  line: RegExp;
  run(context: CaseContext): Promise<Tried | NotTried>;
}

export const quick = ['-j', '1', '--runs', '1', '--warmup', '0'];
export const cli = join(packageRoot, 'dist', 'harness', 'cli.js');
export const nodeKey = `node-${process.versions.node.split('.')[0]}`;

/**
 * The line a run's outcome is read from: exit 2, the one line on stderr (more is a problem);
 * exit 1, the first FAILED line; otherwise the last line on stdout (the summary).
 */
export function lineOf(result: Pick<RunnerResult, 'exitCode' | 'stdout' | 'stderr'>): {
  line: string;
  problems: string[];
} {
  if (result.exitCode === 2) {
    const lines = result.stderr.trim().split('\n');
    return { line: lines[0] ?? '', problems: lines.length === 1 ? [] : [`${lines.length} lines on stderr, not one`] };
  }
  const stdout = result.stdout.split('\n');
  if (result.exitCode === 1)
    return { line: stdout.find((l) => l.startsWith('FAILED: ')) ?? '(no FAILED line)', problems: [] };
  return { line: stdout.filter((l) => l.trim() !== '').at(-1) ?? '', problems: [] };
}

/** The runner as a user runs it (run-alloc-counter-tests.sh), with the case's marker. */
export async function runAsUser(
  context: CaseContext,
  args: string[],
  settings: { env?: Record<string, string>; baselines?: string } = {},
): Promise<RunnerResult> {
  return runRunner(args, { env: { ...context.env, ...settings.env }, baselines: settings.baselines });
}

/** The runner started in the background (node dist/harness/cli.js, so that a signal reaches it), with the case's marker. */
export function startRunner(context: CaseContext, args: string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [cli, ...args], {
    reject: false,
    env: { ...cleanEnv(), ...context.env, ...env },
    extendEnv: false,
    cwd: packageRoot,
  });
}

/** The file's text, or null when there is none. */
export function textOf(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
