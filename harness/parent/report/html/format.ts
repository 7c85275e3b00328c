// Numbers as the page shows them. Counts are exact, so they are never rounded:
// only grouped by thousands. Bytes get a short form beside the exact figure.

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return grouped.format(value);
}

/** `32.3 MB`: for labels where the exact byte count would not fit. */
export function formatBytesShort(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export function formatSigned(value: number): string {
  if (value === 0) return '±0';
  return value > 0 ? `+${formatCount(value)}` : formatCount(value);
}

/** The first line of a message, for one-line lists. */
export function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
