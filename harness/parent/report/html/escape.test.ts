import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript } from './escape.js';

describe('escapeHtml', () => {
  it('escapes the five characters that can start markup or end an attribute', () => {
    expect(escapeHtml(`<script>alert(1)</script>"'&`)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });

  it('escapes an ampersand once, so an entity in a name shows as typed', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});

describe('jsonForScript', () => {
  const value = { name: `</script><script>alert(1)</script><!-- "'& \u2028\u2029` };

  it('has no character that could end the script block or open a comment', () => {
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
  });

  it('reads back unchanged', () => {
    expect(JSON.parse(jsonForScript(value))).toEqual(value);
  });
});
