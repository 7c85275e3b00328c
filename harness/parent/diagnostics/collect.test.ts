// The reported run's snapshot, held from addRun to finish() or read again in
// finish(): the diagnostics must be the same either way.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runRunner } from '../../test-support.js';
import { harnessScriptMatcher } from '../figures/heap-snapshot.js';
import { compiledHarnessDir } from '../project/paths.js';
import { HOLD_PARSED_SNAPSHOT_BELOW_BYTES, IdentifierDiagnosticsCollector, type RunFiles } from './collect.js';
import { SourceLocator } from './locations.js';

const scratch = mkdtempSync(join(tmpdir(), 'alloc-counter-collect-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let snapshots: string[] = [];

beforeAll(async () => {
  const result = await runRunner(['--keep-snapshots', '-t', scratch, fixture('test_leak.ts')]);
  // The leak fails its limit (exit 1); its snapshots are what this needs.
  expect(result.exitCode).toBeLessThanOrEqual(1);
  const [workDir] = readdirSync(scratch).filter((name) => name.startsWith('.alloc_counter_'));
  snapshots = readdirSync(join(scratch, workDir!))
    .filter((name) => name.endsWith('.heapsnapshot'))
    .sort()
    .map((name) => join(scratch, workDir!, name));
}, 120_000);

function diagnosticsWith(size: number) {
  const collector = new IdentifierDiagnosticsCollector(
    'test_leak',
    harnessScriptMatcher(compiledHarnessDir),
    new SourceLocator(process.cwd()),
    { explain: true, profile: null },
    () => size,
  );
  const figures = snapshots.map((snapshot, index) => {
    const files: RunFiles = { totals: null, remaining: null, snapshot };
    return collector.addRun(index, files);
  });
  return { figures, diagnostics: collector.finish(false) };
}

describe('IdentifierDiagnosticsCollector', () => {
  it('gives the same figures, remaining groups and retainer paths whether the snapshot is held or read again', () => {
    expect(snapshots).toHaveLength(3);
    const held = diagnosticsWith(0);
    const reread = diagnosticsWith(HOLD_PARSED_SNAPSHOT_BELOW_BYTES);
    expect(reread).toEqual(held);
    // Not vacuous: the leak's objects remain, with a retainer path.
    const remaining = held.diagnostics?.remaining ?? [];
    expect(remaining.length).toBeGreaterThan(0);
    expect(remaining.some((group) => group.retainerPath !== null)).toBe(true);
  });
});
