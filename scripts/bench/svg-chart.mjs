// A small self-contained SVG line chart (no fonts, scripts or URLs): the
// benchmark's plots are written by this code at run time, without a network.

const WIDTH = 480;
const PLOT_HEIGHT = 216;
const LEGEND_LINE = 14;
const COLOURS = ['#c0392b', '#2471a3', '#1e8449', '#7d3c98', '#b9770e'];

export function escapeXml(text) {
  return String(text).replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Round numbers for axis ticks: 1, 2, 5 x 10^k on a linear axis, powers of 10 on a log axis. */
export function ticks(min, max, log) {
  if (log) {
    const out = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) out.push(10 ** e);
    return out;
  }
  if (max === min) return [min];
  const raw = (max - min) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const out = [Number((Math.floor(min / step) * step).toPrecision(12))];
  while (out[out.length - 1] < max) out.push(Number((out[out.length - 1] + step).toPrecision(12)));
  return out;
}

export function formatTick(value, log = false) {
  if (log && value >= 1000) return `1e${Math.round(Math.log10(value))}`;
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
}

/**
 * series: [{ name, points: [[x, y], ...], dashed? }]; points with a null y are
 * skipped (a case that did not finish), and said so in the legend.
 */
export function lineChart({ title, xLabel, yLabel, xLog = false, yLog = false, series }) {
  const MARGIN = { left: 64, right: 16, top: 32, bottom: 44 + LEGEND_LINE * series.length };
  const HEIGHT = MARGIN.top + PLOT_HEIGHT + MARGIN.bottom;
  const all = series.flatMap((s) => s.points.filter(([, y]) => y !== null && y > 0));
  if (all.length === 0) throw new Error(`chart "${title}": no points`);
  const xs = all.map(([x]) => x);
  const ys = all.map(([, y]) => y);
  const xTicks = ticks(Math.min(...xs), Math.max(...xs), xLog);
  const yTicks = ticks(yLog ? Math.min(...ys) : 0, Math.max(...ys), yLog);
  const [x0, x1] = [xTicks[0], xTicks[xTicks.length - 1]];
  const [y0, y1] = [yTicks[0], yTicks[yTicks.length - 1]];
  const f = (v, log) => (log ? Math.log10(v) : v);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x) =>
    MARGIN.left + (x1 === x0 ? plotW / 2 : ((f(x, xLog) - f(x0, xLog)) / (f(x1, xLog) - f(x0, xLog))) * plotW);
  const sy = (y) =>
    MARGIN.top + plotH - (y1 === y0 ? plotH / 2 : ((f(y, yLog) - f(y0, yLog)) / (f(y1, yLog) - f(y0, yLog))) * plotH);
  const r = (n) => n.toFixed(1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="13">${escapeXml(title)}</text>`,
  ];
  for (const t of xTicks) {
    parts.push(`<line x1="${r(sx(t))}" x2="${r(sx(t))}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#eee"/>`);
    parts.push(
      `<text x="${r(sx(t))}" y="${MARGIN.top + plotH + 14}" text-anchor="middle">${formatTick(t, xLog)}</text>`,
    );
  }
  for (const t of yTicks) {
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${r(sy(t))}" y2="${r(sy(t))}" stroke="#eee"/>`,
    );
    parts.push(`<text x="${MARGIN.left - 4}" y="${r(sy(t) + 4)}" text-anchor="end">${formatTick(t, yLog)}</text>`);
  }
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH + 30}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const shown = s.points.filter(([, y]) => y !== null && y > 0);
    const path = shown.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${r(sx(x))} ${r(sy(y))}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
    if (shown.length > 1) parts.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>`);
    for (const [x, y] of shown) parts.push(`<circle cx="${r(sx(x))}" cy="${r(sy(y))}" r="3" fill="${colour}"/>`);
    const missing = s.points.length - shown.length;
    const legendY = MARGIN.top + plotH + 50 + i * LEGEND_LINE;
    const legendX = MARGIN.left;
    parts.push(
      `<line x1="${legendX}" x2="${legendX + 18}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${colour}" stroke-width="2"${dash}/>`,
    );
    const note = missing > 0 ? ` (${missing} point${missing > 1 ? 's' : ''} did not finish)` : '';
    parts.push(`<text x="${legendX + 22}" y="${legendY}">${escapeXml(s.name + note)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
