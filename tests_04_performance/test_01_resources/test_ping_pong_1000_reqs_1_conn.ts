// 1000 ping-pong round trips of 4 bytes on one TCP connection: the client
// sends the next ping only when the previous pong has arrived (node:net on 127.0.0.1).
// Remaining allocations (2), Node's own, alive by design:
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).

import type { Socket } from 'node:net';
import { measure } from 'alloc-counter';
import { echoBack, endAndClose, startTcpServer, tcpConnect } from '../lib/tcp.js';

const ROUND_TRIPS = 1000;
const PING = Buffer.from('ping');

/** Plays `rounds` round trips and resolves with the number of pong bytes received. */
function pingPong(socket: Socket, rounds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let received = 0;
    let sent = 1;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      // A pong is complete when all bytes sent so far have come back.
      if (received !== sent * PING.length) return;
      if (sent === rounds) {
        socket.off('data', onData);
        resolve(received);
      } else {
        sent++;
        socket.write(PING);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(PING);
  });
}

export async function run(identifier: string): Promise<void> {
  const tcp = await startTcpServer(echoBack);

  await measure(identifier, async () => {
    const socket = await tcpConnect(tcp.port);
    const pongBytes = await pingPong(socket, ROUND_TRIPS);
    await endAndClose(socket);
    await tcp.allConnectionsClosed();
    if (pongBytes !== ROUND_TRIPS * PING.length)
      throw new Error(`${pongBytes} pong bytes, expected ${ROUND_TRIPS * PING.length}`);
    return ROUND_TRIPS;
  });

  await tcp.close();
}
