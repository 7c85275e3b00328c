import { describe, expect, it } from 'vitest';
import { renderFigureChart } from './figure-chart.js';
import { sampleReport } from './fixtures/report.js';
import type { IdentifierEntry } from './model.js';

const failing = (): IdentifierEntry => structuredClone(sampleReport().files[1]!.identifiers[0]!);

describe('renderFigureChart', () => {
  it('draws a row per verdict: the figure as a bar, the limit as a mark, both on the larger one’s scale', () => {
    const svg = renderFigureChart(failing(), null);
    expect(svg.match(/<g class="figure-row">/g)).toHaveLength(8);
    // total_allocations 60 over its limit 54: the bar spans the track, the mark sits at 54/60 of it.
    expect(svg).toContain('<rect x="204" y="11" width="260.0" height="10" class="bar status-fail"/>');
    expect(svg).toContain(`<line x1="${(204 + (54 / 60) * 260).toFixed(1)}"`);
    expect(svg).toContain('60 / limit 54');
    expect(svg).not.toContain('base-mark');
  });

  it('says unavailable without a bar, and no limit without a mark', () => {
    const id = failing();
    id.verdicts = [
      { metric: 'total_native_allocations', value: null, limit: null, status: 'unavailable' },
      { metric: 'remaining_native_allocations', value: 3, limit: null, status: 'unchecked' },
    ];
    const svg = renderFigureChart(id, null);
    expect(svg).toContain('>unavailable</text>');
    expect(svg).toContain('>3 / no limit</text>');
    expect(svg.match(/class="bar /g)).toHaveLength(1);
    expect(svg).not.toContain('limit-mark');
  });

  it('marks the base figure when there is one', () => {
    const svg = renderFigureChart(failing(), { total_allocations: 30 });
    expect(svg.match(/class="base-mark"/g)).toHaveLength(1);
    expect(svg).toContain('base 30');
  });
});
