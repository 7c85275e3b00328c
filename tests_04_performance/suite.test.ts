// The resource catalogue, checked cheaply: every test file loads, exports
// run(identifier) and measures its identifiers (with a recording stand-in for
// measure, so setup and teardown run but no workload does), and every
// identifier has its limits in .ci/limits.env, with a comment in the test
// for any remaining allocations it is allowed.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

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

function limitsEnv(): Map<string, number> {
  const limits = new Map<string, number>();
  for (const line of readFileSync(join(here, '..', '.ci', 'limits.env'), 'utf8').split('\n')) {
    const match = /^([A-Za-z0-9_]+)=(\d+)$/.exec(line.trim());
    if (match) limits.set(match[1]!, Number(match[2]));
  }
  return limits;
}

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
      for (const id of ids) expect(id === fileIdentifier || id.startsWith(fileIdentifier + '_'), `${id} extends ${fileIdentifier}`).toBe(true);
      identifiersByFile.set(name, ids);
    }
    expect(new Set(measured).size, 'identifiers are unique').toBe(measured.length);
    expect(measured.length).toBeGreaterThanOrEqual(40);
  }, 60_000);

  it('gives every identifier its limits, and explains in the test any remaining allocations allowed', () => {
    const limits = limitsEnv();
    expect(identifiersByFile.size).toBe(testFiles.length);
    for (const [file, ids] of identifiersByFile) {
      const source = readFileSync(join(resourcesDir, file), 'utf8');
      for (const id of ids) {
        const name = id.replace(/^test_/, '');
        for (const variable of ['MAX_ALLOCS_ALLOWED_', 'MAX_ALLOCATED_BYTES_ALLOWED_', 'MAX_REMAINING_ALLOCS_ALLOWED_']) {
          expect(limits.has(variable + name), `${variable}${name} in .ci/limits.env`).toBe(true);
        }
        if ((limits.get('MAX_REMAINING_ALLOCS_ALLOWED_' + name) ?? 0) > 0) {
          expect(source, `${file} says what stays alive for ${id}`).toMatch(/^\/\/ Remaining allocations/m);
        }
      }
    }
  });
});
