// 1000 binary WebSocket frames of 100 bytes encoded with ws's frame encoder,
// no socket involved: NIO's 4 encoder identifiers.
// - _masked / _unmasked: a client's frames are masked, a server's are not;
// - _into_fresh_buffer: each frame becomes a buffer of its own (what a writer that
//   concatenates header and payload does);
// - _into_reused_buffer: the payload is copied into one scratch buffer that ws
//   masks in place, and header and payload are copied into one output buffer
//   allocated before the window.
// Remaining allocations (2 per identifier), Node's own, alive by design:
// Buffer.allocUnsafe's shared 8 KiB pool, from which ws takes frame headers,
// is replaced (ArrayBuffer + Buffer) when full; the last pool stays for the next caller.
import { measure } from 'alloc-counter';
import { encodedFrame, encodeFrame, FRAMES, frameOptions, PAYLOAD } from '../lib/ws-frames.js';

export async function run(identifier: string): Promise<void> {
  for (const masked of [true, false]) {
    const name = `${identifier}_${masked ? 'masked' : 'unmasked'}`;
    const expected = encodedFrame(masked);
    const freshOptions = frameOptions(masked, true);

    await measure(`${name}_into_fresh_buffer`, () => {
      let bytes = 0;
      let sameAsExpected = 0;
      for (let i = 0; i < FRAMES; i++) {
        const frame = Buffer.concat(encodeFrame(PAYLOAD, freshOptions));
        bytes += frame.length;
        if (frame[frame.length - 1] === expected[expected.length - 1]) sameAsExpected++;
      }
      if (bytes !== FRAMES * expected.length || sameAsExpected !== FRAMES) {
        throw new Error(
          `${bytes} bytes encoded (${sameAsExpected} frames as expected), expected ${FRAMES * expected.length}`,
        );
      }
      return FRAMES;
    });

    const scratch = Buffer.alloc(PAYLOAD.length);
    const output = Buffer.alloc(expected.length);
    const maskBuffer = Buffer.alloc(4);
    const reusedOptions = frameOptions(masked, false, maskBuffer);
    await measure(`${name}_into_reused_buffer`, () => {
      let bytes = 0;
      let sameAsExpected = 0;
      for (let i = 0; i < FRAMES; i++) {
        PAYLOAD.copy(scratch);
        let offset = 0;
        for (const part of encodeFrame(scratch, reusedOptions)) offset += part.copy(output, offset);
        bytes += offset;
        if (output.equals(expected)) sameAsExpected++;
      }
      if (bytes !== FRAMES * expected.length || sameAsExpected !== FRAMES) {
        throw new Error(
          `${bytes} bytes encoded (${sameAsExpected} frames as expected), expected ${FRAMES * expected.length}`,
        );
      }
      return FRAMES;
    });
  }
}
