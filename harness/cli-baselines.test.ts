// End to end: limits from baselines.json, --update-baselines, improvements.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Baselines, baselinesSchema } from './parent/limits/baselines.js';
import { fixture, runRunner } from './test-support.js';

const key = `node-${process.versions.node.split('.')[0]}`;
// test_plain_js.mjs allocates 10 temporaries of 48 bytes and keeps none.
const exact = {
  total_allocations: 10,
  total_allocated_bytes: 480,
  remaining_allocations: 0,
  total_native_allocations: 0,
  total_native_allocated_bytes: 0,
  remaining_native_allocations: 0,
  leaked_fds: 0,
  leaked_handles: 0,
};
// What --update-baselines makes of those limits: native allocations get headroom; advisory
// metrics (native bytes and remaining, metrics.ts) keep whatever limit they had.
const asUpdated = { ...exact, total_native_allocations: 50 };

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alloc-counter-cli-baselines-'));
  path = join(dir, 'baselines.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeBaselines(limits: Record<string, Record<string, number>>, extra: Baselines['runtimes'] = {}): string {
  const baselines: Baselines = {
    schemaVersion: 1,
    runtimes: {
      ...extra,
      [key]: { node: process.version, v8: process.versions.v8, updatedAt: '2026-01-01T00:00:00.000Z', limits },
    },
  };
  const text = `${JSON.stringify(baselines, null, 2)}\n`;
  writeFileSync(path, text);
  return text;
}

describe('limits from baselines.json', () => {
  it('passes within the file limits and fails over them', async () => {
    writeBaselines({ plain_js: exact });
    expect((await runRunner([fixture('test_plain_js.mjs')], { baselines: path })).exitCode).toBe(0);
    writeBaselines({ plain_js: { ...exact, total_allocations: 9 } });
    const over = await runRunner([fixture('test_plain_js.mjs')], { baselines: path });
    expect(over.stdout).toMatch(
      new RegExp(
        `FAILED: test_plain_js\\.total_allocations: 10 > 9 allowed \\(\\+11\\.1%; .*baselines\\.json ${key}\\)`,
      ),
    );
    expect(over.exitCode).toBe(1);
  });

  it('lets an env var override the file for one run', async () => {
    writeBaselines({ plain_js: { ...exact, total_allocations: 9 } });
    const result = await runRunner([fixture('test_plain_js.mjs')], {
      baselines: path,
      env: { MAX_ALLOCS_ALLOWED_plain_js: '10' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.report?.files[0]?.identifiers[0]?.verdicts[0]?.limit).toEqual({
      value: 10,
      source: 'MAX_ALLOCS_ALLOWED_plain_js',
      kind: 'env',
    });
  });

  it('fails an identifier with no limit for this Node, saying how to add it, unless --allow-missing', async () => {
    writeBaselines({ someone_else: exact });
    const missing = await runRunner([fixture('test_plain_js.mjs')], { baselines: path });
    expect(missing.stdout).toMatch(
      new RegExp(
        `FAILED: test_plain_js: no limit for total_allocations, total_allocated_bytes, total_native_allocations in .*baselines\\.json \\(${key}\\): add them with \\./run-alloc-counter-tests\\.sh --update-baselines harness/fixtures/test_plain_js\\.mjs`,
      ),
    );
    expect(missing.exitCode).toBe(1);
    expect((await runRunner(['--allow-missing', fixture('test_plain_js.mjs')], { baselines: path })).exitCode).toBe(0);
  });

  it('rejects a malformed file with exit 2 and one line naming the file and the JSON path', async () => {
    writeFileSync(
      path,
      JSON.stringify({
        schemaVersion: 1,
        runtimes: { [key]: { node: 'v', v8: 'x', updatedAt: 't', limits: { plain_js: { total_allocs: 1 } } } },
      }),
    );
    const result = await runRunner([fixture('test_plain_js.mjs')], { baselines: path });
    expect(result.stderr.trim()).toMatch(
      new RegExp(
        `^alloc-counter: .*baselines\\.json: at runtimes\\.${key}\\.limits\\.plain_js: .*unknown field "total_allocs"$`,
      ),
    );
    expect(result.exitCode).toBe(2);
  });
});

describe('improvements', () => {
  it('exits 3 when a figure is well below its limit, with the command that lowers it', async () => {
    writeBaselines({ plain_js: { ...exact, total_allocations: 500 } });
    const result = await runRunner([fixture('test_plain_js.mjs')], { baselines: path });
    expect(result.stdout).toMatch(
      /IMPROVED: test_plain_js\.total_allocations: 10 < 500 allowed \(-98\.0%; .*\): lower it with \.\/run-alloc-counter-tests\.sh --update-baselines harness\/fixtures\/test_plain_js\.mjs/,
    );
    expect(result.exitCode).toBe(3);
    expect(
      (await runRunner(['--allow-improvements', fixture('test_plain_js.mjs')], { baselines: path })).exitCode,
    ).toBe(0);
  });

  it('does not call a count within the tolerance an improvement', async () => {
    // 10 is 40 below 50: under the default minimum of 50.
    writeBaselines({ plain_js: { ...exact, total_allocations: 50 } });
    expect((await runRunner([fixture('test_plain_js.mjs')], { baselines: path })).exitCode).toBe(0);
  });

  it('treats remaining allocations with a tolerance of 4 objects by default, exactly with --remaining-tolerance 0', async () => {
    writeBaselines({ plain_js: { ...exact, remaining_allocations: 1 } });
    expect((await runRunner([fixture('test_plain_js.mjs')], { baselines: path })).exitCode).toBe(0);
    const strict = await runRunner(['--remaining-tolerance', '0', fixture('test_plain_js.mjs')], { baselines: path });
    expect(strict.stdout).toContain('IMPROVED: test_plain_js.remaining_allocations: 0 < 1 allowed');
    expect(strict.exitCode).toBe(3);
    writeBaselines({ plain_js: { ...exact, remaining_allocations: 5 } });
    const loose = await runRunner([fixture('test_plain_js.mjs')], { baselines: path });
    expect(loose.stdout).toContain('IMPROVED: test_plain_js.remaining_allocations: 0 < 5 allowed');
    expect(loose.exitCode).toBe(3);
  });
});

describe('--update-baselines', () => {
  it('writes only the measured identifiers for this Node, keeps the others, and prints old -> new', async () => {
    const other = {
      node: 'v24.0.0',
      v8: '13',
      updatedAt: '2026-01-01T00:00:00.000Z',
      limits: { plain_js: { total_allocations: 1 } },
    };
    writeBaselines(
      { plain_js: { ...exact, total_allocations: 99 }, kept_elsewhere: { total_allocations: 7 } },
      { 'node-99': other },
    );
    const result = await runRunner(['--update-baselines', fixture('test_plain_js.mjs')], { baselines: path });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/plain_js\.total_allocations\s+99 -> 10\s+\(-89\.9%\)/);
    const written = baselinesSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    expect(written.runtimes[key]!.limits).toEqual({ kept_elsewhere: { total_allocations: 7 }, plain_js: asUpdated });
    expect(written.runtimes['node-99']).toEqual(other);
    expect(written.runtimes[key]!.node).toBe(process.version);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('writes nothing when nothing changed', async () => {
    const before = writeBaselines({ plain_js: asUpdated });
    const result = await runRunner(['--update-baselines', fixture('test_plain_js.mjs')], { baselines: path });
    expect(result.stdout).toContain('baselines.json unchanged');
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('writes nothing when any file failed to run', async () => {
    const before = writeBaselines({ plain_js: { ...exact, total_allocations: 99 } });
    const result = await runRunner(['--update-baselines', fixture('test_plain_js.mjs'), fixture('test_throws.ts')], {
      baselines: path,
    });
    expect(result.stdout).toMatch(
      /baselines\.json not updated: 1 test files failed to run \(harness\/fixtures\/test_throws\.ts\)/,
    );
    expect(result.exitCode).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('with --processes 2, counts each file and identifier once in the summary', async () => {
    writeBaselines({});
    const result = await runRunner(['--update-baselines', '--processes', '2', fixture('test_plain_js.mjs')], {
      baselines: path,
    });
    expect(result.stdout).toContain('== process run 2 of 2');
    // The agreement across the processes, as --repeat 2 prints it.
    expect(result.stdout).toContain('== determinism: every file in 2 separate processes');
    expect(result.stdout).toMatch(/^determinism: every figure of 1 identifiers agrees in 2 of 2 processes/m);
    expect(result.stdout).toMatch(/^files: 1, identifiers: 1, /m);
    expect(result.stdout).toContain('alloc-counter: 1 passed, 0 failed');
    expect(result.report?.summary).toMatchObject({ files: 1, identifiers: 1 });
    expect(result.exitCode).toBe(0);
    const written = baselinesSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).runtimes[key]!.limits.plain_js;
    expect(written).toMatchObject({ total_allocations: 10, total_allocated_bytes: 480 });
  });
  // kill -9 during an update and two updates at once: rows of fault-table.test.ts.
});
