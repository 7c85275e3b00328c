// HTTP/1.1 helpers for the workload tests: a node:http server on 127.0.0.1
// (port 0) that tracks its connections, and a client GET that reads the body.
import { once } from 'node:events';
import { createServer, request, type Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface HttpServer {
  server: Server;
  port: number;
  /** Connections accepted since start. */
  connectionsAccepted(): number;
  /** Resolves once every accepted connection has closed on the server side. */
  allConnectionsClosed(): Promise<void>;
  close(): Promise<void>;
}

export async function startHttpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<HttpServer> {
  // No server timers: keep-alive, header and request time-outs run on timer
  // lists whose processing depends on the wall clock, which would make the
  // allocation counts differ from process to process.
  const server = createServer({ keepAliveTimeout: 0, requestTimeout: 0, headersTimeout: 0 }, handler);
  // Counters, not a Set: a Set's table shrinking when its last socket leaves stays alive after the workload.
  let open = 0;
  let accepted = 0;
  // One waiter at a time; reassigning arrays here would leave objects alive after each workload.
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
