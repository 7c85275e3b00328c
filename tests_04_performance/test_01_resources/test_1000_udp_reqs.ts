// 1000 UDP request/response pairs: an unconnected client socket sends a request
// to an echo server, which answers to the sender's address (node:dgram on
// 127.0.0.1); the next request leaves when the response has arrived.
// Remaining allocations (2), Node's own, alive by design:
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).

import type { RemoteInfo } from 'node:dgram';
import { measure } from 'alloc-counter';
import { bindUdp, closeUdp } from '../lib/udp.js';

const REQUESTS = 1000;
const REQUEST = Buffer.from('GET /status');

export async function run(identifier: string): Promise<void> {
  const server = await bindUdp();
  server.on('message', (message: Buffer, from: RemoteInfo) => server.send(message, from.port, from.address));
  const serverPort = server.address().port;

  await measure(identifier, async () => {
    const client = await bindUdp();
    const answered = await new Promise<number>((resolve) => {
      let responses = 0;
      client.on('message', (message: Buffer) => {
        if (message.length === REQUEST.length) responses++;
        if (responses === REQUESTS) resolve(responses);
        else client.send(REQUEST, serverPort, '127.0.0.1');
      });
      client.send(REQUEST, serverPort, '127.0.0.1');
    });
    await closeUdp(client);
    if (answered !== REQUESTS) throw new Error(`${answered} of ${REQUESTS} requests answered`);
    return answered;
  });

  await closeUdp(server);
}
