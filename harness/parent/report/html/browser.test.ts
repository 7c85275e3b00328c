// The page in a real browser: Debian's Chromium (never a downloaded one),
// driven by playwright-core. CI installs the chromium package; without it this
// test fails and says so, rather than passing unseen.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_FILE, HOSTILE_FUNCTION, HOSTILE_IDENTIFIER, headAndBase } from './fixtures/report.js';
import { writeHtmlReport } from './index.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function artifactsDir(): string {
  const dir = process.env.ALLOC_COUNTER_ARTIFACTS_DIR ?? mkdtempSync(join(tmpdir(), 'alloc-counter-artifacts-'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('the HTML report in Chromium', () => {
  const artifacts = artifactsDir();
  const reportPath = join(artifacts, 'alloc-counter-report.html');
  const userData = mkdtempSync(join(tmpdir(), 'alloc-counter-chromium-'));
  const problems: string[] = [];
  const requests: string[] = [];
  let context: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run this test`,
      );
    }
    const { head, base } = headAndBase();
    writeHtmlReport(reportPath, head, base);
    context = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(reportPath).href);
    await page.getByRole('button', { name: 'open all' }).click();
  });

  afterAll(async () => {
    if (context !== undefined && page !== undefined) {
      const screenshot = join(artifacts, 'alloc-counter-report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      console.log(`HTML report and its screenshot: ${reportPath}, ${screenshot}`);
    }
    await context?.close();
    rmSync(userData, { recursive: true, force: true });
  });

  it('loads without console errors, page errors or dialogs, and fetches nothing', () => {
    expect(problems).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('shows the file name and identifier holding markup as text', async () => {
    await expect(page.locator('summary .file-name').first().textContent()).resolves.toBe(HOSTILE_FILE);
    await expect(page.locator('section.identifier h3 .name').first().textContent()).resolves.toBe(HOSTILE_IDENTIFIER);
    await expect(page.locator('script').count()).resolves.toBe(2);
  });

  it('renders a chart and the icicles with a size', async () => {
    for (const selector of ['svg.figure-chart', 'svg.figure-chart rect.bar', 'svg.icicle', 'svg.icicle g.cell rect']) {
      const box = await page.locator(selector).first().boundingBox();
      expect(box, selector).not.toBeNull();
      expect(box!.width, selector).toBeGreaterThan(0);
      expect(box!.height, selector).toBeGreaterThan(0);
    }
    await expect(page.locator('svg.icicle').count()).resolves.toBe(6);
  });

  it('shows a cell’s details on hover, its function name as text', async () => {
    const tree = page.locator('svg.icicle').first();
    await tree.locator('g.cell', { hasText: 'parseHeaders' }).hover();
    const tip = page.locator('#tooltip');
    await expect(tip.isVisible()).resolves.toBe(true);
    const lines = await tip.locator('div').allTextContents();
    expect(lines.slice(0, 2)).toEqual(['parseHeaders', 'tests/app.ts:30:3']);
    expect(lines[2]).toMatch(/^total: 650 allocations \(\d+\.\d%\), 26,000 bytes$/);
    expect(lines[3]).toBe('self: 300 allocations, 12,000 bytes');
    const data = JSON.parse((await page.locator('#report-data').textContent())!);
    const cells = Object.values(data.icicles)[0] as { function: string }[];
    const index = cells.findIndex((cell) => cell.function === HOSTILE_FUNCTION);
    await tree.locator(`g.cell[data-i="${index}"]`).hover();
    await expect(tip.locator('.tip-title').textContent()).resolves.toBe(HOSTILE_FUNCTION);
  });

  it('colours the differential icicle: the grown leaf red', async () => {
    const diff = page.locator('svg.icicle[data-icicle$="-diff"]').first();
    const fills = await diff.locator('g.cell rect').evaluateAll((rects) => rects.map((r) => r.getAttribute('fill')));
    expect(fills.filter((fill) => fill?.startsWith('hsl(0, 80%'))).toHaveLength(1);
    await diff.locator('g.cell', { hasText: 'concat' }).hover();
    await expect(page.locator('#tooltip div').allTextContents()).resolves.toContain(
      'own against the base: +300 (base 400)',
    );
  });

  it('zooms into a clicked cell and out from the top row', async () => {
    const tree = page.locator('svg.icicle').first();
    const parse = tree.locator('g.cell', { hasText: 'parseHeaders' });
    await parse.click();
    await expect(parse.locator('rect').getAttribute('width')).resolves.toBe('1000.00');
    await expect(tree.locator('g.cell.hidden').count()).resolves.toBeGreaterThan(0);
    await tree.locator('g.cell').first().click();
    await expect(tree.locator('g.cell.hidden').count()).resolves.toBe(0);
  });

  it('sorts the summary table by a column', async () => {
    const identifiers = () => page.locator('#summary-table tbody td.identifier').allTextContents();
    const header = page.locator('#summary-table th', { hasText: 'allocations' });
    await header.click();
    await expect(identifiers()).resolves.toEqual(['test_small', 'test_failing', HOSTILE_IDENTIFIER]);
    await header.click();
    await expect(identifiers()).resolves.toEqual([HOSTILE_IDENTIFIER, 'test_small', 'test_failing']);
  });
});
