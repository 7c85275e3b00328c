// Fixed entropy in counting children (harness/native/tracker_random.cc): OpenSSL's random
// bytes are the same stream in every process once the addon's fixRandom() ran, and real before.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { defaultAddonPath } from './parent/project/paths.js';

/** Random bytes drawn in a fresh Node, after fixRandom() when `fix`: hex of randomBytes, randomFillSync and a UUID. */
function drawInFreshProcess(fix: boolean): { fixed: boolean | null; bytes: string; filled: string; uuid: string } {
  const script = `
    import { createRequire } from 'node:module';
    import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';
    const tracker = createRequire(import.meta.url)(${JSON.stringify(defaultAddonPath)});
    const fixed = ${fix} ? tracker.fixRandom() : null;
    const filled = randomFillSync(Buffer.alloc(8192)).subarray(8180).toString('hex');
    console.log(JSON.stringify({ fixed, bytes: randomBytes(16).toString('hex'), filled, uuid: randomUUID() }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

describe('fixRandom (the addon)', () => {
  it('gives every process the same random bytes', () => {
    const [first, second] = [drawInFreshProcess(true), drawInFreshProcess(true)];
    expect(first.fixed).toBe(true);
    expect(second).toEqual(first);
    expect(first.bytes).not.toBe(first.filled.slice(0, 32));
  });

  it('leaves a process that did not ask with OpenSSL real randomness', () => {
    const [first, second] = [drawInFreshProcess(false), drawInFreshProcess(false)];
    expect(second.bytes).not.toBe(first.bytes);
    expect(second.uuid).not.toBe(first.uuid);
  });
});
