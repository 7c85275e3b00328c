import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, workflowCommand } from './commands.js';

describe('workflow command escaping', () => {
  it('escapes % first, then CR and LF, in a message', () => {
    expect(escapeData('100% of\r\nit: a, b')).toBe('100%25 of%0D%0Ait: a, b');
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('escapes : and , too in a property', () => {
    expect(escapeProperty('C:\\x,y%\n')).toBe('C%3A\\x%2Cy%25%0A');
  });

  it('writes properties in order, leaving out undefined ones', () => {
    expect(workflowCommand('error', { file: 'a,b.ts', line: 3, col: undefined, title: 'T: x' }, 'one\ntwo')).toBe(
      '::error file=a%2Cb.ts,line=3,title=T%3A x::one%0Atwo',
    );
    expect(workflowCommand('notice', {}, 'n')).toBe('::notice::n');
  });
});
