import { describe, expect, it } from 'vitest';
import type { ChildFailure } from './child-failure.js';
import { type ChildEnd, endFailure } from './exit.js';

const clean: ChildEnd = {
  timedOut: false,
  timeoutSeconds: 30,
  exitCode: 0,
  signal: undefined,
  done: true,
  reported: null,
};
const reported: ChildFailure = { kind: 'error', phase: 'import', message: 'no such module', stack: null };

const crash = (message: string): ChildFailure => ({ kind: 'crash', phase: null, message, stack: null });

describe('endFailure', () => {
  it('finds no failure when the child sent done and exited 0', () => {
    expect(endFailure(clean)).toBeNull();
  });

  it('lets a time-out win over everything', () => {
    const end = { ...clean, timedOut: true, exitCode: undefined, signal: 'SIGKILL', done: false, reported };
    expect(endFailure(end)).toEqual({
      kind: 'timeout',
      phase: null,
      message: 'timed out after 30 s (killed with its process group; raise --timeout if it is just slow)',
      stack: null,
    });
  });

  it('keeps what the child reported over how it exited', () => {
    expect(endFailure({ ...clean, exitCode: 1, done: false, reported })).toBe(reported);
    expect(endFailure({ ...clean, reported })).toBe(reported);
  });

  it('names the signal that killed the child', () => {
    const end = { ...clean, exitCode: undefined, signal: 'SIGSEGV', done: false };
    expect(endFailure(end)).toEqual(crash('the child was killed by SIGSEGV before finishing'));
  });

  it('names a non-zero exit code before finishing', () => {
    expect(endFailure({ ...clean, exitCode: 3, done: false })).toEqual(
      crash('the child exited with code 3 before finishing'),
    );
  });

  it('fails an exit 0 without done', () => {
    expect(endFailure({ ...clean, done: false })).toEqual(crash('the child exited with code 0 before finishing'));
  });

  it('fails a non-zero exit after done', () => {
    expect(endFailure({ ...clean, exitCode: 1 })).toEqual(crash('the child exited with code 1 after finishing'));
  });

  it('fails a signal after done', () => {
    expect(endFailure({ ...clean, exitCode: undefined, signal: 'SIGABRT' })).toEqual(
      crash('the child was killed by SIGABRT after finishing'),
    );
  });
});
