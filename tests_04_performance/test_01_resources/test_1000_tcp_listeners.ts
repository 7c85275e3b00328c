// 1000 TCP servers bound to 127.0.0.1 (port 0), listening, then closed, one
// after the other: NIO's bootstraps, for node:net.
// Remaining allocations (2), Node's own, alive by design:
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).

import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { measure } from 'alloc-counter';

const LISTENERS = 1000;

export async function run(identifier: string): Promise<void> {
  await measure(identifier, async () => {
    let listened = 0;
    for (let i = 0; i < LISTENERS; i++) {
      const server = createServer();
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      if ((server.address() as AddressInfo).port > 0) listened++;
      server.close();
      await once(server, 'close');
    }
    if (listened !== LISTENERS) throw new Error(`${listened} of ${LISTENERS} servers listened on a port`);
    return listened;
  });
}
