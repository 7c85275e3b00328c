// 10000 chunks of 64 bytes through a node:stream pipeline:
// Readable -> Transform (upper-cases ASCII in a copy) -> Writable that counts bytes.
// Remaining allocations (4), Node's own, alive by design:
// - 2: Buffer.allocUnsafe's shared 8 KiB pool is replaced by the Transform
//   (ArrayBuffer + Buffer), and the last pool stays for the next caller;
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).

import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { measure } from 'alloc-counter';

const CHUNKS = 10000;
const CHUNK = Buffer.alloc(64, 'a');

export async function run(identifier: string): Promise<void> {
  await measure(identifier, async () => {
    let produced = 0;
    const source = new Readable({
      read() {
        if (produced === CHUNKS) this.push(null);
        else {
          produced++;
          this.push(CHUNK);
        }
      },
    });
    const upperCase = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        const out = Buffer.allocUnsafe(chunk.length);
        for (let i = 0; i < chunk.length; i++) out[i] = chunk[i]! & 0xdf;
        callback(null, out);
      },
    });
    let bytes = 0;
    let upper = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (chunk[0] === 0x41) upper++;
        callback();
      },
    });
    await pipeline(source, upperCase, sink);
    if (bytes !== CHUNKS * CHUNK.length || upper !== CHUNKS) {
      throw new Error(
        `${bytes} bytes, ${upper} upper-cased chunks reached the sink; expected ${CHUNKS * CHUNK.length}, ${CHUNKS}`,
      );
    }
    return CHUNKS;
  });
}
