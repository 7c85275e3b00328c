// 1000 binary WebSocket frames of 100 bytes decoded by ws's frame parser
// (Receiver), no socket involved: NIO's 4 decoder identifiers.
// - _masked: a server decoding a client's masked frames; _unmasked: a client
//   decoding a server's frames;
// - _from_fresh_buffer: each frame arrives in a buffer of its own, as socket reads deliver them;
// - _from_reused_buffer: every frame arrives in the same buffer, refilled with
//   the encoded bytes each time (ws unmasks in place).
// Remaining allocations, alive by design:
// - 1 (all 4): ws's Receiver, created before the window, replaces its fragments
//   array after each message; the last one stays with the receiver;
// - 2 (_from_fresh_buffer): Buffer.from copies into Buffer.allocUnsafe's shared
//   8 KiB pool, which is replaced (ArrayBuffer + Buffer) when full; the last pool stays.
import { measure } from 'alloc-counter';
import { encodedFrame, FRAMES, frameDecoder, PAYLOAD } from '../lib/ws-frames.js';

export async function run(identifier: string): Promise<void> {
  for (const masked of [true, false]) {
    const name = `${identifier}_${masked ? 'masked' : 'unmasked'}`;
    const encoded = encodedFrame(masked);
    let decoded = 0;
    let decodedBytes = 0;
    const decoder = frameDecoder(masked, (data, isBinary) => {
      // Unmasked payload bytes prove the mask was applied (or rightly absent).
      if (isBinary && data[0] === PAYLOAD[0] && data[data.length - 1] === PAYLOAD[PAYLOAD.length - 1]) decoded++;
      decodedBytes += data.length;
    });

    await measure(`${name}_from_fresh_buffer`, () => {
      decoded = 0;
      decodedBytes = 0;
      for (let i = 0; i < FRAMES; i++) decoder.write(Buffer.from(encoded));
      if (decoded !== FRAMES || decodedBytes !== FRAMES * PAYLOAD.length) {
        throw new Error(`${decoded} of ${FRAMES} frames decoded (${decodedBytes} payload bytes)`);
      }
      return decoded;
    });

    const reused = Buffer.alloc(encoded.length);
    await measure(`${name}_from_reused_buffer`, () => {
      decoded = 0;
      decodedBytes = 0;
      for (let i = 0; i < FRAMES; i++) {
        encoded.copy(reused);
        decoder.write(reused);
      }
      if (decoded !== FRAMES || decodedBytes !== FRAMES * PAYLOAD.length) {
        throw new Error(`${decoded} of ${FRAMES} frames decoded (${decodedBytes} payload bytes)`);
      }
      return decoded;
    });
    decoder.end();
  }
}
