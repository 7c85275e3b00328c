// Every string of a report comes from a test (file names, identifiers, function
// names, error messages, output): it goes into the page only through these.

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for an element's content or a quoted attribute value (the same escaping serves both). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * JSON for a `<script type="application/json">` block. `<` as \u003c keeps
 * `</script>` and `<!--` in a string from ending the block; `>` and `&` go
 * too for parsers that look for `-->`; U+2028/U+2029 for older JS parsers.
 * JSON.parse reads them back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
