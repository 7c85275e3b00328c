import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunMessage } from '../../protocol.js';
import { runFileNameProblem, runFilePaths, trustedRuns } from './run-files.js';

describe('runFileNameProblem', () => {
  const work = '/tmp/.alloc_counter_x';
  it("accepts only this child's file of this run and kind, directly in the work folder", () => {
    expect(runFileNameProblem(`${work}/test_a.42.run3.heapsnapshot`, work, 42, 3, 'snapshot')).toBeNull();
    expect(runFileNameProblem(`${work}/test_a.42.run3.totals.allocprofile`, work, 42, 3, 'totals')).toBeNull();
    expect(runFileNameProblem(`${work}/test_a.42.run3.remaining.allocprofile`, work, 42, 3, 'remaining')).toBeNull();
    expect(runFileNameProblem('/etc/passwd', work, 42, 3, 'snapshot')).toMatch(
      /^a snapshot outside the run's work folder/,
    );
    expect(runFileNameProblem('/etc/passwd', work, 42, 3, 'totals')).toMatch(/^a totals profile outside/);
    expect(runFileNameProblem(`${work}/../x.42.run3.heapsnapshot`, work, 42, 3, 'snapshot')).toMatch(/outside/);
    expect(runFileNameProblem(`${work}/sub/x.42.run3.heapsnapshot`, work, 42, 3, 'snapshot')).toMatch(/outside/);
    expect(runFileNameProblem(`${work}/test_a.43.run3.heapsnapshot`, work, 42, 3, 'snapshot')).toMatch(
      /not named for child 42/,
    );
    expect(runFileNameProblem(`${work}/test_a.42.run2.heapsnapshot`, work, 42, 3, 'snapshot')).toMatch(/run 3/);
    // A profile named as another kind is refused: the parent reads each file as what it is named.
    expect(runFileNameProblem(`${work}/test_a.42.run3.remaining.allocprofile`, work, 42, 3, 'totals')).toMatch(
      /not named/,
    );
  });
});

describe('trustedRuns', () => {
  const work = mkdtempSync(join(tmpdir(), 'run-files-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const run = (files: RunMessage['files'], index = 0): RunMessage => ({
    type: 'run',
    identifier: 'test_a',
    index,
    files,
    operations: null,
    durationMs: 1,
    leakedFds: [],
    leakedHandles: [],
  });
  const totals = join(work, 'test_a.7.run0.totals.allocprofile');
  const remaining = join(work, 'test_a.7.run0.remaining.allocprofile');
  writeFileSync(totals, '{}');
  writeFileSync(remaining, '{}');

  it('keeps runs whose files are all regular files of this child, and lists them for removal', () => {
    const ok = run({ totals, remaining, snapshot: null });
    expect(trustedRuns([ok, run(null, 1)], work, 7)).toEqual({ runs: [ok, run(null, 1)], failure: null });
    expect(runFilePaths(ok)).toEqual([totals, remaining]);
  });

  it('drops a run with one lying file and names it as the protocol failure', () => {
    const link = join(work, 'test_a.7.run0.heapsnapshot');
    symlinkSync('/etc/passwd', link);
    const lie = run({ totals, remaining, snapshot: link });
    const { runs, failure } = trustedRuns([lie], work, 7);
    expect(runs).toEqual([]);
    expect(failure?.message).toBe(`the channel named not a regular file: ${link}`);
    expect(trustedRuns([run({ totals, remaining, snapshot: null })], work, null).failure?.message).toBe(
      'the channel named files from a child without a pid',
    );
  });
});
