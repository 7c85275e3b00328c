// 1000 TCP connections opened and closed, one after the other: the client
// connects, half-closes, the server ends its side too (node:net on 127.0.0.1).
// Remaining allocations (2 on Node 20, 0 on Node 24), Node's own, alive by design:
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).

import type { Socket } from 'node:net';
import { measure } from 'alloc-counter';
import { endAndClose, startTcpServer, tcpConnect } from '../lib/tcp.js';

const CONNECTIONS = 1000;

export async function run(identifier: string): Promise<void> {
  // allowHalfOpen is off: the server socket ends as soon as the client's FIN arrives.
  const tcp = await startTcpServer((socket: Socket) => socket.resume());

  await measure(identifier, async () => {
    const acceptedBefore = tcp.connectionsAccepted();
    let closed = 0;
    for (let i = 0; i < CONNECTIONS; i++) {
      const socket = await tcpConnect(tcp.port);
      await endAndClose(socket);
      closed++;
    }
    await tcp.allConnectionsClosed();
    const accepted = tcp.connectionsAccepted() - acceptedBefore;
    if (closed !== CONNECTIONS || accepted !== CONNECTIONS) {
      throw new Error(
        `${closed} connections closed by the client, ${accepted} accepted by the server; expected ${CONNECTIONS}`,
      );
    }
    return closed;
  });

  await tcp.close();
}
