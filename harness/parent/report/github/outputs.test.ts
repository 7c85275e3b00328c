import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { file, identifier, report } from '../fixtures/reports.js';
import { writeGithubOutputs } from './outputs.js';

const over = identifier(
  'test_over',
  { total_allocations: [1200, 1050, 'fail'] },
  { site: { file: 'tests/test_a.ts', line: 7, column: 9 } },
);
const failed = report([file('tests/test_a.ts', [over])], {
  exitCode: 1,
  summary: { files: 1, identifiers: 1, passed: 0, failed: 1, improved: 0 },
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'github-outputs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(env: Record<string, string>, options: { packageRoot?: string } = {}): string {
  let printed = '';
  writeGithubOutputs(failed, env, { ...options, write: (text) => (printed += text) });
  return printed;
}

describe('writeGithubOutputs', () => {
  it('does nothing outside GitHub Actions', () => {
    const path = join(dir, 'summary.md');
    expect(run({ GITHUB_STEP_SUMMARY: path })).toBe('');
    expect(() => readFileSync(path)).toThrow();
  });

  it('appends the summary after what the step wrote before, and prints the annotations', () => {
    const path = join(dir, 'summary.md');
    writeFileSync(path, '# earlier step output\n');
    const printed = run({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: path });
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith('# earlier step output\n### :x: alloc-counter: 1 failed')).toBe(true);
    expect(printed).toMatch(/^::error file=tests\/test_a.ts,line=7,title=alloc-counter%3A test_over::.+\n$/);
  });

  it('gives annotation paths relative to the workspace when the package is a folder of it', () => {
    const printed = run(
      { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: '/repo' },
      { packageRoot: '/repo/packages/alloc-counter' },
    );
    expect(printed).toContain('::error file=packages/alloc-counter/tests/test_a.ts,line=7,');
  });
});
