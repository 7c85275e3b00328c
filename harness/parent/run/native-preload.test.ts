import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeSetup, withNativePreload } from './native-preload.js';

const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-preload-'));
const library = join(dir, 'malloc_counter.node');
writeFileSync(library, '');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nativeSetup', () => {
  it('preloads the library on Linux when it is built', () => {
    expect(nativeSetup({ count: true, platform: 'linux', libraryPath: library, env: {} })).toEqual({
      available: true,
      libraryPath: library,
    });
  });

  it.each([
    [{ count: false, platform: 'linux' as const, libraryPath: library, env: {} }, /--no-count/],
    [{ count: true, platform: 'darwin' as const, libraryPath: library, env: {} }, /needs Linux .*this is darwin/],
    [
      { count: true, platform: 'linux' as const, libraryPath: join(dir, 'missing.node'), env: {} },
      /missing\.node is not built: run 'npm run build:native'/,
    ],
    [
      { count: true, platform: 'linux' as const, libraryPath: library, env: { ALLOC_COUNTER_NO_NATIVE: '1' } },
      /ALLOC_COUNTER_NO_NATIVE=1/,
    ],
  ])('says why native counting is unavailable (%#)', (args, reason) => {
    const setup = nativeSetup(args);
    expect(setup.available).toBe(false);
    expect(setup.available ? '' : setup.reason).toMatch(reason);
  });
});

describe('withNativePreload', () => {
  it('puts our library first and keeps what was preloaded already', () => {
    const setup = { available: true as const, libraryPath: '/x/malloc_counter.node' };
    expect(withNativePreload({ A: '1' }, setup)).toEqual({ A: '1', LD_PRELOAD: '/x/malloc_counter.node' });
    expect(withNativePreload({ LD_PRELOAD: '/y/other.so' }, setup).LD_PRELOAD).toBe(
      '/x/malloc_counter.node:/y/other.so',
    );
  });

  it('leaves the environment alone when native counting is unavailable', () => {
    const env = { LD_PRELOAD: '/y/other.so' };
    expect(withNativePreload(env, { available: false, reason: 'r' })).toBe(env);
  });
});
