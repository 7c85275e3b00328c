// One publisher sends 20 messages a second, open-loop, to the dashboard server (a
// process of its own), which fans each out to 100 subscribed clients: latency
// from the intended publish time measured at every receiver, and every delivery
// counted (nothing lost). Then a counted run: 10 receivers x 10 publishes.
import { dashboardLoadTest } from '../lib/load-suite.js';

export function run(identifier: string): Promise<void> {
  return dashboardLoadTest(identifier, {
    mode: 'broadcast',
    connections: 100,
    rate: 20,
    durationMs: 2000,
    warmupMs: 500,
    limits: { min: { messages_per_second: 1800 } },
  });
}
