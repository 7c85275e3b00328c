// End to end: the runner explains where allocations come from, what stays
// alive and what changed, from real children's heap snapshots.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { figuresOf, fixture, runRunner } from '../../test-support.js';
import type { JsonReport } from '../report/json.js';

const scratch = mkdtempSync(join(tmpdir(), 'alloc-counter-diagnostics-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** 1-based line of the first line of a fixture that contains `text`. */
function lineOf(fixtureName: string, text: string): number {
  const index = readFileSync(fixture(fixtureName), 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${text} not in ${fixtureName}`);
  return index + 1;
}

function diagnosticsOf(report: JsonReport | null, identifier: string) {
  for (const file of report?.files ?? []) {
    for (const id of file.identifiers) if (id.identifier === identifier && id.diagnostics) return id.diagnostics;
  }
  throw new Error(`no diagnostics for ${identifier}`);
}

describe('--compare-to', () => {
  it('puts the function with the extra allocations at the top of the comparison', async () => {
    const before = await runRunner([fixture('test_extra_allocation.ts')]);
    expect(before.exitCode).toBe(0);
    const baseline = join(scratch, 'baseline.json');
    writeFileSync(baseline, JSON.stringify(before.report));

    const after = await runRunner(['--compare-to', baseline, fixture('test_extra_allocation.ts')], {
      ALLOC_COUNTER_FIXTURE_EXTRA: '1',
    });
    expect(after.exitCode).toBe(0);
    const lines = after.stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith(`-- test_extra_allocation against ${baseline}:`));
    expect(header).toBeGreaterThanOrEqual(0);
    const totalBefore = diagnosticsOf(before.report, 'test_extra_allocation').totalCount;
    const totalAfter = diagnosticsOf(after.report, 'test_extra_allocation').totalCount;
    expect(totalAfter).toBeGreaterThan(totalBefore);
    expect(lines[header]).toContain(`total_allocations ${totalBefore} -> ${totalAfter} (+${totalAfter - totalBefore})`);
    // The first changed site is the named function, at its line in the .ts source, with the whole difference.
    const line = lineOf('test_extra_allocation.ts', 'function buildExtraRecords');
    expect(lines[header + 1]).toMatch(
      new RegExp(`^   test_extra_allocation\\.ts:${line} buildExtraRecords \\+${totalAfter - totalBefore} \\(0 -> `),
    );
  });

  it('refuses a malformed report with exit 2 and one line naming the file and the JSON path', async () => {
    const base = await runRunner([fixture('test_plain_js.mjs')]);
    const broken = structuredClone(base.report!) as unknown as { files: { identifiers: { figures: unknown }[] }[] };
    broken.files[0]!.identifiers[0]!.figures = 'many';
    const brokenPath = join(scratch, 'broken.json');
    writeFileSync(brokenPath, JSON.stringify(broken));
    const notJson = join(scratch, 'not.json');
    writeFileSync(notJson, '{"schemaVersion": 2,');

    for (const [path, message] of [
      [
        brokenPath,
        new RegExp(
          `^alloc-counter: --compare-to ${brokenPath}: not an alloc-counter --json report at \\$\\.files\\[0\\]\\.identifiers\\[0\\]\\.figures: `,
        ),
      ],
      [notJson, new RegExp(`^alloc-counter: --compare-to ${notJson}: not a readable JSON file: `)],
      [join(scratch, 'missing.json'), /^alloc-counter: --compare-to .*missing\.json: not a readable JSON file: ENOENT/],
    ] as const) {
      const { exitCode, stderr, stdout } = await runRunner(['--compare-to', path, fixture('test_plain_js.mjs')]);
      expect(stderr.trim()).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stdout).not.toContain('total_allocations');
      expect(exitCode).toBe(2);
    }
  });
});

describe('explaining a failure', () => {
  it('shows the leaking function, the constructor and a retainer path through the module-level variable', async () => {
    const { exitCode, stdout, report } = await runRunner([fixture('test_leak_cache.ts')]);
    expect(exitCode).toBe(1);
    const openSession = lineOf('test_leak_cache.ts', 'function openSession');
    expect(stdout).toContain('-- why test_leak_cache');
    expect(stdout).toMatch(
      new RegExp(
        `^   50 x Session \\(\\d+ bytes\\), allocated at test_leak_cache\\.ts:${openSession} openSession x50$`,
        'm',
      ),
    );
    expect(stdout).toMatch(/^ {8}--sessionCache \(variable\)--> \[Map\] \(object\) @\d+/m);
    expect(stdout).toMatch(
      new RegExp(
        `^ +\\d+ +\\d+ B  test_leak_cache\\.ts:${openSession} openSession  <- test_leak_cache\\.ts:\\d+ \\(anonymous\\)`,
        'm',
      ),
    );

    const diagnostics = diagnosticsOf(report, 'test_leak_cache');
    const session = diagnostics.remaining.find((g) => g.group === 'Session')!;
    expect(session.count).toBe(50);
    expect(session.sites).toEqual([
      expect.objectContaining({
        function: 'openSession',
        script: 'harness/fixtures/test_leak_cache.ts',
        line: openSession,
        count: 50,
      }),
    ]);
    const steps = session.retainerPath!.steps;
    expect(steps.map((s) => s.edge)).toContain('sessionCache');
    expect(steps.at(-1)!.node).toBe('Session');
    expect(steps.every((s) => s.edgeType !== 'weak')).toBe(true);
  });

  it('explains passing identifiers only with --explain, and keeps their sites in the report either way', async () => {
    const quiet = await runRunner([fixture('test_extra_allocation.ts')]);
    expect(quiet.stdout).not.toContain('-- why');
    expect(diagnosticsOf(quiet.report, 'test_extra_allocation').remaining).toEqual([]);
    const sites = diagnosticsOf(quiet.report, 'test_extra_allocation').sites;
    expect(sites[0]).toMatchObject({
      function: 'buildRecords',
      line: lineOf('test_extra_allocation.ts', 'function buildRecords'),
    });
    expect(sites.reduce((sum, s) => sum + s.count, 0)).toBe(
      diagnosticsOf(quiet.report, 'test_extra_allocation').totalCount,
    );

    const explained = await runRunner(['--explain', fixture('test_extra_allocation.ts')]);
    expect(explained.exitCode).toBe(0);
    expect(explained.stdout).toMatch(
      /^-- why test_extra_allocation \(measured run \d: 1000 allocations, \d+ bytes\)$/m,
    );
    expect(explained.stdout).toMatch(/^ {3}1000 \d+ B {2}test_extra_allocation\.ts:\d+ buildRecords/m);
  });
});

describe('--profile', () => {
  it('writes a heap snapshot with its allocation trace, a heap profile and a flame graph per identifier', async () => {
    const dir = join(scratch, 'profile-all');
    const { exitCode, report } = await runRunner(['--profile', dir, fixture('test_extra_allocation.ts')]);
    expect(exitCode).toBe(0);
    // Sampling alongside the tracker changes no figure.
    const plain = await runRunner([fixture('test_extra_allocation.ts')]);
    expect(figuresOf(report, 'test_extra_allocation')).toEqual(figuresOf(plain.report, 'test_extra_allocation'));
    expect(readdirSync(dir).sort()).toEqual([
      'test_extra_allocation.allocations.svg',
      'test_extra_allocation.heapprofile',
      'test_extra_allocation.heapsnapshot',
    ]);
    const snapshot = JSON.parse(readFileSync(join(dir, 'test_extra_allocation.heapsnapshot'), 'utf8')) as {
      trace_tree: unknown[];
    };
    expect(snapshot.trace_tree.length).toBeGreaterThan(0);
    // The sampling profile is DevTools' format and saw the workload's function.
    interface ProfileNode {
      callFrame: { functionName: string; url: string; lineNumber: number };
      selfSize: number;
      id: number;
      children: ProfileNode[];
    }
    const heapProfile = JSON.parse(readFileSync(join(dir, 'test_extra_allocation.heapprofile'), 'utf8')) as {
      head: ProfileNode;
      samples: { size: number; nodeId: number; ordinal: number }[];
    };
    const all: ProfileNode[] = [];
    const walk = (node: ProfileNode): void => {
      all.push(node);
      node.children.forEach(walk);
    };
    walk(heapProfile.head);
    const buildRecords = all.find((n) => n.callFrame.functionName === 'buildRecords');
    expect(buildRecords?.callFrame.url).toMatch(/^file:\/\/.*test_extra_allocation\.ts$/);
    expect(buildRecords!.selfSize).toBeGreaterThan(0);
    expect(heapProfile.samples.length).toBeGreaterThan(0);
    const ids = new Set(all.map((n) => n.id));
    expect(heapProfile.samples.every((s) => ids.has(s.nodeId) && s.size > 0)).toBe(true);

    const svg = readFileSync(join(dir, 'test_extra_allocation.allocations.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain('test_extra_allocation.ts:');
    expect(svg).toContain('buildRecords');
    expect(svg).not.toMatch(/(href|src)=/);
  });

  it('with --profile-failing, writes files only for identifiers that failed, and leaves no work files', async () => {
    const dir = join(scratch, 'profile-failing');
    const work = mkdtempSync(join(scratch, 'work-'));
    const { exitCode } = await runRunner([
      '-t',
      work,
      '--profile',
      dir,
      '--profile-failing',
      fixture('test_extra_allocation.ts'),
      fixture('test_leak_cache.ts'),
    ]);
    expect(exitCode).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([
      'test_leak_cache.allocations.svg',
      'test_leak_cache.heapprofile',
      'test_leak_cache.heapsnapshot',
    ]);
    expect(readdirSync(work)).toEqual([]);
    expect(existsSync(join(dir, 'test_extra_allocation.heapsnapshot'))).toBe(false);
  });

  it('refuses --profile-failing without --profile', async () => {
    const { exitCode, stderr } = await runRunner(['--profile-failing', fixture('test_plain_js.mjs')]);
    expect(stderr.trim()).toBe('alloc-counter: --profile-failing needs --profile DIR');
    expect(exitCode).toBe(2);
  });
});
