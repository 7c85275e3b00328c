import { describe, expect, it } from 'vitest';
import type { IdentifierDiagnostics } from '../../diagnostics/schema.js';
import { bigTree, HOSTILE_FUNCTION, sampleReport } from './fixtures/report.js';
import { fittedLabel, renderIcicle } from './icicle.js';
import { changeColour, diffIcicle } from './icicle-diff.js';
import { layoutIcicle } from './icicle-layout.js';

function diagnosticsOf(grow = 0): IdentifierDiagnostics {
  return sampleReport(grow).files[0]!.identifiers[0]!.diagnostics!;
}

describe('layoutIcicle', () => {
  const cells = layoutIcicle(diagnosticsOf());

  it('puts the whole run on top, then every node, callers before callees', () => {
    expect(cells).toHaveLength(21);
    expect(cells[0]).toMatchObject({ label: 'all allocations', depth: 0, x0: 0, x1: 1 });
    expect(cells[1]).toMatchObject({ label: 'app.ts:10 runWorkload', depth: 1 });
  });

  it('makes each cell as wide as its total, children side by side from their parent’s left edge', () => {
    const total = bigTree()[0]!.totalCount;
    const handle = cells.find((cell) => cell.node.function === 'handleRequest')!;
    const parse = cells.find((cell) => cell.node.function === 'parseHeaders')!;
    const read = cells.find((cell) => cell.node.function === 'readBody')!;
    expect(handle.x1 - handle.x0).toBeCloseTo(handle.node.totalCount / total);
    expect(parse.x0).toBeCloseTo(handle.x0);
    expect(read.x0).toBeCloseTo(parse.x1);
  });
});

describe('diffIcicle', () => {
  it('finds no change against the same tree', () => {
    const cells = layoutIcicle(diagnosticsOf());
    const diff = diffIcicle(cells, diagnosticsOf());
    expect(diff.changes.every((c) => c.match === 'exact' && c.ownChange === 0 && c.totalChange === 0)).toBe(true);
    expect(diff.gonePaths).toBe(0);
    expect(changeColour(diff.changes[3]!, 0)).toBe('hsl(0, 0%, 80%)');
  });

  it('colours a grown leaf red, its callers by their own change, and matches a moved function by name', () => {
    const cells = layoutIcicle(diagnosticsOf(300));
    const diff = diffIcicle(cells, diagnosticsOf());
    const at = (fn: string) => diff.changes[cells.findIndex((cell) => cell.node.function === fn)]!;
    expect(at('concat')).toMatchObject({ match: 'exact', ownChange: 300, totalChange: 300 });
    expect(at('readBody')).toMatchObject({ ownChange: 0, totalChange: 300 });
    expect(at('respond')).toMatchObject({ match: 'moved', ownChange: 0 });
    expect(at('write')).toMatchObject({ match: 'moved', ownChange: 0 });
    expect(diff.gonePaths).toBe(0);
    expect(changeColour(at('concat'), 300)).toMatch(/^hsl\(0, 80%/);
    expect(changeColour(at('readBody'), 300)).toBe('hsl(0, 0%, 80%)');
  });

  it('counts the base paths the head no longer has, and colours a shrunk cell blue', () => {
    const cells = layoutIcicle(diagnosticsOf());
    const diff = diffIcicle(cells, diagnosticsOf(300));
    const concat = diff.changes[cells.findIndex((cell) => cell.node.function === 'concat')]!;
    expect(changeColour(concat, 300)).toMatch(/^hsl\(212,/);
    const base = diagnosticsOf();
    base.callTree.roots[0]!.children.push({ ...bigTree()[0]!, function: 'removedLater', children: [] });
    expect(diffIcicle(cells, base)).toMatchObject({ gonePaths: 1, goneCount: 5 });
  });

  it('marks a path the base lacks as new', () => {
    const base = diagnosticsOf();
    base.callTree.roots[0]!.children.pop();
    const cells = layoutIcicle(diagnosticsOf());
    const diff = diffIcicle(cells, base);
    const then = diff.changes[cells.findIndex((cell) => cell.node.function === 'then')]!;
    expect(then).toMatchObject({ match: 'new', ownChange: 35 });
  });
});

describe('renderIcicle', () => {
  it('draws a cell per node with its site in an escaped title, and the data for the script', () => {
    const { html, cells } = renderIcicle('k', diagnosticsOf(), null);
    expect(html.match(/<g class="cell"/g)).toHaveLength(21);
    expect(cells).toHaveLength(21);
    expect(html).toContain('make&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
    expect(html).not.toContain(HOSTILE_FUNCTION);
    expect(cells.some((cell) => cell.function === HOSTILE_FUNCTION)).toBe(true);
  });

  it('adds a legend with a comparison', () => {
    expect(renderIcicle('k', diagnosticsOf(300), diagnosticsOf()).html).toContain('own allocations grew');
  });
});

describe('fittedLabel', () => {
  it('cuts a label to the cell and drops it in a narrow one', () => {
    expect(fittedLabel('app.ts:10 runWorkload', 1000)).toBe('app.ts:10 runWorkload');
    expect(fittedLabel('app.ts:10 runWorkload', 60)).toBe('app.ts:…');
    expect(fittedLabel('app.ts:10 runWorkload', 20)).toBe('');
  });
});
