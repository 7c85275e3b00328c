import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { file, identifier, parseXml, report } from '../fixtures/reports.js';
import { buildJunitXml, writeJunitReport } from './junit.js';

const TS = 'tests_04_performance/test_01_resources/test_a.ts';
const site = { file: TS, line: 17, column: 9 };

const passing = identifier(
  'test_a',
  {
    total_allocations: [1000, 1050, 'pass'],
    total_allocated_bytes: [48000, 48050, 'pass'],
    remaining_allocations: [0, 0, 'pass'],
    total_native_allocations: [null, null, 'unavailable'],
  },
  { site },
);
const failing = identifier(
  'test_a_more',
  { total_allocations: [1200, 1050, 'fail'], remaining_allocations: [9, 0, 'fail'] },
  { site: { ...site, line: 30 }, sites: [1, 2, 3, 4, 5, 6, 7].map((n) => [`fn${n}`, 1000 - n]) },
);
const crashed = file('tests_04_performance/test_crash.ts', [], {
  kind: 'crash',
  phase: null,
  message: 'the child was killed by SIGSEGV',
  stack: null,
});
crashed.output = 'line 1\nlast words\n';

const documentOf = (r = report([file(TS, [passing, failing]), crashed])) => parseXml(buildJunitXml(r));
const all = (node: { getElementsByTagName(name: string): ArrayLike<Element> }, name: string): Element[] =>
  Array.from(node.getElementsByTagName(name));
const caseNamed = (doc: ReturnType<typeof parseXml>, name: string): Element =>
  all(doc, 'testcase').find((c) => c.getAttribute('name') === name)!;
const properties = (testcase: Element): Record<string, string> =>
  Object.fromEntries(all(testcase, 'property').map((p) => [p.getAttribute('name'), p.getAttribute('value')]));

describe('buildJunitXml', () => {
  it('has one testcase per identifier, at its measure() call, with every figure, limit and delta', () => {
    const doc = documentOf();
    const testcase = caseNamed(doc, 'test_a');
    expect(testcase.getAttribute('classname')).toBe(TS);
    expect(testcase.getAttribute('file')).toBe(TS);
    expect(testcase.getAttribute('line')).toBe('17');
    expect(testcase.getAttribute('time')).toBe('0.500');
    expect(properties(testcase)).toMatchObject({
      total_allocations: '1000',
      'total_allocations.limit': '1050',
      'total_allocations.delta': '-50',
      'total_allocations.delta_percent': '-4.76',
      'total_allocations.status': 'pass',
      'remaining_allocations.delta': '0',
      total_native_allocations: 'unavailable',
    });
    expect(all(testcase, 'failure')).toHaveLength(0);
    const out = testcase.getElementsByTagName('system-out')[0]!.textContent!.split('\n');
    expect(out).toContain('[[PROPERTY|total_allocations=1000]]');
    expect(out).toContain('[[PROPERTY|total_allocations.limit=1050]]');
  });

  it('fails an identifier over its limit with a one-line message, the reasons and the top 5 sites', () => {
    const failure = caseNamed(documentOf(), 'test_a_more').getElementsByTagName('failure')[0]!;
    expect(failure.getAttribute('type')).toBe('limit');
    expect(failure.getAttribute('message')).toBe(
      'test_a_more.total_allocations: 1200 > 1050 allowed (+14.3%; baselines.json) (and 1 more)',
    );
    const body = failure.textContent!;
    expect(body).toContain('test_a_more.remaining_allocations: 9 > 0 allowed (+9 over 0; baselines.json)');
    expect(body).toContain('999 allocations, 15984 bytes: lib/server.ts:10 fn1');
    expect(body).toContain('fn5');
    expect(body).not.toContain('fn6');
  });

  it('gives a file that crashed an error testcase with its kind, message and output', () => {
    const testcase = all(documentOf(), 'testcase').find((c) => c.getAttribute('classname') === crashed.file)!;
    const error = testcase.getElementsByTagName('error')[0]!;
    expect(error.getAttribute('type')).toBe('crash');
    expect(error.getAttribute('message')).toBe('crash: the child was killed by SIGSEGV');
    expect(error.textContent).toContain('last words');
  });

  it('skips identifiers that were not counted, with no properties', () => {
    const doc = documentOf(report([file(TS, [identifier('test_n', {}, { uncounted: true })])]));
    const testcase = caseNamed(doc, 'test_n');
    expect(all(testcase, 'skipped')).toHaveLength(1);
    expect(all(testcase, 'property')).toHaveLength(0);
    expect(doc.documentElement!.getAttribute('skipped')).toBe('1');
  });

  it('counts tests, failures, errors, skipped and time in the suites and in total', () => {
    const doc = documentOf();
    const root = doc.documentElement!;
    expect(root.tagName).toBe('testsuites');
    expect([...['tests', 'failures', 'errors', 'skipped', 'time'].map((a) => root.getAttribute(a))]).toEqual([
      '3',
      '1',
      '1',
      '0',
      '4.000',
    ]);
    const [first, second] = all(doc, 'testsuite');
    expect(first!.getAttribute('name')).toBe(TS);
    expect(first!.getAttribute('tests')).toBe('2');
    expect(first!.getAttribute('failures')).toBe('1');
    expect(second!.getAttribute('errors')).toBe('1');
    expect(second!.getAttribute('time')).toBe('1.500');
  });

  it('fails a figure without a limit only when the run required limits', () => {
    const missing = identifier('test_m', { total_allocations: [5, null, 'missing'] });
    const required = documentOf(report([file(TS, [missing])]));
    expect(caseNamed(required, 'test_m').getElementsByTagName('failure')[0]!.getAttribute('type')).toBe(
      'missing-limit',
    );
    const policy = { allowMissing: true, allowImprovements: false, headroom: { exactBelow: 1000, roundTo: 50 } };
    const allowed = documentOf(report([file(TS, [missing])], { policy }));
    expect(all(allowed, 'failure')).toHaveLength(0);
  });

  it('round-trips a file name holding markup and drops characters XML 1.0 cannot hold', () => {
    const name = `tests/te<st>&amp;"quoted"'s.ts`;
    const bad = file(name, [identifier('test_x', { total_allocations: [1, 1, 'pass'] })], {
      kind: 'error',
      phase: 'run',
      message: 'boom\u0001\u0000 with \ud800 lone surrogate, tab\tand 😀',
      stack: 'Error: boom\n    at run (x.ts:1:1)',
    });
    bad.output = 'output\u001b[31m in colour\u001b[0m\n';
    const xml = buildJunitXml(report([bad]));
    const controls = [...xml].filter((c) => c.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(c));
    expect(controls).toEqual([]);
    const doc = parseXml(xml);
    expect(all(doc, 'testsuite')[0]!.getAttribute('name')).toBe(name);
    expect(caseNamed(doc, 'test_x').getAttribute('classname')).toBe(name);
    const error = doc.getElementsByTagName('error')[0]!;
    expect(error.getAttribute('message')).toBe('error (run): boom with  lone surrogate, tab and 😀');
    expect(error.textContent).toContain('Error: boom\n    at run (x.ts:1:1)');
    expect(error.textContent).toContain('output[31m in colour[0m');
  });
});

describe('writeJunitReport', () => {
  it('writes the document to the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'junit-'));
    try {
      const path = join(dir, 'junit.xml');
      const r = report([file(TS, [passing])]);
      writeJunitReport(path, r);
      expect(readFileSync(path, 'utf8')).toBe(buildJunitXml(r));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
