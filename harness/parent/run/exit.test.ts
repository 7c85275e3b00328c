import { describe, expect, it } from 'vitest';
import type { ChildFailure } from './child-failure.js';
import { type ChildEnd, endFailure, heapLimitMb } from './exit.js';

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
    expect(endFailure(end)).toEqual(crash('segmentation fault: the child was killed by SIGSEGV before finishing'));
    expect(endFailure({ ...end, signal: 'SIGBUS' })?.message).toBe(
      'bus error: the child was killed by SIGBUS before finishing',
    );
    expect(endFailure({ ...end, signal: 'SIGKILL' })?.message).toBe('the child was killed by SIGKILL before finishing');
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
      crash('abort: the child was killed by SIGABRT after finishing'),
    );
  });

  it('says out of memory when V8 said so, with the heap limit the child was given', () => {
    const oom = { ...clean, exitCode: undefined, signal: 'SIGABRT', done: false };
    const output = 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n';
    expect(endFailure({ ...oom, output, heapLimitMb: 32 })?.message).toBe(
      'out of memory (heap limit 32 MB): the child was killed by SIGABRT before finishing',
    );
    expect(endFailure({ ...oom, output: 'Reached heap limit' })?.message).toBe(
      'out of memory: the child was killed by SIGABRT before finishing',
    );
    expect(endFailure({ ...oom, output: 'an abort without those words' })?.message).toMatch(/^abort: /);
  });
});

describe('output flood', () => {
  it('names a child whose output passed what the runner keeps, over the EPIPE it then reported', () => {
    const end = { ...clean, exitCode: 1, done: false, reported, outputOverflowMb: 64 };
    expect(endFailure(end)?.message).toBe(
      'output flood: the test wrote more than 64 MB to stdout and stderr (print less)',
    );
  });
});

describe('heapLimitMb', () => {
  it('reads --max-old-space-size from NODE_OPTIONS', () => {
    expect(heapLimitMb('--max-old-space-size=32')).toBe(32);
    expect(heapLimitMb('--trace-gc --max_old_space_size=512')).toBe(512);
    expect(heapLimitMb('--trace-gc')).toBeNull();
    expect(heapLimitMb(undefined)).toBeNull();
  });
});
