// Strings from a report (identifiers, file and site names) in GitHub-flavoured
// Markdown: a `|` would end a table cell, `<script>` would be HTML, a backtick
// or `*` would start code or emphasis, a newline would end the table row.

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Safe as a table cell or inline text (not inside HTML tags such as <summary>). */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
    .replace(/[\\`*_[\]~|]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '<br>');
}
