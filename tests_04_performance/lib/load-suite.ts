// What the load suite's files (test_02_load) share: the dashboard server's
// process module for measureLoad, and the small counted run each identifier
// gets (allocations per message, and what stays alive once its connections
// have closed) against the same server in the child.
import { fileURLToPath } from 'node:url';
import { type LoadOptions, measureLoad } from 'alloc-counter/load';
import type WebSocket from 'ws';
import { type DashboardOptions, type DashboardServer, startDashboardServer } from './dashboard-server.js';
import { closeClient, connect, echoRoundTrips } from './ws.js';

/** measureLoad's `server.module`: the dashboard server in a process of its own. */
export const DASHBOARD_SERVER_MODULE = fileURLToPath(new URL('./dashboard-server-process.ts', import.meta.url));

/** The suite's target for p99 latency at 100 connections (the issue this suite was started for). */
export const P99_TARGET_US = 10_000;

/**
 * The fault tests' limit on the other clients' p99 while a fault happens: the
 * target with the headroom a loaded 2-core machine needs (README.md, "Load tests").
 */
export const FAULT_P99_LIMIT_US = 50_000;

/** The fault tests' background load: clients that must not notice the fault. */
export const FAULT_LOAD = { connections: 50, rate: 20, durationMs: 2000, warmupMs: 500 } as const;

const MESSAGE =
  '{"type":"echo","seq":0,"t":0,"pad":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}';

export interface CountedRun {
  server: DashboardServer;
  /** measure()'s workload: returns the number of messages echoed. */
  workload: () => Promise<number>;
}

/**
 * `connections` clients, opened one after the other (concurrent handshakes take a
 * timing-dependent number of pooled parsers), each echoing `messages` messages,
 * then closed one at a time; the server in this process.
 */
export async function countedEchoRun(
  connections: number,
  messages: number,
  options: DashboardOptions = {},
): Promise<CountedRun> {
  const server = await startDashboardServer(options);
  // Filled and emptied inside the workload; allocated once here so that it never grows there.
  const clients: (WebSocket | null)[] = new Array<WebSocket | null>(connections).fill(null);
  const workload = async (): Promise<number> => {
    for (let i = 0; i < connections; i++) clients[i] = await connect(server.url);
    const echoed = await Promise.all(clients.map((socket) => echoRoundTrips(socket!, MESSAGE, messages, false)));
    for (const socket of clients) await closeClient(socket!);
    clients.fill(null);
    await server.allConnectionsClosed();
    const bytes = echoed.reduce((sum, n) => sum + n, 0);
    if (bytes !== connections * messages * MESSAGE.length) throw new Error(`${bytes} bytes echoed`);
    return connections * messages;
  };
  return { server, workload };
}

function receiveCount(socket: WebSocket, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = 0;
    const onMessage = (): void => {
      if (++received < count) return;
      socket.off('message', onMessage);
      socket.off('error', reject);
      resolve();
    };
    socket.on('message', onMessage);
    socket.once('error', reject);
  });
}

/**
 * `receivers` clients subscribe (each gets its "subscribed" answer), one more
 * publishes `messages` messages, each delivered to every receiver; then all close
 * one at a time. The server in this process.
 */
export async function countedBroadcastRun(receivers: number, messages: number): Promise<CountedRun> {
  const server = await startDashboardServer();
  const clients: (WebSocket | null)[] = new Array<WebSocket | null>(receivers + 1).fill(null);
  const workload = async (): Promise<number> => {
    for (let i = 0; i <= receivers; i++) clients[i] = await connect(server.url);
    const subscribers = clients.slice(1) as WebSocket[];
    const subscribed = subscribers.map((socket) => receiveCount(socket, 1));
    for (const socket of subscribers) socket.send('{"type":"subscribe","topic":"load"}');
    await Promise.all(subscribed);
    const delivered = subscribers.map((socket) => receiveCount(socket, messages));
    for (let i = 0; i < messages; i++) clients[0]!.send(`{"type":"publish","topic":"load","seq":${i}}`);
    await Promise.all(delivered);
    for (const socket of clients) await closeClient(socket!);
    clients.fill(null);
    await server.allConnectionsClosed();
    return receivers * messages;
  };
  return { server, workload };
}

/** A suite load test's options: measureLoad's, against the dashboard server with these options. */
export type DashboardLoad = Omit<LoadOptions, 'server' | 'allocations'> & { serverOptions?: DashboardOptions };

/**
 * A load test of the suite: its counted run set up (10 clients x 10 messages of the
 * load's kind, against a dashboard server in this process), then measureLoad against
 * the dashboard server in a process of its own, with the counted run as its
 * allocations; the counted run's server closed after.
 */
export async function dashboardLoadTest(identifier: string, load: DashboardLoad): Promise<void> {
  const { serverOptions, ...options } = load;
  const counted = options.mode === 'broadcast' ? await countedBroadcastRun(10, 10) : await countedEchoRun(10, 10);
  try {
    await measureLoad(identifier, {
      server: { module: DASHBOARD_SERVER_MODULE, ...(serverOptions ? { options: { ...serverOptions } } : {}) },
      ...options,
      allocations: counted.workload,
    });
  } finally {
    await counted.server.close();
  }
}
