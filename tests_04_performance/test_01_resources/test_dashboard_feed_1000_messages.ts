// A dashboard feed: 1000 JSON messages (as they arrive from a WebSocket) parsed,
// validated with a zod schema, folded into per-host state and serialised
// back as the update sent to browsers. No sockets: the application's own work.
import { measure } from 'alloc-counter';
import { z } from 'zod';

const MESSAGES = 1000;
const HOSTS = 10;

const metricSchema = z.object({
  type: z.literal('metric'),
  host: z.string().min(1),
  timestamp: z.number().int().nonnegative(),
  cpu: z.number().min(0).max(1),
  memory: z.object({ used: z.number().int().nonnegative(), total: z.number().int().positive() }),
  tags: z.array(z.string()).max(8),
});
type Metric = z.infer<typeof metricSchema>;

export async function run(identifier: string): Promise<void> {
  // The incoming messages, prebuilt: what the feed receives is not what we measure.
  const incoming: string[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const message: Metric = {
      type: 'metric',
      host: `web-${i % HOSTS}`,
      timestamp: 1_700_000_000_000 + i * 1000,
      cpu: (i % 100) / 100,
      memory: { used: 512 + i, total: 4096 },
      tags: ['prod', 'eu-west-1'],
    };
    incoming.push(JSON.stringify(message));
  }
  // Per-host state, created once: the workload updates it in place.
  const latestCpu = new Float64Array(HOSTS);

  await measure(identifier, () => {
    let valid = 0;
    let sentBytes = 0;
    for (const text of incoming) {
      const metric = metricSchema.parse(JSON.parse(text));
      valid++;
      const hostIndex = Number(metric.host.slice(4));
      latestCpu[hostIndex] = metric.cpu;
      const update = JSON.stringify({
        host: metric.host,
        at: metric.timestamp,
        cpu: metric.cpu,
        memoryUsed: metric.memory.used / metric.memory.total,
      });
      sentBytes += update.length;
    }
    if (valid !== MESSAGES || sentBytes === 0) throw new Error(`${valid} of ${MESSAGES} messages validated`);
    return valid;
  });
}
