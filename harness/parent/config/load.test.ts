import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRunnerOptions } from '../cli/options.js';
import { UsageError } from '../errors.js';
import type { Project } from '../project/project.js';
import { configuredDefaults, optionDefaults } from './apply.js';
import { loadConfig } from './load.js';

let dir: string;
let project: Project;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alloc-counter-config-'));
  writeFileSync(join(dir, 'package.json'), '{ "name": "app" }');
  project = { root: dir, cwd: dir, own: false, command: 'npx alloc-counter' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function problem(): Promise<string> {
  try {
    await loadConfig(project);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig', () => {
  it('is empty without a configuration', async () => {
    expect(await loadConfig(project)).toEqual({ source: null, config: {} });
  });

  it('reads .json, .mjs, .ts and package.json\'s "alloc-counter" key alike', async () => {
    const config = { tests: ['perf/', 'bench/**/test_*.ts'], runs: 5, tolerance: { remaining: 0 } };
    writeFileSync(join(dir, 'alloc-counter.config.json'), JSON.stringify(config));
    expect(await loadConfig(project)).toEqual({ source: 'alloc-counter.config.json', config });
    rmSync(join(dir, 'alloc-counter.config.json'));
    writeFileSync(join(dir, 'alloc-counter.config.mjs'), `export default ${JSON.stringify(config)};`);
    expect((await loadConfig(project)).config).toEqual(config);
    rmSync(join(dir, 'alloc-counter.config.mjs'));
    writeFileSync(
      join(dir, 'alloc-counter.config.ts'),
      `const runs: number = 5;\nexport default { tests: ['perf/', 'bench/**/test_*.ts'], runs, tolerance: { remaining: 0 } };`,
    );
    expect((await loadConfig(project)).config).toEqual(config);
    rmSync(join(dir, 'alloc-counter.config.ts'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', 'alloc-counter': config }));
    expect(await loadConfig(project)).toEqual({ source: 'package.json "alloc-counter"', config });
  });

  it('refuses bad content with one line naming the file and the field', async () => {
    writeFileSync(join(dir, 'alloc-counter.config.json'), '{ "runs": 0 }');
    expect(await problem()).toMatch(/^alloc-counter.config.json: at runs: Too small: expected number to be >=1$/);
    writeFileSync(join(dir, 'alloc-counter.config.json'), '{ "run": 3 }');
    expect(await problem()).toMatch(
      /^alloc-counter.config.json: at \(top level\): Unrecognized key: "run" \(known: tests, /,
    );
    writeFileSync(join(dir, 'alloc-counter.config.json'), '{ "runs": ');
    expect(await problem()).toMatch(/^alloc-counter.config.json: cannot be read: /);
    expect((await problem()).includes('\n')).toBe(false);
  });

  it('refuses two configurations at once', async () => {
    writeFileSync(join(dir, 'alloc-counter.config.json'), '{}');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', 'alloc-counter': {} }));
    expect(await problem()).toBe(
      'two configurations: alloc-counter.config.json and package.json "alloc-counter"; keep one',
    );
  });
});

describe('applying a configuration', () => {
  it('sets option defaults that the command line overrides', () => {
    const defaults = optionDefaults({
      runs: 5,
      warmup: 1,
      jobs: 1,
      timeout: 30,
      tolerance: { percent: 5, minimum: 10 },
    });
    const options = parseRunnerOptions(['--runs', '2'], defaults);
    expect(options).toMatchObject({ measuredRuns: 2, warmupRuns: 1, jobs: 1, timeoutSeconds: 30, tolerancePercent: 5 });
    expect(options.toleranceMinimum).toBe(10);
  });

  it("resolves tests and the baselines file against the project's root", () => {
    expect(configuredDefaults(project, { tests: 'perf', baselines: 'limits/alloc.json' })).toEqual({
      tests: [join(dir, 'perf')],
      baselines: join(dir, 'limits', 'alloc.json'),
    });
  });
});
