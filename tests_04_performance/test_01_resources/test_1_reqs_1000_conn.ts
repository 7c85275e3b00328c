// 1000 HTTP/1.1 requests, each on a connection of its own (Connection: close),
// one after the other (node:http server and client on 127.0.0.1).
// Remaining allocations (node-20: 5, node-24: 3; see baselines.json), all Node's own, alive by design:
// - 2: the two pooled HTTP parsers (client, server) go back to the parser free
//   list with fresh, empty header arrays (cleanParser in _http_common);
// - 1: the free list's array grows to hold a returned parser;
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).
import { measure } from 'alloc-counter';
import { helloHandler, httpGet, startHttpServer } from '../lib/http.js';

const CONNECTIONS = 1000;

export async function run(identifier: string): Promise<void> {
  const http = await startHttpServer(helloHandler);

  await measure(identifier, async () => {
    const acceptedBefore = http.connectionsAccepted();
    let answered = 0;
    for (let i = 0; i < CONNECTIONS; i++) {
      const { status, bodyBytes } = await httpGet(http.port, false);
      if (status === 200 && bodyBytes === 5) answered++;
    }
    await http.allConnectionsClosed();
    if (answered !== CONNECTIONS) throw new Error(`${answered} of ${CONNECTIONS} requests answered`);
    const connections = http.connectionsAccepted() - acceptedBefore;
    if (connections !== CONNECTIONS)
      throw new Error(`expected ${CONNECTIONS} connections, the server accepted ${connections}`);
    return answered;
  });

  await http.close();
}
