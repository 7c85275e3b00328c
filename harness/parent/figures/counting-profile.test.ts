import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attributeProfile, readCountingProfile } from './counting-profile.js';

const dir = mkdtempSync(join(tmpdir(), 'counting-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function profileFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const HARNESS = 'file:///pkg/dist/harness/child/measure.js';
const TEST = 'file:///pkg/tests/test_a.ts';
// [id, parentId, name, script, line, column, count, bytes]
const nodes = [
  [1, 0, '(root)', '', 0, 0, 0, 0],
  [2, 1, '(V8 API)', '', 0, 0, 2, 112],
  [3, 1, 'measuredRun', HARNESS, 80, 1, 1, 200],
  [4, 3, 'Promise', '', 0, 0, 3, 216],
  [5, 3, 'workload', TEST, 5, 10, 10, 480],
  [6, 5, 'Promise', '', 0, 0, 1, 72],
  [7, 5, 'helper', TEST, 9, 3, 4, 128],
];
const isHarness = (script: string) => script.startsWith('file:///pkg/dist/harness/');

describe('readCountingProfile', () => {
  it('reads the nodes, parents first', () => {
    const read = readCountingProfile(profileFile('ok.json', JSON.stringify({ nodes })));
    expect(read).toHaveLength(7);
    expect(read[4]).toEqual({
      id: 5,
      parentId: 3,
      fn: { name: 'workload', scriptName: TEST, line: 5, column: 10 },
      count: 10,
      bytes: 480,
    });
  });

  it.each([
    ['not JSON', '{"nodes": [', /^.*bad\.json: not a readable counting profile: /],
    ['no nodes', '{"nodes": []}', /bad\.json: not a counting profile: no nodes$/],
    ['a short node', JSON.stringify({ nodes: [[1, 0, '(root)']] }), /bad\.json: node 0: not an 8-field node$/],
    [
      'a negative count',
      JSON.stringify({ nodes: [[1, 0, '(root)', '', 0, 0, -1, 0]] }),
      /bad\.json: node 0: a field is not a count$/,
    ],
    [
      'a child before its parent',
      JSON.stringify({ nodes: [nodes[0], nodes[4], nodes[2]] }),
      /bad\.json: node 1 comes before its parent$/,
    ],
  ])('refuses %s in one line naming the file', (_, text, error) => {
    expect(() => readCountingProfile(profileFile('bad.json', text))).toThrow(error);
  });
});

describe('attributeProfile', () => {
  const trace = attributeProfile(readCountingProfile(profileFile('tree.json', JSON.stringify({ nodes }))), isHarness);

  it("drops the harness's frames and the built-ins it calls, and counts everything else", () => {
    // (V8 API) folds into the root (2); workload 10, the Promise it made 1, helper 4.
    expect(trace.totalCount).toBe(2 + 10 + 1 + 4);
    expect(trace.totalBytes).toBe(112 + 480 + 72 + 128);
    expect([...trace.harnessTraceNodeIds].sort()).toEqual([3, 4]);
  });

  it('keeps the shape of V8 allocation-tracker trees: one (root), workload nodes lifted out of harness frames', () => {
    const names = (n: (typeof trace.roots)[number]): unknown => ({
      fn: trace.functions[n.functionIndex]!.name,
      count: n.count,
      children: n.children.map(names),
    });
    expect(trace.roots.map(names)).toEqual([
      {
        fn: '(root)',
        count: 2,
        children: [
          {
            fn: 'workload',
            count: 10,
            children: [
              { fn: 'Promise', count: 1, children: [] },
              { fn: 'helper', count: 4, children: [] },
            ],
          },
        ],
      },
    ]);
  });
});
