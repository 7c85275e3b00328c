import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from './escape.js';

describe('escapeMarkdown', () => {
  it('escapes table pipes, HTML, code, emphasis and newlines', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('<script>x&y</script>')).toBe('&lt;script&gt;x&amp;y&lt;/script&gt;');
    expect(escapeMarkdown('`f` *g* [h]')).toBe('\\`f\\` \\*g\\* \\[h\\]');
    expect(escapeMarkdown('a\nb\r\nc')).toBe('a<br>b<br>c');
    expect(escapeMarkdown('a\\|b')).toBe('a\\\\\\|b');
  });
});
