// The resource catalogue, checked cheaply: every test file loads, exports
// run(identifier) and measures its identifiers (with a recording stand-in for
// measure, so setup and teardown run but no workload does), and every
// identifier has its limits in baselines.json for every Node major the
// project supports, with a comment in the test for any remaining
// allocations it is allowed.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { isAdvisoryMetric, METRIC_NAMES } from '../harness/metrics.js';
import { readBaselines } from '../harness/parent/limits/baselines.js';

const measured: string[] = [];
vi.mock('alloc-counter', () => ({
  measure: async (identifier: string, workload: unknown): Promise<void> => {
    if (typeof workload !== 'function') throw new Error(`${identifier}: the workload is not a function`);
    measured.push(identifier);
  },
}));

const here = dirname(fileURLToPath(import.meta.url));
const resourcesDir = join(here, 'test_01_resources');
const testFiles = readdirSync(resourcesDir)
  .filter((name) => /^test_.*\.ts$/.test(name))
  .sort();

/** The Node majors whose limits baselines.json must hold (.ci/run runs each). */
const RUNTIME_KEYS = ['node-20', 'node-22', 'node-24', 'node-26'];

describe('the resource catalogue (tests_04_performance/test_01_resources)', () => {
  const identifiersByFile = new Map<string, string[]>();

  it('has test files that export run(identifier) and measure at least 40 identifiers in all', async () => {
    for (const name of testFiles) {
      const module = (await import(pathToFileURL(join(resourcesDir, name)).href)) as { run?: unknown };
      expect(typeof module.run, `${name} exports run`).toBe('function');
      const before = measured.length;
      const fileIdentifier = basename(name, '.ts');
      await (module.run as (identifier: string) => Promise<void>)(fileIdentifier);
      const ids = measured.slice(before);
      expect(ids.length, `${name} measures at least one identifier`).toBeGreaterThan(0);
      for (const id of ids)
        expect(id === fileIdentifier || id.startsWith(fileIdentifier + '_'), `${id} extends ${fileIdentifier}`).toBe(
          true,
        );
      identifiersByFile.set(name, ids);
    }
    expect(new Set(measured).size, 'identifiers are unique').toBe(measured.length);
    expect(measured.length).toBeGreaterThanOrEqual(40);
  }, 60_000);

  it('gives every identifier its limits for every Node major, and explains in the test any remaining allocations allowed', () => {
    const baselines = readBaselines(join(here, '..', 'baselines.json'));
    expect(identifiersByFile.size).toBe(testFiles.length);
    for (const [file, ids] of identifiersByFile) {
      const source = readFileSync(join(resourcesDir, file), 'utf8');
      for (const id of ids) {
        const name = id.replace(/^test_/, '');
        for (const key of RUNTIME_KEYS) {
          const limits = baselines.runtimes[key]?.limits[name];
          for (const metric of METRIC_NAMES.filter((m) => !isAdvisoryMetric(m))) {
            expect(limits?.[metric], `baselines.json ${key} ${name}.${metric}`).toBeTypeOf('number');
          }
          if ((limits?.remaining_allocations ?? 0) > 0) {
            expect(source, `${file} says what stays alive for ${id}`).toMatch(/^\/\/ Remaining allocations/m);
          }
        }
      }
    }
  });
});
