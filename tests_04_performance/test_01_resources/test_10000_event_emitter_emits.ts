// 10000 EventEmitter emits of one event with one argument, heard by 2
// listeners (node:events), as a socket's 'data' event is.

import { EventEmitter } from 'node:events';
import { measure } from 'alloc-counter';

const EMITS = 10000;

export async function run(identifier: string): Promise<void> {
  const emitter = new EventEmitter();
  let heard = 0;
  let bytes = 0;
  emitter.on('data', () => {
    heard++;
  });
  emitter.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
  });
  const chunk = Buffer.alloc(16);

  await measure(identifier, () => {
    heard = 0;
    bytes = 0;
    let delivered = 0;
    for (let i = 0; i < EMITS; i++) if (emitter.emit('data', chunk)) delivered++;
    if (delivered !== EMITS || heard !== EMITS || bytes !== EMITS * chunk.length) {
      throw new Error(`${delivered} of ${EMITS} emits delivered, ${heard} heard`);
    }
    return delivered;
  });
}
