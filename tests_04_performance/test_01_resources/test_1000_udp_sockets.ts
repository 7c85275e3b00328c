// 1000 UDP sockets bound to 127.0.0.1 (port 0) and closed, one after the other
// (node:dgram): NIO's UDP bootstraps.
// Remaining allocations (2), Node's own, alive by design:
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).
import { measure } from 'alloc-counter';
import { bindUdp, closeUdp } from '../lib/udp.js';

const SOCKETS = 1000;

export async function run(identifier: string): Promise<void> {
  await measure(identifier, async () => {
    let bound = 0;
    for (let i = 0; i < SOCKETS; i++) {
      const socket = await bindUdp();
      if (socket.address().port > 0) bound++;
      await closeUdp(socket);
    }
    if (bound !== SOCKETS) throw new Error(`${bound} of ${SOCKETS} sockets were bound to a port`);
    return bound;
  });
}
