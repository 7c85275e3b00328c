// TCP helpers for the workload tests: a node:net server on 127.0.0.1 (port 0)
// that counts its connections, and small client helpers.
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { type ConnectionTracker, trackConnections } from './connections.js';

export interface TcpServer extends ConnectionTracker {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** A server that hands every accepted socket to `onConnection`. */
export async function startTcpServer(onConnection: (socket: Socket) => void): Promise<TcpServer> {
  const server = createServer();
  const connections = trackConnections<Socket>(server, onConnection);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as AddressInfo).port,
    ...connections,
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
