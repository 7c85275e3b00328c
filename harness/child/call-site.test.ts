import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { callerSite } from './call-site.js';

function callee(): ReturnType<typeof callerSite> {
  return callerSite(callee);
}

describe('callerSite', () => {
  it("gives the caller's file and a 1-based position, not the callee's", () => {
    const site = callee();
    expect(site).toBeDefined();
    const file = site!.file.startsWith('file:') ? fileURLToPath(site!.file) : site!.file;
    expect(file).toBe(fileURLToPath(import.meta.url));
    expect(site!.line).toBeGreaterThan(0);
    expect(site!.column).toBeGreaterThan(0);
    // Two calls on different lines: the position is the call's, not callee's.
    const other = callee();
    expect(other!.line).not.toBe(site!.line);
  });

  it("leaves Error's settings as they were", () => {
    const prepare = (): string => 'custom';
    const saved = { prepareStackTrace: Error.prepareStackTrace, stackTraceLimit: Error.stackTraceLimit };
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = 7;
    try {
      expect(callee()).toBeDefined();
      expect(Error.prepareStackTrace).toBe(prepare);
      expect(Error.stackTraceLimit).toBe(7);
    } finally {
      Object.assign(Error, saved);
    }
  });

  it('gives nothing, and throws nothing, when the stack has no frame', () => {
    const saved = Error.stackTraceLimit;
    // A callee that is not on the stack: V8 then captures no frame at all.
    expect(callerSite(() => undefined)).toBeUndefined();
    expect(Error.stackTraceLimit).toBe(saved);
  });
});
