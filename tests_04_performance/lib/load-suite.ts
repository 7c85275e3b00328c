// What the load suite's files (test_02_load) share: the dashboard server's
// process module for measureLoad, and the small counted run each identifier
// gets (allocations per message, and what stays alive once its connections
// have closed) against the same server in the child.
import { fileURLToPath } from 'node:url';
import type WebSocket from 'ws';
import { type DashboardOptions, type DashboardServer, startDashboardServer } from './dashboard-server.js';
import { closeClient, connect, echoRoundTrips } from './ws.js';

/** measureLoad's `server.module`: the dashboard server in a process of its own. */
export const DASHBOARD_SERVER_MODULE = fileURLToPath(new URL('./dashboard-server-process.ts', import.meta.url));

/** The suite's target for p99 latency at 100 connections (the issue this suite was started for). */
export const P99_TARGET_US = 10_000;

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
