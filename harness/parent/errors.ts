/**
 * Bad usage or configuration: the runner prints the message as one line and exits 2.
 * Line breaks and other control characters in it (a JSON parser quoting the input,
 * a file name) are shown escaped, so that it stays one line whatever it quotes.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(message: string) {
    super(oneLine(message));
  }
}

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with control characters escaped as in JSON: a line break as `\n`, others as `\u001b`. */
export function oneLine(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? (SHORT_ESCAPES[c] ?? `\\u${code.toString(16).padStart(4, '0')}`) : c;
  }
  return out;
}
