import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compiledHarnessDir } from '../project/paths.js';
import type { FileResult } from '../run/suite.js';
import {
  type Baselines,
  baselinesSchema,
  DEFAULT_HEADROOM,
  limitForFigure,
  MAX_BASELINES_BYTES,
  readBaselines,
  releaseMismatchWarning,
  writeBaselinesAtomically,
} from './baselines.js';
import { lockBaselines, planUpdate } from './update-baselines.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'alloc-counter-baselines-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sample = (): Baselines => ({
  schemaVersion: 1,
  runtimes: {
    'node-20': {
      node: 'v20.20.2',
      v8: '11.3',
      updatedAt: '2026-01-01T00:00:00.000Z',
      limits: { kept: { total_allocations: 5000, remaining_allocations: 2 }, other: { total_allocations: 7 } },
    },
    'node-24': {
      node: 'v24.0.0',
      v8: '13.6',
      updatedAt: '2026-01-01T00:00:00.000Z',
      limits: { kept: { total_allocations: 1 } },
    },
  },
});

function fileResult(identifier: string, figures: Record<string, number | null> | null): FileResult {
  return {
    file: `/x/${identifier}.ts`,
    displayName: `${identifier}.ts`,
    identifiers: [
      {
        identifier,
        runs: [],
        figures: figures as never,
        disagreements: [],
        verdicts: [],
        diagnostics: null,
        native: { unavailable: null, untrackedBlocks: 0 },
      },
    ],
    failure: null,
    output: '',
    durationMs: 1,
    node: 'v20.20.2',
    v8: '11.3',
  };
}

describe('readBaselines', () => {
  it('treats a missing file as empty', () => {
    expect(readBaselines(join(dir, 'none.json')).runtimes).toEqual({});
  });

  it.each([
    ['{ "schemaVersion": 1, "runtimes": ', /baselines\.json: not valid JSON: /],
    [
      '{ "schemaVersion": 1, "runtimes": { "node-20": { "node": "v20", "v8": "x", "updatedAt": "t", "limits": { "a": { "total_allocations": "12" } } } } }',
      /baselines\.json: at runtimes\.node-20\.limits\.a\.total_allocations: .*number/,
    ],
    [
      '{ "schemaVersion": 1, "runtimes": { "node-20": { "node": "v20", "v8": "x", "updatedAt": "t", "limits": { "a": { "total_alocations": 12 } } } } }',
      /baselines\.json: at runtimes\.node-20\.limits\.a: .*unknown field "total_alocations"/,
    ],
    [
      '{ "schemaVersion": 1, "runtimes": { "node20": { "node": "v20", "v8": "x", "updatedAt": "t", "limits": {} } } }',
      /baselines\.json: at runtimes\.node20: .*runtime key such as "node-20"/,
    ],
    [
      '{ "schemaVersion": 1, "runtimes": { "node-20": { "node": "v20", "v8": "x", "updatedAt": "t", "limits": { "a": { "total_allocations": -1 } } } } }',
      /baselines\.json: at runtimes\.node-20\.limits\.a\.total_allocations: /,
    ],
    ['{ "schemaVersion": 2, "runtimes": {} }', /baselines\.json: at schemaVersion: /],
  ])('rejects %s with the file and the JSON path', (content, message) => {
    const path = join(dir, 'baselines.json');
    writeFileSync(path, content);
    expect(() => readBaselines(path)).toThrow(message);
  });
});

describe('readBaselines on huge or odd files', () => {
  it('refuses a file over the size cap unread, in one line', () => {
    const path = join(dir, 'baselines.json');
    writeFileSync(path, Buffer.alloc(MAX_BASELINES_BYTES + 1, 0x20));
    expect(() => readBaselines(path)).toThrow(
      /baselines\.json: 32\.0 MB, more than the 32\.0 MB a baselines file may hold/,
    );
  });

  it('names three of ten thousand unknown keys and counts the rest', () => {
    const path = join(dir, 'baselines.json');
    const keys = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
    writeFileSync(path, JSON.stringify({ schemaVersion: 1, runtimes: {}, ...keys }));
    expect(() => readBaselines(path)).toThrow(
      /^[^\n]*: at \(top level\): unknown field "k0", "k1", "k2" and 9997 more$/,
    );
  });

  it('keeps the message one line when the file quotes a line break', () => {
    const path = join(dir, 'baselines.json');
    writeFileSync(path, '\nnot json');
    expect(() => readBaselines(path)).toThrow(
      /: not valid JSON: Unexpected token 'o', "\\nnot json" is not valid JSON$/,
    );
  });

  it('says a folder cannot be read rather than calling it bad JSON', () => {
    const path = join(dir, 'baselines.json');
    mkdirSync(path);
    expect(() => readBaselines(path)).toThrow(/baselines\.json: cannot read: EISDIR/);
  });
});

describe('limitForFigure (headroom)', () => {
  it('is exact below 1000 and rounds up to a multiple of 50 above', () => {
    const none = { ...DEFAULT_HEADROOM, percent: 0 };
    expect(limitForFigure(999, 'total_allocations', none)).toBe(999);
    expect(limitForFigure(1000, 'total_allocations', none)).toBe(1000);
    expect(limitForFigure(1001, 'total_allocations', none)).toBe(1050);
    expect(limitForFigure(134090, 'total_allocations', none)).toBe(134100);
    expect(limitForFigure(134090, 'remaining_allocations', none)).toBe(134090);
  });

  it("adds each metric's headroom percentage by default, none to exact metrics", () => {
    expect(limitForFigure(184041, 'total_allocations', DEFAULT_HEADROOM)).toBe(184250); // +0.1%
    expect(limitForFigure(16763, 'total_native_allocations', DEFAULT_HEADROOM)).toBe(21000); // +25%
    expect(limitForFigure(100, 'total_native_allocations', DEFAULT_HEADROOM)).toBe(150); // +50 at least
    expect(limitForFigure(20, 'remaining_native_allocations', DEFAULT_HEADROOM)).toBe(30); // +50%
    expect(limitForFigure(0, 'remaining_native_allocations', DEFAULT_HEADROOM)).toBe(8); // +8 at least
    expect(limitForFigure(10, 'remaining_allocations', DEFAULT_HEADROOM)).toBe(10); // exact
  });

  it('applies a configured percentage before rounding', () => {
    expect(limitForFigure(10000, 'total_allocations', { exactBelow: 1000, percent: 5, roundTo: 100 })).toBe(10500);
  });
});

describe('planUpdate', () => {
  it('rewrites only the measured identifiers of the running key and keeps everything else', () => {
    const figures = {
      total_allocations: 1234,
      total_allocated_bytes: 50,
      remaining_allocations: 1,
      total_native_allocations: null, // native counting unavailable: no limit written
      total_native_allocated_bytes: null,
      remaining_native_allocations: null,
      leaked_fds: 0,
      leaked_handles: 0,
    };
    const { next, changes } = planUpdate(
      sample(),
      'node-20',
      { node: 'v20.21.0', v8: '11.4' },
      [fileResult('test_kept', figures)],
      new Date(0),
    );
    // 1234 + 0.1% = 1236, rounded up to 1250.
    expect(next.runtimes['node-20']!.limits.kept).toEqual({
      total_allocations: 1250,
      total_allocated_bytes: 50,
      remaining_allocations: 1,
      leaked_fds: 0,
      leaked_handles: 0,
    });
    expect(next.runtimes['node-20']!.limits.other).toEqual({ total_allocations: 7 });
    expect(next.runtimes['node-24']).toEqual(sample().runtimes['node-24']);
    expect(next.runtimes['node-20']!.node).toBe('v20.21.0');
    expect(changes.map((c) => `${c.name}.${c.metric}:${c.old}->${c.new}`)).toEqual([
      'kept.total_allocations:5000->1250',
      'kept.total_allocated_bytes:undefined->50',
      'kept.remaining_allocations:2->1',
      'kept.leaked_fds:undefined->0',
      'kept.leaked_handles:undefined->0',
    ]);
  });

  it('changes nothing (not even the versions) when every limit is already right', () => {
    const base = sample();
    const limits = {
      total_allocations: 5000,
      total_allocated_bytes: 50,
      remaining_allocations: 2,
      leaked_fds: 0,
      leaked_handles: 0,
    };
    base.runtimes['node-20']!.limits.kept = { ...limits, total_native_allocations: 1250 };
    const figures = {
      ...limits,
      total_allocations: 4990,
      total_native_allocations: 1000,
      total_native_allocated_bytes: 60,
      remaining_native_allocations: 0,
    };
    const { next, changes } = planUpdate(
      base,
      'node-20',
      { node: 'v99', v8: 'x' },
      [fileResult('test_kept', figures)],
      new Date(),
    );
    expect(changes).toEqual([]);
    expect(next).toEqual(base);
  });
});

describe('lockBaselines', () => {
  it('refuses a second update while the first holds the lock, and takes over a stale lock', () => {
    const path = join(dir, 'baselines.json');
    const release = lockBaselines(path);
    expect(() => lockBaselines(path)).toThrow(/another --update-baselines \(pid \d+\) is updating/);
    release();
    expect(existsSync(`${path}.lock`)).toBe(false);
    writeFileSync(`${path}.lock`, '999999999\n'); // a pid that cannot be running
    writeFileSync(`${path}.999999999.tmp`, '{"half'); // its write, cut short
    writeFileSync(`${path}.1.tmp`, "not the stale holder's");
    const again = lockBaselines(path);
    expect(existsSync(`${path}.999999999.tmp`)).toBe(false);
    expect(existsSync(`${path}.1.tmp`)).toBe(true);
    again();
  });
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('writeBaselinesAtomically', () => {
  it('leaves the old or the new file, never a broken one, when killed with SIGKILL at any moment', async () => {
    const path = join(dir, 'baselines.json');
    // A large file makes each write take long enough to be interrupted.
    const big = (n: number): Baselines => {
      const limits: Baselines['runtimes'][string]['limits'] = {};
      for (let i = 0; i < 20000; i++)
        limits[`id_${i}`] = { total_allocations: n, total_allocated_bytes: n * 48, remaining_allocations: 0 };
      return { schemaVersion: 1, runtimes: { 'node-20': { node: 'v20', v8: 'x', updatedAt: 't', limits } } };
    };
    writeBaselinesAtomically(path, big(0));
    const writer = `
      const { writeBaselinesAtomically } = await import(${JSON.stringify(join(compiledHarnessDir, 'parent', 'limits', 'baselines.js'))});
      const limits = {};
      for (let n = 1; ; n++) {
        for (let i = 0; i < 20000; i++) limits['id_' + i] = { total_allocations: n, total_allocated_bytes: n * 48, remaining_allocations: 0 };
        writeBaselinesAtomically(${JSON.stringify(path)}, { schemaVersion: 1, runtimes: { 'node-20': { node: 'v20', v8: 'x', updatedAt: 't', limits } } });
      }`;
    // Delays after the child's first rename, not after its start: a loaded machine takes longer to start Node.
    for (const delayMs of [0, 60, 120, 180, 240]) {
      const before = statSync(path).ino;
      const child = execa(process.execPath, ['--input-type=module', '-e', writer], { reject: false });
      await until(() => statSync(path).ino !== before, 60_000);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGKILL');
      expect((await child).signal).toBe('SIGKILL');
      const parsed = baselinesSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
      const values = new Set(Object.values(parsed.runtimes['node-20']!.limits).map((l) => l.total_allocations));
      expect(values.size).toBe(1); // one whole version, not a mix
    }
  });
});

describe('planUpdate over several processes', () => {
  it('takes the highest figure for the limit and keeps the lowest of an exact metric that differed', () => {
    const figures = (remaining: number, total: number) => ({
      total_allocations: total,
      total_allocated_bytes: 5000,
      remaining_allocations: remaining,
      total_native_allocations: null,
      total_native_allocated_bytes: null,
      remaining_native_allocations: null,
      leaked_fds: 0,
      leaked_handles: 0,
    });
    const results = [
      fileResult('test_kept', figures(7, 2000)),
      fileResult('test_kept', figures(9, 2100)),
      fileResult('test_kept', figures(8, 2050)),
    ];
    const { next } = planUpdate(sample(), 'node-20', { node: 'v20', v8: 'x' }, results, new Date(0));
    expect(next.runtimes['node-20']!.limits.kept).toMatchObject({
      total_allocations: 2150,
      remaining_allocations: 9,
      leaked_fds: 0,
    });
    expect(next.runtimes['node-20']!.lowest).toEqual({ kept: { remaining_allocations: 7 } });
  });
});

describe('releaseMismatchWarning', () => {
  it('says nothing when the limits were measured on the running release, or there are none', () => {
    expect(releaseMismatchWarning(sample(), 'node-20', 'v20.20.2', 'baselines.json')).toBeNull();
    expect(releaseMismatchWarning(sample(), 'node-22', 'v22.1.0', 'baselines.json')).toBeNull();
  });

  it('names both releases and how to run the one the limits came from', () => {
    const line = releaseMismatchWarning(sample(), 'node-24', 'v24.22.3', 'baselines.json');
    expect(line).toBe(
      'warning: baselines.json: the node-24 limits were measured on Node v24.0.0, the tests run on v24.22.3; ' +
        'counts move between Node releases: run v24.0.0 (scripts/fetch-node.sh 24.0.0, then --node 24.0.0) ' +
        'or regenerate the limits with --update-baselines',
    );
  });
});
