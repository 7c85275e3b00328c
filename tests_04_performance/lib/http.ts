// HTTP/1.1 helpers for the workload tests: a node:http server on 127.0.0.1
// (port 0) that tracks its connections, and a client GET that reads the body.
import { once } from 'node:events';
import { type Agent, createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type ConnectionTracker, trackConnections } from './connections.js';

export interface HttpServer extends ConnectionTracker {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startHttpServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<HttpServer> {
  // No server timers: keep-alive, header and request time-outs run on timer
  // lists whose processing depends on the wall clock, which would make the
  // allocation counts differ from process to process.
  const server = createServer({ keepAliveTimeout: 0, requestTimeout: 0, headersTimeout: 0 }, handler);
  const connections = trackConnections<Socket>(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    server,
    port: (server.address() as AddressInfo).port,
    ...connections,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A handler that answers every request with a short fixed body and no Date header. */
export function helloHandler(_req: IncomingMessage, res: ServerResponse): void {
  // The Date header comes from a cache that a wall-clock timer resets: timing-dependent allocations.
  res.sendDate = false;
  res.end('hello');
}

/** GET / and resolve with the status and body length. */
export function httpGet(port: number, agent: Agent | false): Promise<{ status: number; bodyBytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      let bodyBytes = 0;
      res.on('data', (chunk: Buffer) => {
        bodyBytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bodyBytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
