// Medians, ratios and Markdown tables of the cost benchmark.

export function median(values) {
  const present = values.filter((v) => v !== null && v !== undefined && Number.isFinite(v));
  if (present.length === 0) return null;
  const sorted = [...present].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function ratio(a, b) {
  return a === null || b === null || b === 0 ? null : a / b;
}

export const mb = (bytes) => (bytes === null || bytes === undefined ? '-' : `${Math.round(bytes / 2 ** 20)} MB`);
export const secs = (s) => (s === null || s === undefined ? '-' : `${s.toFixed(1)} s`);
export const times = (r) => (r === null || r === undefined ? '-' : `${r.toFixed(2)}x`);

/** A Markdown table with padded columns. */
export function markdownTable(header, rows) {
  const cells = [header, ...rows].map((row) => row.map((c) => String(c ?? '-').replaceAll('|', '\\|')));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join(
    '\n',
  );
}

/** Distinct values of a list, with their range: "3 (100 to 120)". */
export function distinct(values) {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return { count: 0, min: null, max: null, text: '-' };
  const set = new Set(present);
  const numeric = present.every((v) => typeof v === 'number');
  const min = numeric ? Math.min(...present) : null;
  const max = numeric ? Math.max(...present) : null;
  const range = numeric ? (min === max ? `${min}` : `${min} to ${max}`) : [...set].sort().join(', ');
  return { count: set.size, min, max, text: `${set.size} (${range})` };
}
