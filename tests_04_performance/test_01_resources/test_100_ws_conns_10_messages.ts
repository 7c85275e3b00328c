// 100 concurrent WebSocket connections, each sending 10 text messages that the
// server echoes (ws on 127.0.0.1). The connections open one after the other
// (concurrent handshakes would take a timing-dependent number of pooled HTTP
// parsers), then all 100 exchange their messages at the same time.
// Remaining allocations (7 on Node 20, 5 on Node 24), alive by design:
// - 2: the pooled HTTP parsers of the upgrade request go back to the free list
//   with fresh header arrays (cleanParser in _http_common), and 1: the free
//   list's array grows to hold a returned parser;
// - 2: Buffer.allocUnsafe's shared 8 KiB pool is replaced while encoding text
//   (ArrayBuffer + Buffer), and the last pool stays for the next caller;
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises); not on Node 24.
import { measure } from 'alloc-counter';
import type WebSocket from 'ws';
import { closeClient, connect, echoMessages, echoRoundTrips, startTrackedWsServer } from '../lib/ws.js';

const CONNECTIONS = 100;
const MESSAGES_PER_CONNECTION = 10;
const MESSAGE = '{"type":"tick","value":42}';

export async function run(identifier: string): Promise<void> {
  const server = await startTrackedWsServer(echoMessages);
  // Filled and emptied inside the workload; allocated once here so that it never grows there.
  const clients: (WebSocket | null)[] = new Array<WebSocket | null>(CONNECTIONS).fill(null);

  await measure(identifier, async () => {
    for (let i = 0; i < CONNECTIONS; i++) clients[i] = await connect(server.url);
    const exchanges = clients.map((socket) => echoRoundTrips(socket!, MESSAGE, MESSAGES_PER_CONNECTION, false));
    const bytes = (await Promise.all(exchanges)).reduce((sum, n) => sum + n, 0);
    // One close at a time: 100 concurrent closing handshakes end in a timing-dependent
    // order, which changes what is left alive (pooled parsers, Buffer pool) between processes.
    for (const socket of clients) await closeClient(socket!);
    clients.fill(null);
    await server.allConnectionsClosed();
    const expected = CONNECTIONS * MESSAGES_PER_CONNECTION * MESSAGE.length;
    if (bytes !== expected) throw new Error(`${bytes} bytes echoed, expected ${expected}`);
    return CONNECTIONS * MESSAGES_PER_CONNECTION;
  });

  await server.close();
}
