// WebSocket helpers for the workload tests: a ws server on 127.0.0.1 (port 0).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer, type ServerOptions } from 'ws';

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
  const closed = serverSide.map((peer) => (peer.readyState === WebSocket.CLOSED ? Promise.resolve() : once(peer, 'close')));
  socket.close();
  await Promise.all([once(socket, 'close'), ...closed]);
}
