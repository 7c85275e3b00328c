// 10 WebSocket connections, each sending 20 messages a second open-loop to the
// dashboard server (a process of its own), which echoes them; latency from each
// message's intended send time. Then a counted run: 10 connections x 10 echoes.
import { measureLoad } from 'alloc-counter/load';
import { countedEchoRun, DASHBOARD_SERVER_MODULE } from '../lib/load-suite.js';

export async function run(identifier: string): Promise<void> {
  const counted = await countedEchoRun(10, 10);
  await measureLoad(identifier, {
    server: { module: DASHBOARD_SERVER_MODULE },
    connections: 10,
    rate: 20,
    durationMs: 2000,
    allocations: counted.workload,
  });
  await counted.server.close();
}
