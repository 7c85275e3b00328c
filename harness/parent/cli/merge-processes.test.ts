import { describe, expect, it } from 'vitest';
import { DEFAULT_HEADROOM } from '../limits/baselines.js';
import { DEFAULT_TOLERANCE, type Verdict } from '../limits/check.js';
import { countResults, identifierFailed, type ReportContext } from '../report/text.js';
import type { FileResult, IdentifierResult } from '../run/suite.js';
import { mergeProcesses } from './merge-processes.js';

const context: ReportContext = {
  allowMissing: false,
  allowImprovements: false,
  baselinesLabel: 'baselines.json',
  command: './run-alloc-counter-tests.sh',
  runtimeKey: 'node-24',
  releaseWarning: null,
  headroom: DEFAULT_HEADROOM,
  policy: { headroom: DEFAULT_HEADROOM, tolerance: DEFAULT_TOLERANCE, remainingTolerance: 4 },
};

function identifier(name: string, status: Verdict['status'] = 'pass'): IdentifierResult {
  const verdict: Verdict = { metric: 'total_allocations', value: 10, limit: null, status };
  return { identifier: name, verdicts: [verdict] } as IdentifierResult;
}

function file(name: string, identifiers: IdentifierResult[], failed = false): FileResult {
  const failure = failed ? { kind: 'crash' as const, phase: null, message: 'killed', stack: null } : null;
  return { file: `/suite/${name}`, displayName: name, identifiers, failure } as FileResult;
}

/** The summary counts of the merged processes. */
const countOver = (processes: FileResult[][]) =>
  countResults(
    mergeProcesses(processes, (id) => identifierFailed(id, context)),
    context,
  );

describe('mergeProcesses', () => {
  it('counts each file and identifier once over processes', () => {
    const once = [file('test_a.ts', [identifier('test_a1'), identifier('test_a2')]), file('test_b.ts', [])];
    const counts = countOver([once, once, once]);
    expect(counts).toEqual({ files: 2, identifiers: 2, passed: 2, failed: 0, improved: 0 });
  });

  it('gives what countResults gives for one process', () => {
    const results = [file('test_a.ts', [identifier('test_a1', 'fail'), identifier('test_a2')], true)];
    expect(countOver([results])).toEqual(countResults(results, context));
  });

  it('counts an identifier as failed when it failed in any process', () => {
    const passing = [file('test_a.ts', [identifier('test_a1'), identifier('test_a2')])];
    const failing = [file('test_a.ts', [identifier('test_a1'), identifier('test_a2', 'fail')])];
    expect(countOver([passing, failing, passing])).toMatchObject({ identifiers: 2, passed: 1, failed: 1 });
  });

  it('fails every identifier of a file that failed in any process, also those measured in only some', () => {
    const crashed = [file('test_a.ts', [identifier('test_a1')], true)];
    const whole = [file('test_a.ts', [identifier('test_a1'), identifier('test_a2')])];
    expect(countOver([whole, crashed])).toEqual({ files: 1, identifiers: 2, passed: 0, failed: 2, improved: 0 });
    expect(countOver([crashed, whole])).toEqual({ files: 1, identifiers: 2, passed: 0, failed: 2, improved: 0 });
  });

  it('keeps the files in the order of the first process', () => {
    const merged = mergeProcesses(
      [
        [file('test_a.ts', []), file('test_b.ts', [])],
        [file('test_a.ts', []), file('test_b.ts', [])],
      ],
      () => false,
    );
    expect(merged.map((r) => r.displayName)).toEqual(['test_a.ts', 'test_b.ts']);
  });
});
