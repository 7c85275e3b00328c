// A load test's figures in the HTML report: each median with its spread over
// the runs and its limits, the offered load, and the checks.
import { loadNoteLine } from '../../load/load-text.js';
import { escapeHtml } from './escape.js';
import type { IdentifierEntry } from './model.js';

type Load = NonNullable<IdentifierEntry['load']>;

function limitsCell(load: Load, metric: string): string {
  const verdicts = load.verdicts.filter((v) => v.metric === metric);
  if (verdicts.length === 0) return '';
  return verdicts
    .map((v) => {
      const relation = v.bound === 'max' ? '≤' : '≥';
      const cls = v.status === 'fail' ? 'over' : '';
      return `<span class="${cls}">${relation} ${escapeHtml(String(v.limit.value))} (${escapeHtml(v.limit.source)})</span>`;
    })
    .join('<br>');
}

export function renderLoadTable(id: IdentifierEntry): string {
  const load = id.load;
  if (load == null) return '';
  const rows = Object.entries(load.figures).map(([metric, value]) => {
    const spread = load.spread[metric as keyof typeof load.spread];
    const range = spread?.min == null ? '' : `${spread.min} – ${spread.max}`;
    const shown =
      load.saturated && metric.startsWith('latency_')
        ? 'not reported (generator saturated)'
        : String(value ?? 'unavailable');
    return `<tr><td>${escapeHtml(metric)}</td><td class="num">${escapeHtml(shown)}</td><td class="num">${escapeHtml(range)}</td><td>${limitsCell(load, metric)}</td></tr>`;
  });
  const checks = load.checks.map(
    (c) =>
      `<li class="${c.passed ? '' : 'over'}">${c.passed ? '✓' : '✗'} ${escapeHtml(c.name)}: ${escapeHtml(c.detail)}</li>`,
  );
  return [
    '<div class="load-box">',
    `<p class="hint">${escapeHtml(loadNoteLine(id.identifier, load).replace(/^note: /, ''))}</p>`,
    '<table class="load"><thead><tr><th>load figure</th><th>median</th><th>runs</th><th>limits</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
    checks.length === 0 ? '' : `<ul class="checks">${checks.join('')}</ul>`,
    '</div>',
  ].join('\n');
}
