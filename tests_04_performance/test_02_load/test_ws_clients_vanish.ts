// While 50 clients exchange echoes, 100 more connect, answering the server's
// heartbeat pings (every 500 ms); then half of them vanish: they stop reading and
// answering, without a close frame, as a peer that lost its network does. The
// heartbeat must terminate all 50 within two intervals; the others must not
// notice, and the server's fds and handles return to what they were.
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadCheck } from 'alloc-counter/load';
import { dashboardLoadTest, FAULT_LOAD, FAULT_P99_LIMIT_US } from '../lib/load-suite.js';
import { closedWithin, rawConnect } from '../lib/raw-ws.js';

/**
 * Long enough that the load's own clients, whose pongs wait for the generator's event loop,
 * are not taken for dead on a loaded machine (at 250 ms a busy generator lost 8 of 50).
 */
const HEARTBEAT_MS = 500;
const EXTRA = 100;
/** How often the test asks the server what it has terminated. */
const POLL_MS = 20;

export function run(identifier: string): Promise<void> {
  return dashboardLoadTest(identifier, {
    serverOptions: { heartbeatMs: HEARTBEAT_MS },
    ...FAULT_LOAD,
    durationMs: 3500,
    limits: { max: { latency_p99_us: FAULT_P99_LIMIT_US } },
    during: async ({ url, serverStats, loadEnded }): Promise<LoadCheck[]> => {
      await sleep(FAULT_LOAD.warmupMs);
      const clients = [];
      for (let i = 0; i < EXTRA; i++) clients.push(await rawConnect(url));
      await sleep(HEARTBEAT_MS * 2);
      const before = (await serverStats())?.server.heartbeatTerminated ?? 0;
      const vanished = clients.slice(0, EXTRA / 2);
      const vanishedAt = performance.now();
      for (const client of vanished) {
        client.answerPings = false;
        client.socket.pause();
      }
      let terminated = 0;
      while (performance.now() - vanishedAt < HEARTBEAT_MS * 4) {
        terminated = ((await serverStats())?.server.heartbeatTerminated ?? 0) - before;
        if (terminated >= vanished.length) break;
        await sleep(POLL_MS);
      }
      const foundMs = performance.now() - vanishedAt;
      await loadEnded;
      for (const client of clients) client.socket.resume();
      await Promise.all(clients.map((client) => closedWithin(client, 0)));
      return [
        {
          name: 'heartbeat_found_vanished',
          // Two intervals, plus one poll's worth of lateness in seeing it.
          passed: terminated === vanished.length && foundMs <= HEARTBEAT_MS * 2 + POLL_MS * 2,
          detail: `${terminated} of ${vanished.length} terminated in ${Math.round(foundMs)} ms (two intervals: ${HEARTBEAT_MS * 2} ms)`,
        },
      ];
    },
  });
}
