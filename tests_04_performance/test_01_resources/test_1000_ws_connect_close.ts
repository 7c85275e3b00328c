// 1000 WebSocket connections, one after the other: TCP connect, HTTP upgrade
// handshake, close handshake, both sides closed (ws on 127.0.0.1).
// Remaining allocations (7 on Node 20, 3 on Node 24), alive by design:
// - 2: the pooled HTTP parsers of the upgrade request go back to the free list
//   with fresh header arrays (cleanParser in _http_common), and 1: the free
//   list's array grows to hold a returned parser;
// - 2: Buffer.allocUnsafe's shared 8 KiB pool is replaced while framing
//   (ArrayBuffer + Buffer), and the last pool stays for the next caller (Node 20);
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises; Node 20).
import { measure } from 'alloc-counter';
import { closeClient, connect, startTrackedWsServer } from '../lib/ws.js';

const CONNECTIONS = 1000;

export async function run(identifier: string): Promise<void> {
  const server = await startTrackedWsServer(() => {});

  await measure(identifier, async () => {
    const acceptedBefore = server.connectionsAccepted();
    for (let i = 0; i < CONNECTIONS; i++) {
      const socket = await connect(server.url);
      await closeClient(socket);
      // Both sides closed before the next connection: overlapping server-side
      // closes left a load-dependent number of objects alive (7 to 33).
      await server.allConnectionsClosed();
    }
    const accepted = server.connectionsAccepted() - acceptedBefore;
    if (accepted !== CONNECTIONS) throw new Error(`${accepted} of ${CONNECTIONS} connections were accepted`);
    return accepted;
  });

  await server.close();
}
