// The 100-connection echo load against a server that blocks its event loop for
// 100 ms once a second. An open-loop generator keeps sending through each stall,
// so the messages due during it wait for it: the corrected p99 must show the
// stall (40 ms or more, a MIN limit), where a closed-loop client would have
// stopped sending and reported a p99 about as low as the unstalled server's.
import { dashboardLoadTest } from '../lib/load-suite.js';

const STALL_FOR_MS = 100;

export function run(identifier: string): Promise<void> {
  return dashboardLoadTest(identifier, {
    serverOptions: { stallEveryMs: 1000, stallForMs: STALL_FOR_MS },
    connections: 100,
    rate: 20,
    durationMs: 3000,
    warmupMs: 500,
    limits: { min: { latency_p99_us: 40_000 } },
    during: async ({ serverStats, loadEnded }) => {
      await loadEnded;
      const stalls = (await serverStats())?.server.stalls ?? 0;
      return [{ name: 'server_stalled', passed: stalls >= 3, detail: `${stalls} stalls of ${STALL_FOR_MS} ms` }];
    },
  });
}
