// A 640000-byte file read in 10000 chunks of 64 bytes (node:fs), as NIO's
// read_10000_chunks_from_file:
// - _stream: fs.createReadStream with a 64-byte highWaterMark, consumed with for await;
// - _filehandle: FileHandle.read into one reused buffer, chunk after chunk.
// Remaining allocations of _stream (2), Node's own, alive by design:
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).
// _filehandle keeps nothing.

import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure } from 'alloc-counter';

const CHUNKS = 10000;
const CHUNK_BYTES = 64;
const FILE_BYTES = CHUNKS * CHUNK_BYTES;

export async function run(identifier: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'alloc-counter-read-file-'));
  const path = join(dir, 'data.bin');
  await writeFile(path, Buffer.alloc(FILE_BYTES, 'x'));

  try {
    await measure(identifier + '_stream', async () => {
      let chunks = 0;
      let bytes = 0;
      const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
      // The file is closed on the thread pool after the last chunk: wait for it, or its
      // callback lands inside or after the window depending on the pool's timing.
      const closed = once(stream, 'close');
      for await (const chunk of stream) {
        chunks++;
        bytes += (chunk as Buffer).length;
      }
      await closed;
      if (chunks !== CHUNKS || bytes !== FILE_BYTES)
        throw new Error(`${chunks} chunks, ${bytes} bytes read; expected ${CHUNKS}, ${FILE_BYTES}`);
      return chunks;
    });

    const chunk = Buffer.alloc(CHUNK_BYTES);
    await measure(identifier + '_filehandle', async () => {
      const file = await open(path, 'r');
      let chunks = 0;
      let bytes = 0;
      try {
        for (;;) {
          const { bytesRead } = await file.read(chunk, 0, CHUNK_BYTES, bytes);
          if (bytesRead === 0) break;
          chunks++;
          bytes += bytesRead;
        }
      } finally {
        await file.close();
      }
      if (chunks !== CHUNKS || bytes !== FILE_BYTES)
        throw new Error(`${chunks} chunks, ${bytes} bytes read; expected ${CHUNKS}, ${FILE_BYTES}`);
      return chunks;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
