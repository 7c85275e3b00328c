// An HTTP JSON API used the way an application uses one, with nothing arranged for exact
// counts: a node:http server with its default timeouts (keep-alive, headers, request) that
// answers JSON with its Date header, a client on a keep-alive Agent, 200 GETs on one
// socket, and a 20 ms back-off (setTimeout) after every 50 requests. In real time the
// socket and Date-header timers fall due at moments that differ from process to process
// and run to run; in the child's virtual time (ARCHITECTURE.md, "Virtual time") they fall
// due at the same points every time.
// Remaining allocations (node-20 and node-22: 17, node-24 and node-26: 13; see baselines.json), what a live keep-alive connection and
// its timers hold after the last request, the same in every process (--explain lists them):
// - 7: timers left armed: the Date-header cache's Timeout (setUnrefTimeout), the timer lists
//   and their async ids (initAsyncResource, TimersList) and the timer queue's arrays (insert);
// - 4: the agent's bookkeeping of its free socket (addRequest, the free list and its elements);
// - 4: the socket's one-time 'error' listener for the next request (_onceWrap state, bound
//   functions);
// - 2: the HTTP parser back on the free list with a fresh header array (cleanParser), and the
//   free list's elements.
import { once } from 'node:events';
import { Agent, createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { measure } from 'alloc-counter';

const REQUESTS = 200;
const BACK_OFF_EVERY = 50;
const BACK_OFF_MS = 20;

interface Item {
  id: number;
  name: string;
  tags: string[];
}

function itemHandler(req: IncomingMessage, res: ServerResponse): void {
  const id = Number(new URL(req.url ?? '/', 'http://localhost').searchParams.get('id'));
  const body = JSON.stringify({ id, name: `item ${id}`, tags: ['new', 'json'] } satisfies Item);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function getItem(port: number, agent: Agent, id: number): Promise<{ item: Item; date: string | undefined }> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: `/items?id=${id}`, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ item: JSON.parse(text) as Item, date: res.headers.date }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

export async function run(identifier: string): Promise<void> {
  const server = createServer(itemHandler).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true });

  await measure(identifier, async () => {
    let answered = 0;
    for (let id = 0; id < REQUESTS; id++) {
      const { item, date } = await getItem(port, agent, id);
      if (item.id === id && date !== undefined) answered++;
      if (id % BACK_OFF_EVERY === BACK_OFF_EVERY - 1) await sleep(BACK_OFF_MS);
    }
    if (answered !== REQUESTS) throw new Error(`${answered} of ${REQUESTS} requests answered`);
    return answered;
  });

  agent.destroy();
  server.close();
  await once(server, 'close');
}
