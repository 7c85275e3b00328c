import { describe, expect, it } from 'vitest';
import { snapshotNameProblem } from './snapshot-path.js';

describe('snapshotNameProblem', () => {
  const work = '/tmp/.alloc_counter_x';
  it("accepts only this child's snapshot of this run, directly in the work folder", () => {
    expect(snapshotNameProblem(`${work}/test_a.42.run3.heapsnapshot`, work, 42, 3)).toBeNull();
    expect(snapshotNameProblem('/etc/passwd', work, 42, 3)).toMatch(/^a snapshot outside the run's work folder/);
    expect(snapshotNameProblem(`${work}/../x.42.run3.heapsnapshot`, work, 42, 3)).toMatch(/outside/);
    expect(snapshotNameProblem(`${work}/sub/x.42.run3.heapsnapshot`, work, 42, 3)).toMatch(/outside/);
    expect(snapshotNameProblem(`${work}/test_a.43.run3.heapsnapshot`, work, 42, 3)).toMatch(/not named for child 42/);
    expect(snapshotNameProblem(`${work}/test_a.42.run2.heapsnapshot`, work, 42, 3)).toMatch(/run 3/);
  });
});
