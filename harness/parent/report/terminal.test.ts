import { describe, expect, it } from 'vitest';
import { colorEnabled, painter, progressEnabled } from './terminal.js';

describe('colorEnabled', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    // Any value, even empty, as the runner has always read it.
    [{ NO_COLOR: '' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '3' }, false, true],
    [{ FORCE_COLOR: '0' }, true, true],
    [{ FORCE_COLOR: '0' }, false, false],
    [{ FORCE_COLOR: '' }, false, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '0', NO_COLOR: '1' }, true, false],
  ])('%j on a TTY %s: %s', (env, isTTY, expected) => {
    expect(colorEnabled(env, isTTY)).toBe(expected);
  });
});

describe('progressEnabled', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ CI: 'true' }, true, false],
    [{ CI: '1' }, true, false],
    [{ CI: '' }, true, true],
    // Colours are another question: a forced colour does not make a pipe a terminal.
    [{ FORCE_COLOR: '1' }, false, false],
    [{ NO_COLOR: '1' }, true, true],
  ])('%j on a TTY %s: %s', (env, isTTY, expected) => {
    expect(progressEnabled(env, isTTY)).toBe(expected);
  });
});

describe('painter', () => {
  it('adds escape codes only when enabled, whatever the stream', () => {
    expect(painter(false)('red', 'x')).toBe('x');
    expect(painter(true)('red', 'x')).toBe('\u001b[31mx\u001b[39m');
  });
});
