// End to end: three cheap fixture files run as --shard 1/2 and 2/2 in real
// children, merged with merge-reports through the runner's entry, give what
// one unsharded run gives.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, runRunner } from '../../test-support.js';
import { packageRoot } from '../project/paths.js';
import { type JsonReport, jsonReportSchema } from '../report/json.js';

const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Three files of distinct identifiers (test_plain_js.js and .mjs share one).
const files = ['test_plain_js.mjs', 'test_extra_allocation.ts', 'test_calibration.ts'].map(fixture);
const cheap = ['--runs', '1', '--warmup', '0', '-j', '1'];
const env = { MAX_REMAINING_ALLOCS_ALLOWED_calibration_1000_kept: '1000' };

const identifiers = (report: JsonReport): string[] =>
  report.files.flatMap((file) => file.identifiers.map((id) => id.identifier)).sort();

async function shardReport(index: number): Promise<string> {
  const { report, exitCode } = await runRunner([...cheap, '--shard', `${index}/2`, ...files], env);
  expect(exitCode).toBe(0);
  expect(report?.settings.shard).toEqual({ index, count: 2 });
  // Three files in two shards: one and two.
  expect(report?.files.length).toBeGreaterThan(0);
  const path = join(dir, `shard-${index}.json`);
  writeFileSync(path, JSON.stringify(report));
  return path;
}

describe('--shard and merge-reports', () => {
  it('merge to one run: every identifier exactly once, the same counts as an unsharded run', async () => {
    const whole = (await runRunner([...cheap, ...files], env)).report!;
    const shards = [await shardReport(1), await shardReport(2)];
    const out = join(dir, 'merged.json');
    const cli = join(packageRoot, 'dist', 'harness', 'cli.js');
    const merge = await execa(process.execPath, [cli, 'merge-reports', ...shards, '--json', out], { reject: false });
    expect(merge.stderr).toBe('');
    expect(merge.exitCode).toBe(0);
    const merged = jsonReportSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(identifiers(merged)).toEqual(identifiers(whole));
    expect(new Set(identifiers(merged)).size).toBe(identifiers(merged).length);
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.exitCode).toBe(whole.exitCode);
    expect(merged.files.map((f) => f.file)).toEqual(whole.files.map((f) => f.file).sort());
  });

  it('runs nothing in an empty shard, says so, and exits 0 with a report of no files', async () => {
    // One file in three shards: the first two are empty, whatever its hash.
    const { exitCode, stdout, report } = await runRunner(['--shard', '1/3', fixture('test_plain_js.mjs')]);
    expect(stdout).toContain('shard 1/3: no test files in this shard (1 in all); nothing to run');
    expect(exitCode).toBe(0);
    expect(report).toMatchObject({ files: [], summary: { files: 0, identifiers: 0 }, exitCode: 0 });
    expect(report?.settings.shard).toEqual({ index: 1, count: 3 });
  });
});
