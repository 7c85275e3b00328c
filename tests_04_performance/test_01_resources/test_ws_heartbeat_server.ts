// A WebSocket server written the usual way (ws's documented heartbeat): every
// connection is marked alive on each pong, and a setInterval pings all clients
// and terminates those that did not answer the last ping. A client connects,
// sends 500 JSON messages that the server answers, pausing 20 ms after every
// 50 (so the heartbeat fires during the workload), and leaves. Nothing here is
// arranged for exact counts: the heartbeat runs on the child's virtual clock
// (ARCHITECTURE.md, "Virtual time"), so it fires at the same points in every
// process and run.
// Remaining allocations (node-20 and node-22: 11, node-24: 9, node-26: 7; see baselines.json), the same in every process
// (--explain lists them; the list below is node-20's 12 of before 2026-12-03, when V8's own clock reads
// still moved virtual time and the heartbeat fell due at other points):
// - 2: the pooled HTTP parsers of the upgrade request go back to the free list with fresh
//   header arrays (cleanParser);
// - 2: Buffer.allocUnsafe's shared pool is replaced while framing (ArrayBuffer + Buffer);
// - 4: the ws server's `clients` Set shrinks its table when the client leaves, and the
//   handshake's hashing and stream state that Node caches (Hash, Readable, Duplex objects);
// - 4: the heartbeat's timer list: its queue arrays (insert, delete) and the number
//   listOnTimeout keeps.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { measure } from 'alloc-counter';
import WebSocket, { WebSocketServer } from 'ws';

const MESSAGES = 500;
const HEARTBEAT_MS = 50;
const PAUSE_EVERY = 50;
const PAUSE_MS = 20;

interface Beating {
  isAlive: boolean;
}

function startServer(): { wss: WebSocketServer; heartbeat: NodeJS.Timeout } {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (socket: WebSocket & Partial<Beating>) => {
    socket.isAlive = true;
    socket.on('pong', () => {
      socket.isAlive = true;
    });
    socket.on('message', (data) => {
      const { seq } = JSON.parse(String(data)) as { seq: number };
      socket.send(JSON.stringify({ seq, ok: true }));
    });
  });
  const heartbeat = setInterval(() => {
    for (const client of wss.clients as Set<WebSocket & Beating>) {
      if (!client.isAlive) {
        client.terminate();
        continue;
      }
      client.isAlive = false;
      client.ping();
    }
  }, HEARTBEAT_MS);
  return { wss, heartbeat };
}

/** The next message; a connection the heartbeat terminated fails the workload instead of hanging it. */
function reply(socket: WebSocket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const onClose = (): void => reject(new Error('the server terminated the connection (no pong in time)'));
    socket.once('close', onClose);
    socket.once('message', (data: Buffer) => {
      socket.off('close', onClose);
      resolve(data);
    });
  });
}

export async function run(identifier: string): Promise<void> {
  const { wss, heartbeat } = startServer();
  await once(wss, 'listening');
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;

  await measure(identifier, async () => {
    const socket = new WebSocket(url);
    await once(socket, 'open');
    let answered = 0;
    for (let seq = 0; seq < MESSAGES; seq++) {
      socket.send(JSON.stringify({ seq, text: 'hello' }));
      const data = await reply(socket);
      if ((JSON.parse(String(data)) as { seq: number }).seq === seq) answered++;
      if (seq % PAUSE_EVERY === PAUSE_EVERY - 1) await sleep(PAUSE_MS);
    }
    socket.close();
    await once(socket, 'close');
    if (answered !== MESSAGES) throw new Error(`${answered} of ${MESSAGES} messages answered`);
    return answered;
  });

  clearInterval(heartbeat);
  await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
}
