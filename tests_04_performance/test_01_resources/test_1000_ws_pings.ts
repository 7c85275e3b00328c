// 1000 WebSocket pings from the client, each answered by the server's automatic
// pong before the next one leaves (ws on 127.0.0.1).
// Remaining allocations (7), alive by design:
// - 2: the pooled HTTP parsers of the upgrade request go back to the free list
//   with fresh header arrays (cleanParser in _http_common), and 1: the free
//   list's array grows to hold a returned parser;
// - 2: Buffer.allocUnsafe's shared 8 KiB pool is replaced while framing
//   (ArrayBuffer + Buffer), and the last pool stays for the next caller;
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).
import { measure } from 'alloc-counter';
import type WebSocket from 'ws';
import { closeClient, connect, startTrackedWsServer } from '../lib/ws.js';

const PINGS = 1000;
const PAYLOAD = Buffer.from('heartbeat');

function pingAll(socket: WebSocket, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let pongs = 0;
    const onPong = (data: Buffer): void => {
      if (data.equals(PAYLOAD)) pongs++;
      if (pongs === count) {
        socket.off('pong', onPong);
        resolve(pongs);
      } else {
        socket.ping(PAYLOAD);
      }
    };
    socket.on('pong', onPong);
    socket.once('error', reject);
    socket.ping(PAYLOAD);
  });
}

export async function run(identifier: string): Promise<void> {
  const server = await startTrackedWsServer(() => {});

  await measure(identifier, async () => {
    const socket = await connect(server.url);
    const pongs = await pingAll(socket, PINGS);
    await closeClient(socket);
    await server.allConnectionsClosed();
    if (pongs !== PINGS) throw new Error(`${pongs} of ${PINGS} pings answered`);
    return pongs;
  });

  await server.close();
}
