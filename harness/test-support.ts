// Shared by our own vitest tests: run the real runner as a user would.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from './parent/project/paths.js';
import { type JsonReport, jsonReportSchema } from './parent/report/json.js';

export const fixture = (name: string): string => join(packageRoot, 'harness', 'fixtures', name);
export const suiteFile = (name: string): string => join(packageRoot, 'tests_04_performance', 'test_01_resources', name);

export interface RunnerResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  report: JsonReport | null;
}

export interface RunnerSettings {
  /** Limit and other variables for this run. */
  env?: Record<string, string>;
  /**
   * The baselines file; by default an empty folder's baselines.json (none)
   * together with --allow-missing, so that only env limits and defaults apply.
   */
  baselines?: string;
}

/** Runs ./run-alloc-counter-tests.sh with args; collects a --json report. */
export async function runRunner(
  args: string[],
  settings: RunnerSettings | Record<string, string> = {},
): Promise<RunnerResult> {
  const { env = {}, baselines } = (
    'env' in settings || 'baselines' in settings ? settings : { env: settings }
  ) as RunnerSettings;
  const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-test-'));
  const reportPath = join(dir, 'report.json');
  const baselineArgs =
    baselines === undefined
      ? ['--baselines', join(dir, 'baselines.json'), '--allow-missing']
      : ['--baselines', baselines];
  try {
    const result = await execa(
      join(packageRoot, 'run-alloc-counter-tests.sh'),
      ['--json', reportPath, ...baselineArgs, ...args],
      {
        reject: false,
        env: { ...cleanEnv(), ...env },
        extendEnv: false,
        cwd: packageRoot,
      },
    );
    let report: JsonReport | null = null;
    try {
      report = jsonReportSchema.parse(JSON.parse(readFileSync(reportPath, 'utf8')));
    } catch {
      report = null;
    }
    return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr), report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The environment without limit variables a developer may have exported. */
export function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^MAX_.*_ALLOWED_/.test(key)) env[key] = value;
  }
  return env;
}

export function figuresOf(report: JsonReport | null, identifier: string): Record<string, number | null> {
  for (const file of report?.files ?? []) {
    for (const id of file.identifiers) if (id.identifier === identifier && id.figures) return id.figures;
  }
  throw new Error(`no figures for ${identifier} in the report`);
}
