// One ws server broadcasting 10 text messages to 100 connected clients (1000
// deliveries, ws on 127.0.0.1). Each broadcast waits until all 100 clients
// have received the previous one.
// Remaining allocations (7 on Node 20, 3 on Node 24), alive by design:
// - 2: the pooled HTTP parsers of the upgrade request go back to the free list
//   with fresh header arrays (cleanParser in _http_common), and 1: the free
//   list's array grows to hold a returned parser;
// - 2: Buffer.allocUnsafe's shared 8 KiB pool is replaced while framing
//   (ArrayBuffer + Buffer), and the last pool stays for the next caller (Node 20);
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises; Node 20).
import { measure } from 'alloc-counter';
import type WebSocket from 'ws';
import { closeClient, connect, startTrackedWsServer } from '../lib/ws.js';

const CLIENTS = 100;
const BROADCASTS = 10;
const MESSAGE = '{"type":"price","symbol":"ACME","value":101.25}';

export async function run(identifier: string): Promise<void> {
  // Server-side peers and client sockets, in arrays allocated once here so they never grow in the workload.
  const peers: (WebSocket | null)[] = new Array<WebSocket | null>(CLIENTS).fill(null);
  let peerCount = 0;
  const server = await startTrackedWsServer((peer) => {
    peers[peerCount++] = peer;
  });
  const clients: (WebSocket | null)[] = new Array<WebSocket | null>(CLIENTS).fill(null);

  await measure(identifier, async () => {
    for (let i = 0; i < CLIENTS; i++) clients[i] = await connect(server.url);
    // The last handshake completes on the client before the server may have emitted its connection.
    while (peerCount < CLIENTS) await new Promise((resolve) => setImmediate(resolve));
    let delivered = 0;
    let deliveredBytes = 0;
    let wakeRoundDone: (() => void) | null = null;
    const onMessage = (data: Buffer): void => {
      delivered++;
      deliveredBytes += data.length;
      if (delivered % CLIENTS === 0 && wakeRoundDone !== null) wakeRoundDone();
    };
    for (const client of clients) client!.on('message', onMessage);
    for (let round = 0; round < BROADCASTS; round++) {
      const roundDone = new Promise<void>((resolve) => {
        wakeRoundDone = resolve;
      });
      for (let i = 0; i < CLIENTS; i++) peers[i]!.send(MESSAGE);
      await roundDone;
    }
    // One close at a time: 100 concurrent closing handshakes end in a timing-dependent
    // order, which changes what is left alive (pooled parsers, Buffer pool) between processes.
    for (const socket of clients) await closeClient(socket!);
    await server.allConnectionsClosed();
    clients.fill(null);
    peers.fill(null);
    peerCount = 0;
    if (delivered !== CLIENTS * BROADCASTS || deliveredBytes !== CLIENTS * BROADCASTS * MESSAGE.length) {
      throw new Error(`${delivered} of ${CLIENTS * BROADCASTS} broadcast messages delivered (${deliveredBytes} bytes)`);
    }
    return delivered;
  });

  await server.close();
}
