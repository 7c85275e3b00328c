// The package as a new user gets it: npm pack of this checkout, installed into
// a scratch project (from the npm cache, or the registry), then init,
// --update-baselines, a run, a limit that fails, and vitest with the matchers.
// Install scripts are skipped (--ignore-scripts), so the addon is built on
// first use, which is the path with the most of our code in it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from './parent/project/paths.js';

let dir: string;
let project: string;
let tarball: string;
let packed: string[];

/** The environment without limit variables a developer may have exported, and without colours. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^MAX_.*_ALLOWED_|^FORCE_COLOR$|^npm_|^VITEST|^ALLOC_COUNTER_/.test(key))
      env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

const npx = (args: string[], env: Record<string, string> = {}) =>
  execa('npx', ['--no-install', ...args], { cwd: project, reject: false, env: cleanEnv(env), extendEnv: false });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'alloc-counter-pack-'));
  // --ignore-scripts: pack the dist/ that npm test's pretest built, without touching the checkout.
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: packageRoot,
  });
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(dir, info!.filename);
  packed = info!.files.map((f) => f.path);
  project = join(dir, 'scratch');
  await execa('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  const vitestVersion = (
    JSON.parse(readFileSync(join(packageRoot, 'node_modules', 'vitest', 'package.json'), 'utf8')) as { version: string }
  ).version;
  await execa(
    'npm',
    [
      'install',
      '--save-dev',
      '--ignore-scripts',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      tarball,
      `vitest@${vitestVersion}`,
    ],
    { cwd: project, env: cleanEnv(), extendEnv: false },
  );
}, 300_000);

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package in a scratch project', () => {
  it('holds what a user runs and nothing of ours: no build output, suite, own tests or fixtures', () => {
    for (const needed of [
      'dist/harness/cli.js',
      'dist/harness/index.d.ts',
      'dist/harness/vitest/index.js',
      'harness/native/binding.gyp',
      'harness/native/alloc_tracker.cc',
      'scripts/build-native.mjs',
      'scripts/fetch-node.sh',
      'README.md',
      'LICENSE',
      'package.json',
    ]) {
      expect(packed).toContain(needed);
    }
    const ours = packed.filter((path) =>
      /(^|\/)build\/|^tests_04_performance\/|fixtures\/|\.test\.|test-support|BENCHMARKS|baselines\.json$|^\.ci\//.test(
        path,
      ),
    );
    expect(ours).toEqual([]);
  });

  it('init, --update-baselines and a run exit 0 with the baselines in the project; a limit of 999 fails with exit 1', async () => {
    const init = await npx(['alloc-counter', 'init']);
    expect(init.stderr).toBe('');
    expect(init.exitCode).toBe(0);
    expect(init.stdout).toContain('npx alloc-counter --update-baselines');

    const update = await npx(['alloc-counter', '--update-baselines']);
    expect(update.stderr).toContain('building the allocation-tracking addon'); // first use: install scripts skipped
    expect(update.exitCode, update.stdout + update.stderr).toBe(0);
    const baselines = JSON.parse(readFileSync(join(project, 'alloc-counter.baselines.json'), 'utf8'));
    const key = `node-${process.versions.node.split('.')[0]}`;
    // 1000 measured, with the headroom: +0.1%, rounded up to a multiple of 50.
    expect(baselines.runtimes[key].limits.example.total_allocations).toBe(1050);
    expect(existsSync(join(project, 'node_modules', 'alloc-counter', 'baselines.json'))).toBe(false);

    const run = await npx(['alloc-counter', 'perf/']);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('== perf/test_example.ts');
    expect(run.stdout).toContain('test_example.total_allocations: 1000\n');

    const over = await npx(['alloc-counter'], { MAX_ALLOCS_ALLOWED_example: '999' });
    expect(over.exitCode).toBe(1);
    expect(over.stdout).toContain('FAILED: test_example.total_allocations: 1000 > 999 allowed');

    // A new test without limits names the command the user types and the file as they see it.
    writeFileSync(join(project, 'perf', 'test_new.ts'), readFileSync(join(project, 'perf', 'test_example.ts')));
    const missing = await npx(['alloc-counter', 'perf/test_new.ts']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toContain(
      'in alloc-counter.baselines.json (' +
        key +
        '): add them with npx alloc-counter --update-baselines perf/test_new.ts',
    );
    rmSync(join(project, 'perf', 'test_new.ts'));
  }, 600_000);

  it('vitest with allocCounter(): toAllocateExactly(1000) passes, toAllocateAtMost(999) fails naming 1000, toRetainAtMost(9) fails for 10 kept', async () => {
    writeFileSync(
      join(project, 'vitest.config.ts'),
      "import { allocCounter } from 'alloc-counter/vitest';\nimport { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ plugins: [allocCounter()], test: { include: ['*.alloc.ts'] } });\n",
    );
    writeFileSync(
      join(project, 'calibration.alloc.ts'),
      readFileSync(join(packageRoot, 'harness', 'vitest', 'fixtures', 'project', 'calibration.alloc.ts')),
    );
    const vitest = await npx(['vitest', 'run'], { CI: '' });
    expect(vitest.exitCode, vitest.stdout + vitest.stderr).toBe(0);
    expect(vitest.stdout).toMatch(/3 passed/);
  }, 900_000);

  it("toMatchAllocationBaseline: written to the project's baselines file on first run, checked after, rewritten with -u", async () => {
    writeFileSync(
      join(project, 'baseline.alloc.ts'),
      "import 'alloc-counter/vitest';\nimport { expect, it } from 'vitest';\n\nit('keeps its allocations', async () => {\n  await expect(() => {\n    let sum = 0;\n    for (let i = 0; i < 1000; i++) sum += { a: i }.a;\n    return sum;\n  }).toMatchAllocationBaseline();\n});\n",
    );
    const path = join(project, 'alloc-counter.baselines.json');
    const key = `node-${process.versions.node.split('.')[0]}`;
    const name = 'vitest_baseline_alloc_keeps_its_allocations';
    const limitOf = () => JSON.parse(readFileSync(path, 'utf8')).runtimes[key].limits[name]?.total_allocations;
    // In CI (vitest's update state 'none') a missing baseline fails, as a missing snapshot does.
    const ci = await npx(['vitest', 'run', 'baseline.alloc.ts'], { CI: 'true' });
    expect(ci.exitCode).toBe(1);
    expect(ci.stdout + ci.stderr).toContain(`no allocation baseline ${name} in alloc-counter.baselines.json (${key})`);
    const first = await npx(['vitest', 'run', 'baseline.alloc.ts'], { CI: '' });
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(limitOf()).toBe(1050);
    // The runner's own limits in the same file are kept.
    expect(JSON.parse(readFileSync(path, 'utf8')).runtimes[key].limits.example).toBeDefined();
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        /("vitest_baseline_alloc_keeps_its_allocations": \{\s*)"total_allocations": 1050/,
        '$1"total_allocations": 999',
      ),
    );
    expect(limitOf()).toBe(999);
    const over = await npx(['vitest', 'run', 'baseline.alloc.ts'], { CI: '' });
    expect(over.exitCode).toBe(1);
    expect(over.stdout + over.stderr).toContain('total_allocations 1000 (limit 999)');
    const updated = await npx(['vitest', 'run', '-u', 'baseline.alloc.ts'], { CI: '' });
    expect(updated.exitCode, updated.stdout + updated.stderr).toBe(0);
    expect(limitOf()).toBe(1050);
  }, 900_000);
});
