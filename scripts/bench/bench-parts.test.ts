// The pure parts of the cost benchmark: medians, distinct values, tables, the SVG chart, peaks from /proc.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain .mjs scripts without type declarations
import { pollPeaks } from './proc-peak.mjs';
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
    expect(svg).not.toContain('<title>');
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
