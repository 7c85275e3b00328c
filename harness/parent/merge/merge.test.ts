// mergeReports over reports built by hand (compare/fixtures/reports.ts).
import { describe, expect, it } from 'vitest';
import { report, reportIdentifier } from '../compare/fixtures/reports.js';
import { UsageError } from '../errors.js';
import type { JsonReport } from '../report/json.js';
import { mergeReports, type ReportInput } from './merge.js';

type Status = JsonReport['files'][number]['identifiers'][number]['verdicts'][number]['status'];

/** A report of these identifiers (one file each), as shard `index` of `count` if given. */
function shardReport(names: string[], shard?: { index: number; count: number }, statuses: Status[] = []): JsonReport {
  const built = report(names.map((name) => reportIdentifier(name)));
  built.files.forEach((file, i) => {
    const status = statuses[i] ?? 'pass';
    file.identifiers[0]!.verdicts = [{ metric: 'total_allocations', value: 1, limit: null, status }];
  });
  if (shard !== undefined) built.settings.shard = shard;
  return built;
}

const input = (path: string, built: JsonReport): ReportInput => ({ path, report: built });

function refusal(inputs: ReportInput[]): string {
  try {
    mergeReports(inputs);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('merged');
}

describe('mergeReports', () => {
  it('joins shards: files sorted, counts and exit code recomputed, earliest start, longest wall time', () => {
    const a = shardReport(['test_c', 'test_a'], { index: 1, count: 2 });
    const b = shardReport(['test_b'], { index: 2, count: 2 });
    a.startedAt = '2025-01-01T00:00:05.000Z';
    b.startedAt = '2025-01-01T00:00:01.000Z';
    a.wallTimeMs = 700;
    b.wallTimeMs = 900;
    const merged = mergeReports([input('a.json', a), input('b.json', b)]);
    expect(merged.files.map((f) => f.file.split('/').at(-1))).toEqual(['test_a.ts', 'test_b.ts', 'test_c.ts']);
    expect(merged.summary).toEqual({ files: 3, identifiers: 3, passed: 3, failed: 0, improved: 0 });
    expect(merged.exitCode).toBe(0);
    expect(merged.startedAt).toBe('2025-01-01T00:00:01.000Z');
    expect(merged.wallTimeMs).toBe(900);
    expect(merged.settings.shard).toBeUndefined();
    expect(merged.settings).toMatchObject({ allowImprovements: false, allowMissing: false });
  });

  it('exits 1 when anything failed in any report, a failed file failing its identifiers, not one more', () => {
    const a = shardReport(['test_a', 'test_b'], undefined, ['pass', 'improved']);
    const b = shardReport(['test_c'], undefined, ['fail']);
    b.files[0]!.failure = { kind: 'crash', phase: null, message: 'signal', stack: null };
    const merged = mergeReports([input('a.json', a), input('b.json', b)]);
    expect(merged.summary).toEqual({ files: 3, identifiers: 3, passed: 2, failed: 1, improved: 1 });
    expect(merged.exitCode).toBe(1);
  });

  it('exits 3 on improvements alone unless the runs allowed them', () => {
    const improved = (allow: boolean): JsonReport[] =>
      [shardReport(['test_a'], undefined, ['improved']), shardReport(['test_b'])].map((r) => {
        r.settings.allowImprovements = allow;
        return r;
      });
    const [a, b] = improved(false);
    expect(mergeReports([input('a.json', a!), input('b.json', b!)]).exitCode).toBe(3);
    const [c, d] = improved(true);
    expect(mergeReports([input('a.json', c!), input('b.json', d!)]).exitCode).toBe(0);
  });

  it('fails an identifier without a limit unless the runs had --allow-missing', () => {
    const missing = (allow: boolean): JsonReport => {
      const built = shardReport(['test_a'], undefined, ['missing']);
      built.settings.allowMissing = allow;
      return built;
    };
    expect(mergeReports([input('a.json', missing(false))]).summary.failed).toBe(1);
    expect(mergeReports([input('a.json', missing(true))]).summary.failed).toBe(0);
  });

  it('merges reports written before the settings were recorded, by the defaults', () => {
    const old = shardReport(['test_a'], undefined, ['improved']);
    delete old.settings.allowImprovements;
    delete old.settings.allowMissing;
    expect(mergeReports([input('old.json', old)]).exitCode).toBe(3);
  });

  it('refuses a file in two reports, naming it and both reports', () => {
    expect(
      refusal([input('a.json', shardReport(['test_a'])), input('b.json', shardReport(['test_b', 'test_a']))]),
    ).toBe(
      'tests_04_performance/test_01_resources/test_a.ts is in both a.json and b.json: each file must run in exactly one shard',
    );
  });

  it('refuses reports of two Node releases, two report versions or two alloc-counter versions', () => {
    const other = report([reportIdentifier('test_b')], { node: 'v24.21.0', key: 'node-24' });
    expect(refusal([input('a.json', shardReport(['test_a'])), input('b.json', other)])).toBe(
      'b.json ran Node v24.21.0 but a.json Node v20.20.2: merge reports of one Node release',
    );
    const older = shardReport(['test_b']);
    older.schemaVersion = 1;
    expect(refusal([input('a.json', shardReport(['test_a'])), input('b.json', older)])).toMatch(
      /^b\.json is a version 1 report but a\.json version 2: /,
    );
    const [mine, theirs] = [shardReport(['test_a']), shardReport(['test_b'])];
    [mine.harnessVersion, theirs.harnessVersion] = ['0.1.0', '0.2.0'];
    expect(refusal([input('a.json', mine), input('b.json', theirs)])).toBe(
      'b.json was written by alloc-counter 0.2.0 but a.json by 0.1.0: merge reports of one alloc-counter version',
    );
  });

  it('refuses the report of an interrupted run, naming it and the signal', () => {
    const stopped = shardReport(['test_b'], { index: 2, count: 2 });
    stopped.interrupted = 'SIGTERM';
    const whole = input('a.json', shardReport(['test_a'], { index: 1, count: 2 }));
    expect(refusal([whole, input('b.json', stopped)])).toBe(
      'b.json is the report of a run interrupted by SIGTERM: it lacks the files that did not finish; run that shard again',
    );
  });

  it('refuses runs with different counting options', () => {
    const fewer = shardReport(['test_b']);
    fewer.settings.measuredRuns = 1;
    expect(refusal([input('a.json', shardReport(['test_a'])), input('b.json', fewer)])).toBe(
      'b.json and a.json differ in --runs (1 vs 3): run every shard with the same options',
    );
  });

  it('refuses shards of two splits, a shard twice, and a missing shard', () => {
    const a = input('a.json', shardReport(['test_a'], { index: 1, count: 2 }));
    expect(refusal([a, input('b.json', shardReport(['test_b'], { index: 2, count: 3 }))])).toBe(
      'b.json is shard 2/3 but a.json shard 1/2: merge the shards of one --shard i/n split',
    );
    expect(refusal([a, input('b.json', shardReport(['test_b'], { index: 1, count: 2 }))])).toBe(
      'shard 1/2 is in both a.json and b.json: give each shard once',
    );
    expect(refusal([a])).toBe('shard 2/2 missing: give the report of every shard');
  });

  it('does not ask for shards when some reports are not shards', () => {
    const a = input('a.json', shardReport(['test_a'], { index: 1, count: 3 }));
    expect(mergeReports([a, input('b.json', shardReport(['test_b']))]).summary.files).toBe(2);
  });

  it('counts an empty shard as a shard', () => {
    const a = input('a.json', shardReport(['test_a'], { index: 1, count: 2 }));
    const empty = input('b.json', shardReport([], { index: 2, count: 2 }));
    expect(mergeReports([a, empty]).summary).toEqual({ files: 1, identifiers: 1, passed: 1, failed: 0, improved: 0 });
  });
});
