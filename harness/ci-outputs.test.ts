// End to end, what CI reads: one real run of three suite files and a file whose
// name holds markup, with --json, --junit and --html under GitHub Actions; then
// `compare` on what it wrote. Each output is read back the way its reader does
// (an XML parser, Markdown text, Chromium, the compare command).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { execa } from 'execa';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from './parent/project/paths.js';
import type { JsonReport } from './parent/report/json.js';
import { type RunnerResult, runRunner, suiteFile } from './test-support.js';

const SUITE_FILES = ['test_10000_next_ticks.ts', 'test_10000_set_immediate.ts', 'test_creating_10000_headers.ts'];
const MARKUP_NAME = 'test_<script>alert(1)<_script>&x.mjs';
const CHROMIUM = '/usr/bin/chromium';

const scratch = mkdtempSync(join(tmpdir(), 'alloc-counter-ci-outputs-'));
const paths = {
  junit: join(scratch, 'report.xml'),
  html: join(scratch, 'report.html'),
  summary: join(scratch, 'summary.md'),
  markupFile: join(scratch, MARKUP_NAME),
};
let run: RunnerResult;
let report: JsonReport;

beforeAll(async () => {
  // Outside the package, its import of alloc-counter fails: a failing file with a hostile name.
  writeFileSync(paths.markupFile, "import { measure } from 'alloc-counter';\nexport async function run() {}\n");
  run = await runRunner(
    ['--junit', paths.junit, '--html', paths.html, ...SUITE_FILES.map(suiteFile), paths.markupFile],
    { env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: paths.summary } },
  );
  if (run.report === null) throw new Error(`no --json report; stderr: ${run.stderr}`);
  report = run.report;
}, 300_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const identifiers = (): string[] => report.files.flatMap((file) => file.identifiers.map((id) => id.identifier));

describe('one run under GitHub Actions with --json --junit --html', () => {
  it('counts the suite files and fails the hostile one, with an ::error annotation at it', () => {
    expect(identifiers()).toHaveLength(3);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^::error file=[^,\n]*test_%3Cscript|^::error file=[^,\n]*test_<script/m);
  });

  it('writes JUnit with one testcase per identifier, each with its total_allocations', () => {
    const doc = new DOMParser().parseFromString(readFileSync(paths.junit, 'utf8'), 'text/xml');
    const cases = Array.from(doc.getElementsByTagName('testcase')).filter((c) =>
      identifiers().includes(c.getAttribute('name') ?? ''),
    );
    expect(cases.map((c) => c.getAttribute('name')).sort()).toEqual(identifiers().sort());
    for (const testcase of cases) {
      const property = Array.from(testcase.getElementsByTagName('property')).find(
        (p) => p.getAttribute('name') === 'total_allocations',
      );
      expect(Number(property?.getAttribute('value'))).toBeGreaterThan(0);
    }
    const suites = Array.from(doc.getElementsByTagName('testsuite')).map((s) => s.getAttribute('name'));
    expect(suites.some((name) => name?.endsWith(MARKUP_NAME))).toBe(true);
  });

  it('writes a step summary that names every identifier', () => {
    const summary = readFileSync(paths.summary, 'utf8');
    for (const identifier of identifiers()) expect(summary).toContain(identifier.replaceAll('_', '\\_'));
  });

  it('writes an HTML page with nothing external, showing the markup name as text', () => {
    const html = readFileSync(paths.html, 'utf8');
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link\b|https?:\/\//i);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('test_&lt;script&gt;alert(1)&lt;_script&gt;&amp;x.mjs');
  });

  it('renders the page in Chromium without errors, charts and icicles drawn', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    const userData = mkdtempSync(join(scratch, 'chromium-'));
    const context = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(pathToFileURL(paths.html).href);
      await page.getByRole('button', { name: 'open all' }).click();
      expect(await page.getByText(MARKUP_NAME).count()).toBeGreaterThan(0);
      const drawn = await page
        .locator('svg')
        .evaluateAll((svgs) => svgs.filter((svg) => svg.getBoundingClientRect().width > 0).length);
      expect(drawn).toBeGreaterThanOrEqual(identifiers().length * 2);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('compare on the run it wrote', () => {
  const runner = join(packageRoot, 'run-alloc-counter-tests.sh');
  const reportCopy = (name: string, edit: (copy: JsonReport) => void): string => {
    const copy = structuredClone(report);
    edit(copy);
    const path = join(scratch, name);
    writeFileSync(path, JSON.stringify(copy));
    return path;
  };

  it('exits 0 against itself and 1 against a copy with one figure 10% higher, naming it', async () => {
    const base = reportCopy('base.json', () => {});
    const same = await execa(runner, ['compare', base, base], { reject: false });
    expect(same.exitCode).toBe(0);
    const raised = reportCopy('head.json', (copy) => {
      const id = copy.files[0]!.identifiers[0]!;
      id.figures!.total_allocations = Math.round(id.figures!.total_allocations! * 1.1);
    });
    const worse = await execa(runner, ['compare', base, raised], { reject: false });
    expect(worse.exitCode).toBe(1);
    expect(worse.stdout).toContain(report.files[0]!.identifiers[0]!.identifier);
  });
});
