// TCP helpers for the workload tests: a node:net server on 127.0.0.1 (port 0)
// that counts its connections, and small client helpers.
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface TcpServer {
  server: Server;
  port: number;
  /** Connections accepted since start. */
  connectionsAccepted(): number;
  /** Resolves once every accepted connection has closed on the server side. */
  allConnectionsClosed(): Promise<void>;
  close(): Promise<void>;
}

/** A server that hands every accepted socket to `onConnection`. */
export async function startTcpServer(onConnection: (socket: Socket) => void): Promise<TcpServer> {
  const server = createServer();
  // Counters and one waiter, not a Set or an array: containers that grow and
  // shrink inside a workload leave their new backing stores alive after it.
  let open = 0;
  let accepted = 0;
  let wakeWhenClosed: (() => void) | null = null;
  server.on('connection', (socket: Socket) => {
    accepted++;
    open++;
    socket.on('close', () => {
      open--;
      if (open === 0 && wakeWhenClosed !== null) {
        const wake = wakeWhenClosed;
        wakeWhenClosed = null;
        wake();
      }
    });
    onConnection(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as AddressInfo).port,
    connectionsAccepted: () => accepted,
    allConnectionsClosed: () =>
      open === 0
        ? Promise.resolve()
        : new Promise((resolve) => {
            if (wakeWhenClosed !== null) throw new Error('allConnectionsClosed() is already being awaited');
            wakeWhenClosed = resolve;
          }),
    close: async () => {
      server.close();
      await once(server, 'close');
    },
  };
}

/** Server side of an echo protocol: every byte received is written back. */
export function echoBack(socket: Socket): void {
  socket.on('data', (chunk: Buffer) => socket.write(chunk));
  socket.on('error', () => socket.destroy());
}

/** Connects to 127.0.0.1:port and resolves with the connected socket. */
export function tcpConnect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
  });
}

/** Half-closes the socket and resolves once it has fully closed. */
export function endAndClose(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('close', (hadError) => (hadError ? reject(new Error('socket closed with an error')) : resolve()));
    socket.end();
  });
}
