// Buffer views and copies, 10000 each (node:buffer), as NIO's views and copying tests:
// - _concat: 10000 times, three 64-byte chunks joined into a new buffer (a message assembled from reads);
// - _subarray: 10000 views of 16 bytes into one 4 KiB buffer, no bytes copied (a frame parser's slices).
// Remaining allocations of _concat (2), alive by design: Buffer.concat takes
// its result from Buffer.allocUnsafe's shared 8 KiB pool, which is replaced
// (ArrayBuffer + Buffer) when full; the last pool stays for the next caller.
import { measure } from 'alloc-counter';

const OPERATIONS = 10000;

export async function run(identifier: string): Promise<void> {
  const chunks = [Buffer.alloc(64, 1), Buffer.alloc(64, 2), Buffer.alloc(64, 3)];

  await measure(identifier + '_concat', () => {
    let bytes = 0;
    for (let i = 0; i < OPERATIONS; i++) {
      const joined = Buffer.concat(chunks, 192);
      if (joined[0] === 1 && joined[191] === 3) bytes += joined.length;
    }
    if (bytes !== OPERATIONS * 192) throw new Error(`${bytes} bytes concatenated, expected ${OPERATIONS * 192}`);
    return OPERATIONS;
  });

  const page = Buffer.alloc(4096);
  for (let i = 0; i < page.length; i++) page[i] = i & 0xff;
  await measure(identifier + '_subarray', () => {
    let checked = 0;
    for (let i = 0; i < OPERATIONS; i++) {
      const start = (i * 16) % page.length;
      const view = page.subarray(start, start + 16);
      if (view.length === 16 && view[0] === (start & 0xff)) checked++;
    }
    if (checked !== OPERATIONS) throw new Error(`${checked} of ${OPERATIONS} views saw the bytes under them`);
    return checked;
  });
}
