// 10 WebSocket connections, each sending 20 messages a second open-loop to the
// dashboard server (a process of its own), which echoes them; latency from each
// message's intended send time. Then a counted run: 10 connections x 10 echoes.
import { dashboardLoadTest } from '../lib/load-suite.js';

export function run(identifier: string): Promise<void> {
  return dashboardLoadTest(identifier, {
    connections: 10,
    rate: 20,
    durationMs: 2000,
    warmupMs: 500,
  });
}
