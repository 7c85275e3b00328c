// One publisher sends 20 messages a second, open-loop, to the dashboard server (a
// process of its own), which fans each out to 100 subscribed clients: latency
// from the intended publish time measured at every receiver, and every delivery
// counted (nothing lost). Then a counted run: 10 receivers x 10 publishes.
import { measureLoad } from 'alloc-counter/load';
import { countedBroadcastRun, DASHBOARD_SERVER_MODULE } from '../lib/load-suite.js';

export async function run(identifier: string): Promise<void> {
  const counted = await countedBroadcastRun(10, 10);
  await measureLoad(identifier, {
    server: { module: DASHBOARD_SERVER_MODULE },
    mode: 'broadcast',
    connections: 100,
    rate: 20,
    durationMs: 2000,
    limits: { min: { messages_per_second: 1800 } },
    allocations: counted.workload,
  });
  await counted.server.close();
}
