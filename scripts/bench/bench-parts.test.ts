// The pure parts of the cost benchmark: medians, distinct values, tables, the SVG chart, peaks from /proc.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs scripts without type declarations
import { pollPeaks } from './proc-peak.mjs';
// @ts-expect-error: plain .mjs scripts without type declarations
import { renderSection } from './render.mjs';
// @ts-expect-error: plain .mjs scripts without type declarations
import { distinct, markdownTable, median, ratio } from './stats.mjs';
// @ts-expect-error: plain .mjs scripts without type declarations
import { escapeXml, lineChart, ticks } from './svg-chart.mjs';

describe('bench stats', () => {
  it('takes the median of the finished runs only', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([null, 5])).toBe(5);
    expect(median([null])).toBeNull();
    expect(ratio(6, 2)).toBe(3);
    expect(ratio(null, 2)).toBeNull();
  });

  it('counts distinct values with their range', () => {
    expect(distinct([10066, 10066, 10066]).text).toBe('1 (10066)');
    expect(distinct([3, 1, 2, 1]).text).toBe('3 (1 to 3)');
    expect(distinct(['1.00 mb', '1.02 mb']).count).toBe(2);
  });

  it('pads a Markdown table and escapes its pipes', () => {
    expect(markdownTable(['a', 'bb'], [['x|y', 1]]).split('\n')).toEqual([
      '| a    | bb  |',
      '| ---- | --- |',
      '| x\\|y | 1   |',
    ]);
  });
});

describe("bench tables and issue 11's acceptance", () => {
  const mode = (seconds: number | null, over: number | null, peak: number) => ({
    runs: 1,
    over,
    skipped: null,
    seconds,
    childSeconds: seconds,
    parentPeak: peak,
    childPeak: peak,
    peak,
    list: [{ figures: { test_x: { total_allocations: 104, remaining_allocations: 0 } }, outputs: [] }],
  });

  it('judges the suite by its ratio and its time', () => {
    const { acceptance } = renderSection('suite', { counted: mode(50, null, 1), uncounted: mode(25, null, 1) });
    expect(acceptance).toEqual([
      '- met: suite counted <= 2.5 x -n: 2.00x',
      '- met: suite counted, default -j, under 60 s: 50.0 s (1 run)',
    ]);
  });

  it('judges the 200 MB case, and a counted run stopped at its bound fails the time ratio', () => {
    const s = { counted: mode(null, 600, 5 * 2 ** 30), uncounted: mode(20, null, 2 ** 30) };
    const { table, acceptance } = renderSection('big-heap', [{ size: 200, s }]);
    expect(table).toContain('over 600 s');
    expect(acceptance[0]).toBe('- NOT met: 200 MB: counted time <= 4 x -n: over 600 s');
    expect(acceptance[1]).toMatch(/^- NOT met: 200 MB: counted peak RSS <= 3 x -n: 5.00x \(run stopped/);
    expect(acceptance[2]).toBe('- met: 200 MB: 100..110 allocations, 0 remaining: 104, 0');
  });
});

describe('bench SVG chart', () => {
  it('puts ticks on round numbers covering the data', () => {
    expect(ticks(0, 4900, false)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(ticks(0, 18.4, false)).toEqual([0, 5, 10, 15, 20]);
    expect(ticks(1000, 1e6, true)).toEqual([1000, 10000, 100000, 1000000]);
  });

  it('draws every series, says which points did not finish, and escapes names', () => {
    const svg: string = lineChart({
      title: 'a <title>',
      xLabel: 'MB',
      yLabel: 's',
      series: [
        {
          name: 'counted',
          points: [
            [0, 18],
            [100, 40],
            [500, null],
          ],
        },
        {
          name: '-n',
          points: [
            [0, 5],
            [100, 6],
            [500, 7],
          ],
          dashed: true,
        },
      ],
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain(escapeXml('a <title>'));
    expect(svg).not.toContain('a <title>');
    expect(svg).toContain(`<title>${escapeXml('a <title>')}</title>`);
    expect(svg.match(/<circle /g)).toHaveLength(5);
    expect(svg).toContain('counted (1 point did not finish)');
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });
});

describe('bench peaks from /proc', () => {
  it("tells the runner's parent from its children and sees their high-water marks", async () => {
    // A stand-in parent (a script named dist/harness/cli.js) whose child holds 64 MB for a moment.
    const dir = mkdtempSync(join(tmpdir(), 'bench-peaks-'));
    try {
      mkdirSync(join(dir, 'dist', 'harness'), { recursive: true });
      const holder = 'const b = Buffer.alloc(64 * 2 ** 20, 1); setTimeout(() => b, 400);';
      const cli = `require('node:child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(holder)}]);`;
      writeFileSync(join(dir, 'dist', 'harness', 'cli.js'), cli);
      const shell = spawn('sh', ['-c', `node ${join(dir, 'dist', 'harness', 'cli.js')}`], { stdio: 'ignore' });
      const poller = pollPeaks(shell.pid, 20);
      await new Promise((resolve) => shell.on('close', resolve));
      const peaks = poller.stop();
      expect(peaks.children).toBe(1);
      expect(peaks.childPeak).toBeGreaterThan(64 * 2 ** 20);
      expect(peaks.parentPeak).toBeGreaterThan(0);
      expect(peaks.parentPeak).toBeLessThan(64 * 2 ** 20);
      expect(peaks.treeRssMax).toBeGreaterThan(64 * 2 ** 20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
