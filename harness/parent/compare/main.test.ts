// `compare BASE.json HEAD.json`: reports built by hand (fixtures/reports.ts),
// compared through compareMain with its output captured, and once through
// the compiled module in a real Node process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../project/paths.js';
import type { JsonReport } from '../report/json.js';
import { baseReport, figure, report, reportIdentifier, writeReport } from './fixtures/reports.js';
import { compareMain } from './main.js';

const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let written = 0;
const file = (contents: unknown): string => writeReport(dir, `report-${written++}.json`, contents);

async function compare(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await compareMain(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr, lines: stdout.split('\n') };
}

function changed(edit: (report: JsonReport) => void): JsonReport {
  const copy = baseReport();
  edit(copy);
  return copy;
}

/** The lines of a text section, from its `== title` to the next blank line. */
function section(lines: string[], title: string): string[] {
  const start = lines.findIndex((l) => l.startsWith(`== ${title}`));
  if (start < 0) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

describe('compare', () => {
  it('exits 0 and calls every identifier unchanged for a report compared with itself', async () => {
    const base = file(baseReport());
    const result = await compare(base, base);
    expect(result.code).toBe(0);
    expect(result.lines).toContain('no change: all 3 identifiers unchanged');
    expect(result.lines).toContain('== unchanged: 3 identifiers');
    expect(result.stdout).not.toMatch(/== (regressions|improvements|changed)/);
  });

  it('exits 1 naming an identifier whose total_allocations rose by 10% first among the regressions', async () => {
    const head = changed((r) => {
      figure(r, 'test_ping_pong').total_allocations = 110_000;
      // Within 0.1%: a change, not a regression.
      figure(r, 'test_1000_reqs_1_conn').total_allocations = 800_050;
    });
    const result = await compare(file(baseReport()), file(head));
    expect(result.code).toBe(1);
    const regressions = section(result.lines, 'regressions (1)');
    expect(regressions[0]).toBe('test_ping_pong (tests_04_performance/test_01_resources/test_ping_pong.ts)');
    expect(regressions[1]).toMatch(
      /^ {3}total_allocations +100000 -> 110000 +\+10000 +\+10\.0% +regression: beyond ±100$/,
    );
    expect(section(result.lines, 'changed within tolerance (1)')[0]).toMatch(/^test_1000_reqs_1_conn /);
    expect(result.lines[1]).toBe('1 regression, 1 changed within tolerance, 1 unchanged');
  });

  it('lists the allocation sites that changed under a changed identifier, biggest first, top 5', async () => {
    const head = changed((r) => {
      r.files[0]!.identifiers[0] = reportIdentifier('test_1000_reqs_1_conn', { total_allocations: 900_000 }, [
        { function: 'parseHeaders', count: 500_000 },
        { function: 'writeHead', count: 400_000 },
      ]);
    });
    const base = file(baseReport());
    const result = await compare(base, file(head));
    const regressions = section(result.lines, 'regressions (1)');
    const header = regressions.findIndex((l) => l.startsWith(`-- test_1000_reqs_1_conn against ${base}:`));
    expect(header).toBeGreaterThan(0);
    expect(regressions[header]).toContain('total_allocations 800000 -> 900000 (+100000), 1 sites changed');
    expect(regressions[header + 1]).toBe('   server.js:11 writeHead +100000 (300000 -> 400000; +1600000 bytes)');
  });

  it('does not call a rise of remaining_allocations by 2 a regression (tolerance 4), but by 5', async () => {
    const within = changed((r) => {
      figure(r, 'test_1000_ws_messages').remaining_allocations = 10;
    });
    const result = await compare(file(baseReport()), file(within));
    expect(result.code).toBe(0);
    expect(section(result.lines, 'changed within tolerance (1)')[1]).toMatch(
      /remaining_allocations +8 -> 10 +\+2 +\+25\.0% +within ±4$/,
    );
    const over = changed((r) => {
      figure(r, 'test_1000_ws_messages').remaining_allocations = 13;
    });
    expect((await compare(file(baseReport()), file(over))).code).toBe(1);
    expect((await compare(file(baseReport()), file(within), '--remaining-tolerance', '1')).code).toBe(1);
  });

  it('exits 3 when figures only fell', async () => {
    const head = changed((r) => {
      figure(r, 'test_ping_pong').total_allocations = 90_000;
    });
    const result = await compare(file(baseReport()), file(head));
    expect(result.code).toBe(3);
    expect(section(result.lines, 'improvements (1)')[0]).toMatch(/^test_ping_pong /);
  });

  it('shows advisory metrics that moved without calling them regressions', async () => {
    const head = changed((r) => {
      figure(r, 'test_ping_pong').total_native_allocated_bytes = 300_000_000;
      figure(r, 'test_ping_pong').remaining_native_allocations = 32;
    });
    const result = await compare(file(baseReport()), file(head));
    expect(result.code).toBe(0);
    const lines = section(result.lines, 'changed within tolerance (1)');
    expect(lines[1]).toMatch(/total_native_allocated_bytes .* advisory$/);
    expect(lines[2]).toMatch(/remaining_native_allocations .* advisory$/);
  });

  it('lists identifiers on one side only as added and removed', async () => {
    const head = changed((r) => {
      r.files[2]!.identifiers[0] = reportIdentifier('test_new', { total_allocations: 42 });
    });
    const result = await compare(file(baseReport()), file(head));
    expect(result.code).toBe(0);
    expect(section(result.lines, 'added (1)')[0]).toMatch(/^test_new \(.*\): total_allocations 42, /);
    expect(section(result.lines, 'removed (1)')).toEqual([
      'test_ping_pong (tests_04_performance/test_01_resources/test_ping_pong.ts)',
    ]);
  });

  it('says which files failed, since their identifiers then show as removed', async () => {
    const head = changed((r) => {
      r.files[2]!.failure = { kind: 'crash', phase: 'measure', message: 'boom\nat x', stack: null };
      r.files[2]!.identifiers = [];
    });
    const headPath = file(head);
    const result = await compare(file(baseReport()), headPath);
    expect(result.lines[1]).toBe(
      `${headPath}: tests_04_performance/test_01_resources/test_ping_pong.ts failed (crash): boom`,
    );
    expect(section(result.lines, 'removed (1)')[0]).toMatch(/^test_ping_pong /);
  });

  it('refuses reports of two Node majors with exit 2 naming both, unless allowed', async () => {
    const base = file(baseReport());
    const node24 = changed((r) => {
      r.runtimeKey = 'node-24';
      r.node = 'v24.21.0';
    });
    const head = file(node24);
    const refused = await compare(base, head);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(`${base} ran node-20 (v20.20.2), ${head} ran node-24 (v24.21.0)`);
    expect(refused.stderr).toContain('--allow-node-mismatch');
    const allowed = await compare(base, head, '--allow-node-mismatch');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('warning: ');
  });

  it('exits 2 with one line naming a malformed file and its field', async () => {
    const broken = baseReport() as unknown as { files: { identifiers: { figures: unknown }[] }[] };
    broken.files[1]!.identifiers[0]!.figures = 'many';
    const brokenPath = file(broken);
    const result = await compare(file(baseReport()), brokenPath);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^alloc-counter compare: ${brokenPath}: not an alloc-counter --json report at \\$\\.files\\[1\\]\\.identifiers\\[0\\]\\.figures: `,
      ),
    );
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{ "schemaVersion":');
    const unreadable = await compare(notJson, brokenPath);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toMatch(new RegExp(`^alloc-counter compare: ${notJson}: not a readable JSON file: `));
  });

  it('reads schema version 1 reports (no diagnostics)', async () => {
    const v1 = baseReport();
    v1.schemaVersion = 1;
    for (const f of v1.files) for (const id of f.identifiers) delete id.diagnostics;
    const result = await compare(file(v1), file(baseReport()));
    expect(result.code).toBe(0);
    expect(result.lines).toContain('no change: all 3 identifiers unchanged');
  });

  it('prints its usage with --help and refuses a wrong number of reports', async () => {
    const help = await compare('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: \.\/run-alloc-counter-tests\.sh compare BASE\.json HEAD\.json/);
    const one = await compare(file(baseReport()));
    expect(one.code).toBe(2);
    expect(one.stderr).toContain('expected two reports');
    expect((await compare('a', 'b', '--tolerance', 'lots')).code).toBe(2);
  });
});

describe('compare --markdown', () => {
  const hostile = 'test_a|b<script>alert(1)</script>';
  const hostileSite = 'get|x`<img>`';

  async function markdownOfRegression() {
    const base = report([reportIdentifier(hostile, {}, [{ function: hostileSite, count: 100_000 }])]);
    const head = report([
      reportIdentifier(hostile, { total_allocations: 120_000 }, [{ function: hostileSite, count: 120_000 }]),
    ]);
    return compare(file(base), file(head), '--markdown');
  }

  it('puts a one-line verdict first and a row per changed figure', async () => {
    const result = await markdownOfRegression();
    expect(result.code).toBe(1);
    expect(result.lines[0]).toBe('### :x: alloc-counter: 1 regression');
    const header = result.lines.indexOf('| identifier | metric | base | head | delta | % |');
    expect(header).toBeGreaterThan(0);
    expect(result.lines[header + 2]).toContain(
      '| **total_allocations** regression: beyond ±100 | 100000 | 120000 | +20000 | +20.0% |',
    );
  });

  it('escapes identifiers and site names from the reports', async () => {
    const result = await markdownOfRegression();
    expect(result.stdout).not.toMatch(/<script>|<img>/);
    expect(result.stdout).toContain('test\\_a\\|b&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(result.stdout).toContain('get\\|x\\`&lt;img&gt;\\`');
    // Every table row keeps its columns: no unescaped | from a report.
    for (const line of result.lines.filter((l) => l.startsWith('| '))) {
      const cells = line.split(/(?<!\\)\|/).length - 2;
      expect([2, 5, 6]).toContain(cells);
    }
  });

  it('folds unchanged identifiers into a details block', async () => {
    const base = file(baseReport());
    const result = await compare(base, base, '--markdown');
    expect(result.code).toBe(0);
    expect(result.lines[0]).toBe('### :white_check_mark: alloc-counter: no change: all 3 identifiers unchanged');
    expect(result.stdout).toContain('<details><summary>3 unchanged identifiers</summary>');
    expect(result.stdout).toContain(
      '| test\\_ping\\_pong | tests\\_04\\_performance/test\\_01\\_resources/test\\_ping\\_pong.ts |',
    );
  });
});

describe('compare, compiled, in a Node process', () => {
  beforeAll(async () => {
    await execa(join(packageRoot, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: packageRoot });
  });

  it('exits 1 on a regression and prints the comparison', async () => {
    const entry = join(packageRoot, 'dist', 'harness', 'parent', 'compare', 'main.js');
    const head = changed((r) => {
      figure(r, 'test_ping_pong').leaked_fds = 1;
    });
    const script =
      'const { compareMain } = await import(process.argv[1]); process.exitCode = await compareMain(process.argv.slice(2));';
    const result = await execa('node', ['--input-type=module', '-e', script, entry, file(baseReport()), file(head)], {
      reject: false,
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /\n== regressions \(1\)\ntest_ping_pong .*\n {3}leaked_fds +0 -> 1 +\+1 +n\/a +regression: beyond ±0/,
    );
  });
});
