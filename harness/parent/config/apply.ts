// A configuration turned into what the runner uses: defaults for its options
// (the command line wins) and the project's tests and baselines file.
import { resolve } from 'node:path';
import type { RunnerOptions } from '../cli/option-table.js';
import { type Project, type ProjectDefaults, projectDefaults } from '../project/project.js';
import type { Config } from './schema.js';

/** The options the configuration sets, by RunnerOptions field; those it leaves out keep the table's defaults. */
export function optionDefaults(config: Config): Partial<RunnerOptions> {
  const set: Partial<RunnerOptions> = {};
  if (config.runs !== undefined) set.measuredRuns = config.runs;
  if (config.warmup !== undefined) set.warmupRuns = config.warmup;
  if (config.jobs !== undefined) set.jobs = config.jobs;
  if (config.timeout !== undefined) set.timeoutSeconds = config.timeout;
  if (config.tolerance?.percent !== undefined) set.tolerancePercent = config.tolerance.percent;
  if (config.tolerance?.minimum !== undefined) set.toleranceMinimum = config.tolerance.minimum;
  if (config.tolerance?.remaining !== undefined) set.remainingTolerance = config.tolerance.remaining;
  return set;
}

/** The project's tests and baselines file: the configuration's, relative to the project's root, else the defaults. */
export function configuredDefaults(project: Project, config: Config): ProjectDefaults {
  const defaults = projectDefaults(project);
  const tests = config.tests === undefined ? undefined : [config.tests].flat();
  return {
    tests: tests?.map((entry) => resolve(project.root, entry)) ?? defaults.tests,
    baselines: config.baselines === undefined ? defaults.baselines : resolve(project.root, config.baselines),
  };
}
