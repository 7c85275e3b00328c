// 1000 WebSocket text messages echoed on one connection with permessage-deflate
// negotiated and every message compressed (threshold 0), both directions
// (ws on 127.0.0.1; zlib runs on the libuv thread pool).
// Remaining allocations (9), alive by design:
// - 2: the pooled HTTP parsers of the upgrade request go back to the free list
//   with fresh header arrays (cleanParser in _http_common), and 1: the free
//   list's array grows to hold a returned parser;
// - 2: Buffer.allocUnsafe's shared 8 KiB pool is replaced while encoding text
//   (ArrayBuffer + Buffer), and the last pool stays for the next caller;
// - 2: V8's boilerplate of the header-table literal in setHeader (_http_outgoing;
//   object + properties), kept by the literal's AllocationSite: with the extra
//   Sec-WebSocket-Extensions header the site is still warming up in these runs;
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).
import { measure } from 'alloc-counter';
import { closeClient, connect, echoMessages, echoRoundTrips, startTrackedWsServer } from '../lib/ws.js';

const MESSAGES = 1000;
const MESSAGE = JSON.stringify({
  type: 'metrics',
  host: 'web-1',
  cpu: [0.25, 0.5, 0.75],
  memory: { used: 512, total: 2048 },
});
const DEFLATE = { threshold: 0 };

export async function run(identifier: string): Promise<void> {
  const server = await startTrackedWsServer(echoMessages, { perMessageDeflate: DEFLATE });

  await measure(identifier, async () => {
    const socket = await connect(server.url, { perMessageDeflate: DEFLATE });
    if (!socket.extensions.includes('permessage-deflate'))
      throw new Error(`permessage-deflate was not negotiated: "${socket.extensions}"`);
    const bytes = await echoRoundTrips(socket, MESSAGE, MESSAGES, false);
    await closeClient(socket);
    await server.allConnectionsClosed();
    if (bytes !== MESSAGES * MESSAGE.length)
      throw new Error(`${bytes} bytes echoed, expected ${MESSAGES * MESSAGE.length}`);
    return MESSAGES;
  });

  await server.close();
}
