// WebSocket helpers for the workload tests: a ws server on 127.0.0.1 (port 0).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket, { type ServerOptions, WebSocketServer } from 'ws';
import { type ConnectionTracker, trackConnections } from './connections.js';

export interface WsServer {
  wss: WebSocketServer;
  url: string;
  close(): Promise<void>;
}

/** A server whose connections echo every message back as they received it. */
export async function startEchoServer(options: ServerOptions = {}): Promise<WsServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, ...options });
  wss.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
  });
  await once(wss, 'listening');
  return {
    wss,
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

export async function connect(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const socket = new WebSocket(url, { perMessageDeflate: false, ...options });
  await once(socket, 'open');
  return socket;
}

/** Closes the client and resolves once the server has seen the close too. */
export async function closeBoth(socket: WebSocket, server: WsServer): Promise<void> {
  const serverSide = [...server.wss.clients];
  const closed = serverSide.map((peer) =>
    peer.readyState === WebSocket.CLOSED ? Promise.resolve() : once(peer, 'close'),
  );
  socket.close();
  await Promise.all([once(socket, 'close'), ...closed]);
}

export interface TrackedWsServer extends ConnectionTracker {
  wss: WebSocketServer;
  url: string;
  close(): Promise<void>;
}

/**
 * A server without ws's `clients` Set (whose table shrinks, and stays alive,
 * when the last client leaves): it counts its connections instead and hands
 * each to `onConnection`.
 */
export async function startTrackedWsServer(
  onConnection: (socket: WebSocket) => void,
  options: ServerOptions = {},
): Promise<TrackedWsServer> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: false,
    ...options,
    clientTracking: false,
  });
  const connections = trackConnections<WebSocket>(wss, onConnection);
  await once(wss, 'listening');
  return {
    wss,
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    ...connections,
    close: () => new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** Server side of an echo protocol: every message goes back as it came. */
export function echoMessages(socket: WebSocket): void {
  socket.on('message', (data, isBinary) => socket.send(data as Buffer, { binary: isBinary }));
}

/** Closes the client with a normal close handshake and resolves once its TCP socket has closed. */
export async function closeClient(socket: WebSocket): Promise<void> {
  const closed = once(socket, 'close');
  socket.close(1000);
  await closed;
}

/** Sends `count` messages one after the other, each after the echo of the previous one; resolves with the echoed bytes. */
export function echoRoundTrips(
  socket: WebSocket,
  message: string | Buffer,
  count: number,
  binary: boolean,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let echoed = 0;
    let bytes = 0;
    const onMessage = (data: Buffer, isBinary: boolean): void => {
      if (isBinary === binary) bytes += data.length;
      echoed++;
      if (echoed === count) {
        socket.off('message', onMessage);
        socket.off('error', reject);
        resolve(bytes);
      } else {
        socket.send(message, { binary });
      }
    };
    socket.on('message', onMessage);
    socket.once('error', reject);
    socket.send(message, { binary });
  });
}
