import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import type { Project } from '../project/project.js';
import { initMain } from './init.js';

let dir: string;
let project: Project;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alloc-counter-init-'));
  writeFileSync(join(dir, 'package.json'), '{ "name": "app" }');
  project = { root: dir, cwd: dir, own: false, command: 'npx alloc-counter' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function init(argv: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await initMain(argv, project, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('init', () => {
  it('writes a valid configuration and an example test, and prints the next three commands', async () => {
    const { code, stdout } = await init();
    expect(code).toBe(0);
    expect((await loadConfig(project)).config).toEqual({ tests: ['perf/'], baselines: 'alloc-counter.baselines.json' });
    expect(readFileSync(join(dir, 'perf', 'test_example.ts'), 'utf8')).toContain(
      "import { measure } from 'alloc-counter';",
    );
    const next = stdout.split('Next:\n')[1]!.trim().split('\n');
    expect(next.map((line) => line.trim().split(/\s+#/)[0]!.trim())).toEqual([
      'npx alloc-counter --update-baselines',
      'npx alloc-counter',
      'git add alloc-counter.config.json alloc-counter.baselines.json perf/',
    ]);
  });

  it('refuses to overwrite anything, writing nothing', async () => {
    mkdirSync(join(dir, 'perf'));
    writeFileSync(join(dir, 'perf', 'test_example.ts'), 'mine');
    expect(await init()).toMatchObject({
      code: 2,
      stderr: 'alloc-counter init: perf/test_example.ts exists: nothing written (init never overwrites)\n',
    });
    expect(existsSync(join(dir, 'alloc-counter.config.json'))).toBe(false);
    expect(readFileSync(join(dir, 'perf', 'test_example.ts'), 'utf8')).toBe('mine');
    rmSync(join(dir, 'perf'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', 'alloc-counter': {} }));
    const second = await init();
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/package.json \("alloc-counter" key\) exists: nothing written/);
    expect(existsSync(join(dir, 'perf'))).toBe(false);
  });
});
