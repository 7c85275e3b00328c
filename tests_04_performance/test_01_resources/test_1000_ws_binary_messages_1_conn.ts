// 1000 WebSocket binary messages of 64 bytes sent and echoed back, one after
// the other, on one connection (ws server and client on 127.0.0.1).
// Remaining allocations (7), alive by design:
// - 2: the pooled HTTP parsers of the upgrade request go back to the free list
//   with fresh header arrays (cleanParser in _http_common), and 1: the free
//   list's array grows to hold a returned parser;
// - 2: Buffer.allocUnsafe's shared 8 KiB pool is replaced while framing
//   (ArrayBuffer + Buffer), and the last pool stays for the next caller;
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).
import { measure } from 'alloc-counter';
import { closeClient, connect, echoMessages, echoRoundTrips, startTrackedWsServer } from '../lib/ws.js';

const MESSAGES = 1000;
const PAYLOAD = Buffer.alloc(64, 0xab);

export async function run(identifier: string): Promise<void> {
  const server = await startTrackedWsServer(echoMessages);

  await measure(identifier, async () => {
    const socket = await connect(server.url);
    const bytes = await echoRoundTrips(socket, PAYLOAD, MESSAGES, true);
    await closeClient(socket);
    await server.allConnectionsClosed();
    if (bytes !== MESSAGES * PAYLOAD.length)
      throw new Error(`${bytes} binary bytes echoed, expected ${MESSAGES * PAYLOAD.length}`);
    return MESSAGES;
  });

  await server.close();
}
