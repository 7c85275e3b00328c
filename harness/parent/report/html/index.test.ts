import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonReportSchema } from '../json.js';
import { HOSTILE, headAndBase, sampleReport } from './fixtures/report.js';
import { renderHtmlReport, writeHtmlReport } from './index.js';

const DATA_OPEN = '<script type="application/json" id="report-data">';
const { head, base } = headAndBase();
const html = renderHtmlReport(head, base);

function embeddedData(page: string): unknown {
  const start = page.indexOf(DATA_OPEN) + DATA_OPEN.length;
  return JSON.parse(page.slice(start, page.indexOf('</script>', start)));
}

describe('renderHtmlReport', () => {
  it('is built from a report the --json schema accepts', () => {
    expect(jsonReportSchema.parse(head)).toEqual(head);
  });

  it('never writes a name from the report as markup', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain(`"'&`);
    expect(html).toContain('tests/&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;.ts');
    expect(html).toContain('test_&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });

  it('has exactly its own two script blocks, and the embedded data reads back whole', () => {
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    const data = embeddedData(html) as { icicles: Record<string, { function: string }[]> };
    const functions = Object.values(data.icicles).flatMap((cells) => cells.map((cell) => cell.function));
    expect(functions).toContain(`make${HOSTILE}`);
  });

  it('references nothing outside the file', () => {
    expect(html).not.toMatch(/https?:\/\/|\/\/cdn|\bsrc=|<link\b|@import|url\(/i);
  });

  it('shows the verdict, the Node version and the counts', () => {
    expect(html).toContain('<span class="badge fail">failed</span>');
    expect(html).toContain('v20.20.2 (V8 11.3.244.8-node.38)');
    expect(html).toContain('2 files, 3 identifiers: 2 passed, 2 failed');
  });

  it('lists the timeout with its first line, and the figure over its limit', () => {
    const failures = html.slice(html.indexOf('<section class="failures">'), html.indexOf('</section>'));
    expect(failures).toContain(
      'tests/test_failing.ts</a>: <strong>timeout (measure)</strong>: timed out after 60 s</li>',
    );
    expect(failures).not.toContain('second line');
    expect(failures).toMatch(/test_failing<\/a>: total_allocations 60 over its limit 54/);
  });

  it('has a summary row per identifier, each figure with its limit and status', () => {
    const table = html.slice(html.indexOf('<table'), html.indexOf('</table>'));
    expect(table.match(/<tr>/g)).toHaveLength(4);
    expect(table).toContain('<td class="num status-fail" data-sort="60"');
    expect(table).toContain('<span class="limit">≤ 54</span>');
  });

  it('draws a chart per identifier, a call tree each, and a differential one against the base', () => {
    expect(html.match(/<svg class="figure-chart"/g)).toHaveLength(3);
    expect(html.match(/<svg class="icicle"[^>]*-tree"/g)).toHaveLength(3);
    expect(html.match(/<svg class="icicle"[^>]*-diff"/g)).toHaveLength(3);
    expect(html).toContain('Against the base: 1,845 → 2,145 allocations (+300)');
  });

  it('folds each file into a <details>, open when it failed', () => {
    expect(html).toContain('<details class="file" id="file-0">');
    expect(html).toContain('<details class="file" id="file-1" open>');
  });

  it('has no differential icicle without a comparison', () => {
    const alone = renderHtmlReport(sampleReport(), null);
    expect(alone).not.toContain('-diff"');
    expect(alone).not.toContain('Against the base');
  });
});

describe('writeHtmlReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-html-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the page to the path', () => {
    const path = join(dir, 'report.html');
    writeHtmlReport(path, head, null);
    expect(readFileSync(path, 'utf8')).toBe(renderHtmlReport(head, null));
  });
});
