// A server limited to 50 connections, full with 50 clients exchanging echoes:
// 1000 more upgrade requests (50 at a time) must each be refused with a 503,
// the 50 must not notice, and the server must keep nothing of the refused
// (its fds and handles back to what they were once all have closed).
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadCheck } from 'alloc-counter/load';
import { dashboardLoadTest, FAULT_LOAD, FAULT_P99_LIMIT_US } from '../lib/load-suite.js';
import { closedWithin, rawConnect } from '../lib/raw-ws.js';

const EXTRA = 1000;
const AT_ONCE = 200;

async function knock(url: string): Promise<Record<string, number>> {
  const statuses: Record<string, number> = {};
  for (let i = 0; i < EXTRA; i += AT_ONCE) {
    const answers = await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        const client = await rawConnect(url);
        // The answer is all it needs; the server must cope with the client leaving at once.
        await closedWithin(client, 0);
        return client.status;
      }),
    );
    for (const status of answers) statuses[status] = (statuses[status] ?? 0) + 1;
  }
  return statuses;
}

export function run(identifier: string): Promise<void> {
  return dashboardLoadTest(identifier, {
    serverOptions: { maxConnections: FAULT_LOAD.connections },
    ...FAULT_LOAD,
    // The 1000 refusals take seconds from this (--no-opt) process on a loaded machine, and the
    // server must stay full meanwhile: one long run (its figures are that run's, not a median).
    durationMs: 12000,
    runs: 1,
    limits: { max: { latency_p99_us: FAULT_P99_LIMIT_US } },
    during: async ({ url, serverStats, loadEnded }): Promise<LoadCheck[]> => {
      await sleep(FAULT_LOAD.warmupMs);
      const before = (await serverStats())?.server.refused ?? 0;
      let ended = false;
      loadEnded.then(() => {
        ended = true;
      });
      const statuses = await knock(url);
      const refused = ((await serverStats())?.server.refused ?? 0) - before;
      const endedEarly = ended ? '; the load ended before the last request: raise durationMs' : '';
      await loadEnded;
      return [
        {
          name: 'all_refused_503',
          passed: statuses['503'] === EXTRA && refused === EXTRA,
          detail: `answers ${JSON.stringify(statuses)}; the server counted ${refused} refusals of ${EXTRA}${endedEarly}`,
        },
      ];
    },
  });
}
