// merge-reports through mergeReportsMain, with reports on disk and its output captured.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { report, reportIdentifier, writeReport } from '../compare/fixtures/reports.js';
import { jsonReportSchema } from '../report/json.js';
import { mergeReportsMain } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function merge(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await mergeReportsMain(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function shard(name: string, index: number, failed = false): string {
  const built = report([reportIdentifier(name)]);
  built.settings.shard = { index, count: 2 };
  built.files[0]!.identifiers[0]!.verdicts = [
    { metric: 'total_allocations', value: 2, limit: null, status: failed ? 'fail' : 'pass' },
  ];
  return writeReport(dir, `${name}.json`, built);
}

describe('merge-reports', () => {
  it('writes the merged report, which parses, and exits with its exit code', async () => {
    const out = join(dir, 'merged.json');
    const result = await merge(shard('test_a', 1), shard('test_b', 2), '--json', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const merged = jsonReportSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(merged.summary).toMatchObject({ files: 2, identifiers: 2, passed: 2 });
    expect(result.stdout).toContain('alloc-counter: 2 passed, 0 failed');
    expect(result.stdout).toContain(`wrote ${out}`);
  });

  it('writes the merged run as JUnit and HTML too, each holding both shards', async () => {
    const [junit, html] = [join(dir, 'merged.xml'), join(dir, 'merged.html')];
    const result = await merge(shard('test_e', 1), shard('test_f', 2), '--junit', junit, '--html', html);
    expect(result.code).toBe(0);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites name="alloc-counter" tests="2" /);
    expect(xml).toMatch(/<testcase classname="[^"]*test_e\.ts" name="test_e"/);
    expect(xml).toMatch(/<testcase classname="[^"]*test_f\.ts" name="test_f"/);
    expect(readFileSync(html, 'utf8')).toMatch(/test_e[\s\S]*test_f/);
  });

  it('exits 1 when a shard failed, naming the identifier', async () => {
    const result = await merge(shard('test_c', 1, true), shard('test_d', 2));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAILED: test_c (test_c.ts)');
    expect(result.stdout).toContain('alloc-counter: 1 passed, 1 failed');
  });

  it('refuses with exit 2 and one line: no reports, a file that is no report, reports that do not merge', async () => {
    expect(await merge()).toMatchObject({
      code: 2,
      stderr:
        'alloc-counter merge-reports: expected the reports to merge, written by --json (see merge-reports --help)\n',
    });
    const junk = join(dir, 'junk.json');
    writeFileSync(junk, '{"tool": "x"}');
    const bad = await merge(shard('test_e', 1), junk);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^alloc-counter merge-reports: .*junk\.json: not an alloc-counter --json report at /);
    expect(bad.stderr.trim()).not.toContain('\n');
    const missing = await merge(shard('test_f', 1));
    expect(missing).toMatchObject({
      code: 2,
      stderr: 'alloc-counter merge-reports: shard 2/2 missing: give the report of every shard\n',
    });
    const a = shard('test_g', 1);
    expect((await merge(a, a)).stderr).toBe(
      `alloc-counter merge-reports: ${a} is given twice: give each report once\n`,
    );
    const interrupted = report([reportIdentifier('test_h')]);
    interrupted.interrupted = 'SIGINT';
    const stopped = writeReport(dir, 'stopped.json', interrupted);
    expect(await merge(stopped)).toEqual({
      code: 2,
      stdout: '',
      stderr: `alloc-counter merge-reports: ${stopped} is the report of a run interrupted by SIGINT: it lacks the files that did not finish; run that shard again\n`,
    });
    expect((await merge('--bogus')).stderr).toMatch(/Unknown option '--bogus'.*\(see merge-reports --help\)\n$/);
  });

  it('has its own --help', async () => {
    const result = await merge('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: .* merge-reports REPORT\.json\.\.\. \[--json OUT\.json\]/);
  });
});
