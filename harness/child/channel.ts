// Child -> parent messages: one JSON line each, written synchronously to a
// dedicated fd. Synchronous on purpose: no stream, handle or callback of the
// harness stays in the child's event loop, so nothing of ours runs inside a
// measurement window and a crash right after a write loses nothing.
import { writeSync } from 'node:fs';
import type { ChildMessage } from '../protocol.js';

const CHANNEL_FD = 3; // protocol.ts's CHANNEL_FD; not imported, to keep zod out of the child
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export function send(message: ChildMessage): void {
  const bytes = Buffer.from(`${JSON.stringify(message)}\n`);
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(CHANNEL_FD, bytes, offset);
    } catch (error) {
      // The parent's end is non-blocking; wait for it to drain.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(sleeper, 0, 0, 1);
    }
  }
}
