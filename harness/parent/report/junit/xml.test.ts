import { describe, expect, it } from 'vitest';
import { parseXml } from '../fixtures/reports.js';
import { element, renderXml, xmlAttribute, xmlText } from './xml.js';

describe('xmlText and xmlAttribute', () => {
  it('escapes the five markup characters', () => {
    expect(xmlText(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });

  it('drops control characters, lone surrogates and U+FFFE/U+FFFF, keeping tab, LF, CR and astral characters', () => {
    expect(xmlText('a\u0000b\u0008c\u000bd\u001fe\t\n\r\ud800f\udfffg\ufffe\uffffh😀')).toBe('abcde\t\n\rfgh😀');
  });

  it('keeps line breaks and tabs of an attribute value through a parser', () => {
    expect(xmlAttribute('a\nb\tc')).toBe('a&#10;b&#9;c');
    const doc = parseXml(renderXml(element('r', { v: 'one\ntwo\tthree' })));
    expect(doc.documentElement!.getAttribute('v')).toBe('one\ntwo\tthree');
  });
});

describe('renderXml', () => {
  it('leaves out undefined attributes and keeps text exactly', () => {
    const xml = renderXml(element('a', { x: 1, y: undefined }, [element('b', {}, ['  two\n  lines ']), element('c')]));
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1">\n  <b>  two\n  lines </b>\n  <c/>\n</a>\n');
    expect(parseXml(xml).getElementsByTagName('b')[0]!.textContent).toBe('  two\n  lines ');
  });
});
