// The dashboard fan-out server the load suite puts under load (test_02_load),
// on `ws`, bound to 127.0.0.1. JSON text messages:
//   {"type":"echo",...}                    sent back as it came
//   {"type":"subscribe","topic":T}         the connection receives what is published on T;
//                                          answered {"type":"subscribed","topic":T}
//   {"type":"publish","topic":T,...}       sent as it came to every subscriber of T
// Per-client queue bound: a send while the socket's bufferedAmount is over
// maxBufferedBytes is dropped ('drop') or closes the client with 1008 ('close'),
// since ws itself never bounds what it buffers for a slow reader.
// Heartbeat: every heartbeatMs each client is pinged; one that has not answered
// the previous ping is terminated. At maxConnections an upgrade gets a 503.
// stallEveryMs/stallForMs block the event loop on purpose (the stalled test).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface DashboardOptions {
  /** 0: any free port (a restarted server passes its old one). */
  port?: number;
  maxConnections?: number;
  maxPayload?: number;
  maxBufferedBytes?: number;
  slowClientPolicy?: 'drop' | 'close';
  /** 0: no heartbeat. */
  heartbeatMs?: number;
  stallEveryMs?: number;
  stallForMs?: number;
}

export interface DashboardServer {
  url: string;
  port: number;
  stats(): Record<string, number>;
  /** Resolves once no connection is open (at once if none is). */
  allConnectionsClosed(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULTS = {
  port: 0,
  maxConnections: 10_000,
  maxPayload: 64 * 1024,
  maxBufferedBytes: 1024 * 1024,
  slowClientPolicy: 'close',
  heartbeatMs: 0,
  stallEveryMs: 0,
  stallForMs: 0,
} as const;

interface Client {
  socket: WebSocket;
  alive: boolean;
  topics: Set<string>;
}

export class Counters {
  connections = 0;
  accepted = 0;
  refused = 0;
  dropped = 0;
  closedSlow = 0;
  heartbeatTerminated = 0;
  messages = 0;
  invalid = 0;
  stalls = 0;
}

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // The stall is the point: nothing else runs meanwhile.
  }
}

function topicOf(message: { topic?: unknown }): string | null {
  return typeof message.topic === 'string' ? message.topic : null;
}

export async function startDashboardServer(given: DashboardOptions = {}): Promise<DashboardServer> {
  const options = { ...DEFAULTS, ...given };
  const counters = new Counters();
  const clients = new Set<Client>();
  const topics = new Map<string, Set<Client>>();
  const http = createServer((_request, response) => response.writeHead(426).end());
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: options.maxPayload });

  const sendTo = (client: Client, data: WebSocket.RawData | string, binary = false): void => {
    if (client.socket.readyState !== WebSocket.OPEN) return;
    if (client.socket.bufferedAmount > options.maxBufferedBytes) {
      if (options.slowClientPolicy === 'drop') {
        counters.dropped++;
        return;
      }
      counters.closedSlow++;
      client.socket.close(1008, 'queue bound');
      // A reader that never reads never answers the close either.
      setTimeout(() => client.socket.terminate(), 1000).unref();
      return;
    }
    client.socket.send(data, { binary });
  };

  const onMessage = (client: Client, data: WebSocket.RawData, binary: boolean): void => {
    counters.messages++;
    let message: { type?: unknown; topic?: unknown };
    try {
      message = JSON.parse(String(data)) as typeof message;
    } catch {
      counters.invalid++;
      return;
    }
    const topic = topicOf(message);
    if (message.type === 'echo') sendTo(client, data, binary);
    else if (message.type === 'subscribe' && topic !== null) {
      client.topics.add(topic);
      const members = topics.get(topic) ?? new Set<Client>();
      topics.set(topic, members);
      members.add(client);
      sendTo(client, JSON.stringify({ type: 'subscribed', topic }));
    } else if (message.type === 'publish' && topic !== null) {
      for (const member of topics.get(topic) ?? []) sendTo(member, data, binary);
    } else counters.invalid++;
  };

  const onConnection = (socket: WebSocket): void => {
    const client: Client = { socket, alive: true, topics: new Set() };
    clients.add(client);
    counters.connections++;
    counters.accepted++;
    socket.on('pong', () => {
      client.alive = true;
    });
    socket.on('message', (data, binary) => onMessage(client, data, binary));
    socket.on('error', () => {});
    socket.on('close', () => {
      clients.delete(client);
      counters.connections--;
      for (const topic of client.topics) topics.get(topic)?.delete(client);
      if (counters.connections === 0 && wakeWhenClosed !== null) {
        const wake = wakeWhenClosed;
        wakeWhenClosed = null;
        wake();
      }
    });
  };

  http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => {});
    if (counters.connections >= options.maxConnections) {
      counters.refused++;
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, onConnection);
  });

  // One waiter, not a list: what the counted runs keep alive must not grow with their calls.
  let wakeWhenClosed: (() => void) | null = null;
  const allConnectionsClosed = (): Promise<void> =>
    counters.connections === 0
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          wakeWhenClosed = resolve;
        });

  const timers: NodeJS.Timeout[] = [];
  if (options.heartbeatMs > 0) {
    timers.push(
      setInterval(() => {
        for (const client of clients) {
          if (!client.alive) {
            counters.heartbeatTerminated++;
            client.socket.terminate();
            continue;
          }
          client.alive = false;
          client.socket.ping();
        }
      }, options.heartbeatMs),
    );
  }
  if (options.stallEveryMs > 0 && options.stallForMs > 0) {
    timers.push(
      setInterval(() => {
        counters.stalls++;
        busyWait(options.stallForMs);
      }, options.stallEveryMs),
    );
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    stats: () => ({ ...counters }),
    allConnectionsClosed,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const client of clients) client.socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve, reject) => http.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
