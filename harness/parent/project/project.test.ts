import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { packageRoot } from './paths.js';
import { findProject, projectDefaults, shownPath } from './project.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alloc-counter-project-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('findProject', () => {
  it('takes the nearest package.json above where the user stands, and names the command they type there', () => {
    writeFileSync(join(dir, 'package.json'), '{}');
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    const project = findProject(join(dir, 'src', 'deep'), false);
    expect(project).toEqual({ root: dir, cwd: join(dir, 'src', 'deep'), own: false, command: 'npx alloc-counter' });
    expect(projectDefaults(project)).toEqual({
      tests: [join(dir, 'perf')],
      baselines: join(dir, 'alloc-counter.baselines.json'),
    });
    expect(shownPath(project, join(dir, 'perf', 'test_a.ts'))).toBe('../../perf/test_a.ts');
  });

  it('refuses a folder with no package.json above it, saying what to do', () => {
    // The temp folder has none above it on a normal machine; skip where one does.
    const root = findProjectRootOrNull(dir);
    if (root !== null) return;
    expect(() => findProject(dir, false)).toThrow(UsageError);
    expect(() => findProject(dir, false)).toThrow(/no package.json in .* or any folder above it: run 'npm init -y'/);
  });

  it("is alloc-counter's own repo through its script, from any folder: its suite, its baselines.json, the script's path", () => {
    const own = findProject(packageRoot, true);
    expect(own).toMatchObject({ root: packageRoot, own: true, command: './run-alloc-counter-tests.sh' });
    expect(projectDefaults(own).baselines).toBe(join(packageRoot, 'baselines.json'));
    expect(findProject(join(packageRoot, 'harness'), true).command).toBe('../run-alloc-counter-tests.sh');
  });
});

function findProjectRootOrNull(from: string): string | null {
  try {
    return findProject(from, false).root;
  } catch {
    return null;
  }
}
