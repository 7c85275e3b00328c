// Many reads and writes on one Buffer, as a protocol codec does: for 10000
// records, integers, a double and a short ASCII string are written, then read
// back and checked. NIO's ByteBuffer lots_of_rw, for node:buffer.
import { measure } from 'alloc-counter';

const RECORDS = 10000;
const RECORD_BYTES = 4 + 2 + 8 + 8 + 5;
const NAME = 'hello';

export async function run(identifier: string): Promise<void> {
  const buffer = Buffer.alloc(1024 * RECORD_BYTES);

  await measure(identifier, () => {
    let matched = 0;
    for (let i = 0; i < RECORDS; i++) {
      // Wrap around the buffer: 1024 records fit.
      const at = (i % 1024) * RECORD_BYTES;
      let offset = buffer.writeUInt32BE(i, at);
      offset = buffer.writeUInt16LE(i & 0xffff, offset);
      offset = buffer.writeDoubleLE(i / 4, offset);
      offset = buffer.writeBigUInt64BE(BigInt(i), offset);
      buffer.write(NAME, offset, 'latin1');
      if (
        buffer.readUInt32BE(at) === i &&
        buffer.readUInt16LE(at + 4) === (i & 0xffff) &&
        buffer.readDoubleLE(at + 6) === i / 4 &&
        buffer.readBigUInt64BE(at + 14) === BigInt(i) &&
        buffer.toString('latin1', at + 22, at + 27) === NAME
      ) {
        matched++;
      }
    }
    if (matched !== RECORDS) throw new Error(`${matched} of ${RECORDS} records read back as written`);
    return matched * 10;
  });
}
