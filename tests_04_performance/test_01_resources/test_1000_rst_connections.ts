// 1000 TCP connections reset by the peer: the server answers each accepted
// connection with an RST (socket.resetAndDestroy()); the client sees
// ECONNRESET and closes. Checks that neither side leaks a descriptor.
// Remaining allocations (2), Node's own, alive by design:
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).

import { connect, type Socket } from 'node:net';
import { measure } from 'alloc-counter';
import { startTcpServer } from '../lib/tcp.js';

const CONNECTIONS = 1000;

/** Connects and resolves with the error code the connection ended with. */
function connectUntilReset(port: number): Promise<string> {
  return new Promise((resolve) => {
    let code = 'no error';
    const socket = connect(port, '127.0.0.1');
    socket.on('error', (error: NodeJS.ErrnoException) => {
      code = error.code ?? error.message;
    });
    socket.on('close', () => resolve(code));
  });
}

export async function run(identifier: string): Promise<void> {
  const tcp = await startTcpServer((socket: Socket) => socket.resetAndDestroy());
  // No stack traces on the 1000 ECONNRESET errors: their strings hold this
  // checkout's absolute paths, which made the bytes depend on where the
  // repository is cloned (+112 bytes a connection in a longer folder).
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;

  await measure(identifier, async () => {
    let reset = 0;
    for (let i = 0; i < CONNECTIONS; i++) {
      const code = await connectUntilReset(tcp.port);
      if (code === 'ECONNRESET') reset++;
    }
    await tcp.allConnectionsClosed();
    if (reset !== CONNECTIONS) throw new Error(`${reset} of ${CONNECTIONS} connections were reset by the peer`);
    return reset;
  });

  Error.stackTraceLimit = stackTraceLimit;
  await tcp.close();
}
