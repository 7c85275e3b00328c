import { describe, expect, it } from 'vitest';
import { timeFallbackLine, timeReport, timeSetup, withVirtualTime } from './virtual-time.js';

const base = { realTime: false, count: true, platform: 'linux' as const, libraryPath: import.meta.filename };

describe('timeSetup', () => {
  it('is virtual on Linux with the library built, real with --real-time, -n, another OS or no build', () => {
    expect(timeSetup(base)).toEqual({ mode: 'virtual', libraryPath: import.meta.filename });
    expect(timeSetup({ ...base, realTime: true })).toEqual({ mode: 'real', reason: '--real-time' });
    expect(timeSetup({ ...base, count: false })).toEqual({ mode: 'real', reason: 'not counting (--no-count)' });
    expect(timeSetup({ ...base, platform: 'darwin' }).mode).toBe('real');
    expect(timeSetup({ ...base, libraryPath: '/nowhere/virtual_time.node' })).toMatchObject({
      mode: 'real',
      reason: expect.stringMatching(/virtual_time\.node is not built: run 'npm run build:native'/),
    });
  });

  it('prints one line only where virtual time was wanted but cannot be had', () => {
    expect(timeFallbackLine(timeSetup(base))).toBeNull();
    expect(timeFallbackLine(timeSetup({ ...base, realTime: true }))).toBeNull();
    expect(timeFallbackLine(timeSetup({ ...base, platform: 'darwin' }))).toMatch(
      /^alloc-counter: children run in real time .*: virtual time needs Linux \(LD_PRELOAD\); this is darwin$/,
    );
  });
});

describe('withVirtualTime', () => {
  it('appends the library to LD_PRELOAD, after what is there, and leaves real time alone', () => {
    const setup = timeSetup(base);
    expect(withVirtualTime({ LD_PRELOAD: '/malloc_counter.node' }, setup).LD_PRELOAD).toBe(
      `/malloc_counter.node:${import.meta.filename}`,
    );
    expect(withVirtualTime({}, setup).LD_PRELOAD).toBe(import.meta.filename);
    const env = { PATH: '/bin' };
    expect(withVirtualTime(env, { mode: 'real', reason: '--real-time' })).toBe(env);
    expect(timeReport(setup)).toEqual({ mode: 'virtual', reason: null });
  });
});
