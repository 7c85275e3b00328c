// 1000 HTTP/1.1 requests, one after the other, on one keep-alive connection
// (node:http server and client on 127.0.0.1).
// Remaining allocations (node-20: 4, node-24: 3; see baselines.json), all Node's own, alive by design:
// - 1 (sometimes 2): the pooled HTTP parsers (client, server) go back to the parser
//   free list with fresh, empty header arrays (cleanParser in _http_common);
// - 1: the free list's array grows to hold a returned parser;
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).
import { measure } from 'alloc-counter';
import { Agent } from 'node:http';
import { helloHandler, httpGet, startHttpServer } from '../lib/http.js';

const REQUESTS = 1000;

export async function run(identifier: string): Promise<void> {
  const http = await startHttpServer(helloHandler);

  await measure(identifier, async () => {
    const acceptedBefore = http.connectionsAccepted();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let answered = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const { status, bodyBytes } = await httpGet(http.port, agent);
      if (status === 200 && bodyBytes === 5) answered++;
    }
    agent.destroy();
    await http.allConnectionsClosed();
    if (answered !== REQUESTS) throw new Error(`${answered} of ${REQUESTS} requests answered`);
    const connections = http.connectionsAccepted() - acceptedBefore;
    if (connections !== 1) throw new Error(`expected 1 connection, the server accepted ${connections}`);
    return answered;
  });

  await http.close();
}
