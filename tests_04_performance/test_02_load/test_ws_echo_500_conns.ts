// 500 WebSocket connections, each sending 4 messages a second open-loop to the
// dashboard server (a process of its own), which echoes them; latency from each
// message's intended send time. 2000 messages a second in all, as in the
// 100-connection test, so that this measures what 500 open connections cost: at
// 20 a second each (10000 a second) one generator process and the server saturate
// this project's 2-core machine (BENCHMARKS.md, "WebSocket load"; the generator's
// loop delay p99 was 40 ms on a quiet machine, against the 50 ms that fails a run
// as saturated). Then a counted run: 10 connections x 10 echoes.
import { dashboardLoadTest } from '../lib/load-suite.js';

export function run(identifier: string): Promise<void> {
  return dashboardLoadTest(identifier, {
    connections: 500,
    rate: 4,
    durationMs: 2000,
    warmupMs: 500,
  });
}
