// The pure parts of the diagnostics, on hand-made inputs.
import { describe, expect, it } from 'vitest';
import { compareSites } from './compare.js';
import { allocationFlameGraphSvg } from './flamegraph.js';
import { siteKey, siteLabel } from './locations.js';
import type { IdentifierDiagnostics } from './schema.js';
import { type CallTreeNode, flattenSites, pruneCallTree } from './sites.js';

function node(fn: string, line: number, selfCount: number, children: CallTreeNode[] = []): CallTreeNode {
  const totalCount = selfCount + children.reduce((sum, c) => sum + c.totalCount, 0);
  return {
    function: fn,
    script: 'lib/app.ts',
    line,
    column: 1,
    selfCount,
    selfBytes: selfCount * 16,
    totalCount,
    totalBytes: totalCount * 16,
    children,
  };
}

const tree = [
  node('handle', 10, 5, [node('parse', 20, 2000, [node('token', 30, 1)]), node('parse', 20, 0), node('log', 40, 30)]),
];

describe('allocation sites', () => {
  it('sums a site over every place it allocates at, keeping the heaviest call path', () => {
    const sites = flattenSites([
      node('main', 1, 0, [node('parse', 20, 7), node('other', 5, 0, [node('parse', 20, 9)])]),
    ]);
    expect(sites).toEqual([
      {
        function: 'parse',
        script: 'lib/app.ts',
        line: 20,
        column: 1,
        count: 16,
        bytes: 256,
        callPath: ['app.ts:1 main', 'app.ts:5 other', 'app.ts:20 parse'],
      },
    ]);
  });

  it('prunes small subtrees into their parent without losing a count', () => {
    const pruned = pruneCallTree(tree, 2036);
    expect(pruned.pruneBelow).toBe(11);
    const root = pruned.roots[0]!;
    expect(root.children.map((c) => c.function)).toEqual(['parse', 'log']);
    expect(root.children[0]!.children).toEqual([]);
    expect(root.children[0]!.otherCount).toBe(1);
    const kept = (n: typeof root): number =>
      n.selfCount + n.otherCount + n.children.reduce((sum, c) => sum + kept(c), 0);
    expect(kept(root)).toBe(root.totalCount);
  });

  it('labels sites as script:line function and keys named functions by name, not line', () => {
    expect(siteLabel({ function: 'getData', script: 'lib/receiver.js', line: 581, column: 3 })).toBe(
      'receiver.js:581 getData',
    );
    expect(siteLabel({ function: '', script: 'node:internal/streams/readable', line: 7, column: 1 })).toBe(
      'node:internal/streams/readable:7 (anonymous)',
    );
    expect(siteLabel({ function: 'Promise', script: '', line: 0, column: 0 })).toBe('Promise (built-in)');
    expect(siteLabel({ function: '(root)', script: '', line: 0, column: 0 })).toBe('(root)');
    expect(siteKey({ function: 'f', script: 'a.js', line: 1, column: 1 })).toBe(
      siteKey({ function: 'f', script: 'a.js', line: 9, column: 4 }),
    );
    expect(siteKey({ function: '', script: 'a.js', line: 1, column: 1 })).not.toBe(
      siteKey({ function: '', script: 'a.js', line: 9, column: 4 }),
    );
  });
});

describe('comparison', () => {
  const diagnostics = (sites: [string, number, number][]): IdentifierDiagnostics => ({
    run: 0,
    totalCount: sites.reduce((sum, [, , count]) => sum + count, 0),
    totalBytes: 0,
    sites: sites.map(([fn, line, count]) => ({
      function: fn,
      script: 'r.js',
      line,
      column: 1,
      count,
      bytes: count * 8,
      callPath: [],
    })),
    callTree: { pruneBelow: 1, roots: [], otherCount: 0, otherBytes: 0 },
    remaining: [],
  });

  it('orders changed sites by the size of the change, matching moved functions by name', () => {
    const before = diagnostics([
      ['getData', 581, 1000],
      ['parse', 10, 50],
      ['gone', 3, 12],
    ]);
    const after = diagnostics([
      ['getData', 583, 1400],
      ['parse', 10, 50],
      ['fresh', 90, 12],
      ['small', 4, 1],
    ]);
    const { changes } = compareSites('test_x', before, after);
    expect(changes.map((c) => [c.function, c.line, c.countChange])).toEqual([
      ['getData', 583, 400],
      ['gone', 3, -12],
      ['fresh', 90, 12],
      ['small', 4, 1],
    ]);
  });
});

describe('flame graph', () => {
  it('is one self-contained SVG with a box per visible call-tree node, text escaped', () => {
    const svg = allocationFlameGraphSvg('a <b> & "c"', [node('handle', 10, 5, [node('<init>', 20, 95)])], 100, 1600);
    expect(svg).toContain('<title>app.ts:20 &lt;init&gt; (lib/app.ts:20:1)\n95 allocations (95.0%)');
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).not.toMatch(/<script|href=|src=/);
  });
});
