// 1000 WebSocket text messages sent and echoed back, one after the other, on
// one connection (ws server and client on 127.0.0.1).
// Remaining allocations (node-20 and node-22: 8, node-24 and node-26: 4; see baselines.json), alive by design:
// - 2: the pooled HTTP parsers of the upgrade request go back to the free list
//   with fresh header arrays, and 1: the free list's array grows;
// - 2: Buffer.allocUnsafe's shared 8 KiB pool is replaced while framing
//   (ArrayBuffer + Buffer), and the last pool stays for the next caller;
// - 1: the ws server's `clients` Set shrinks its table when the client leaves;
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table).

import { once } from 'node:events';
import { measure } from 'alloc-counter';
import { closeBoth, connect, startEchoServer } from '../lib/ws.js';

const MESSAGES = 1000;

export async function run(identifier: string): Promise<void> {
  const server = await startEchoServer();

  await measure(identifier, async () => {
    const socket = await connect(server.url);
    let echoed = 0;
    for (let i = 0; i < MESSAGES; i++) {
      socket.send('hello, websocket');
      const [data] = (await once(socket, 'message')) as [Buffer];
      if (data.length === 16) echoed++;
    }
    await closeBoth(socket, server);
    if (echoed !== MESSAGES) throw new Error(`${echoed} of ${MESSAGES} messages echoed`);
    return echoed;
  });

  await server.close();
}
