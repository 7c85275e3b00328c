// One HTTP/1.1 request with 100 headers, parsed 1000 times by a node:http
// server on one keep-alive connection. The client is a plain TCP socket that
// writes the prebuilt request bytes, so only the server parses headers.
// Remaining allocations (4), Node's own, alive by design:
// - 1: the server's pooled HTTP parser goes back to the free list with a fresh
//   header array (cleanParser in _http_common), and 1: the free list's array
//   grows to hold it;
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { measure } from 'alloc-counter';
import { startHttpServer } from '../lib/http.js';
import { endAndClose } from '../lib/tcp.js';

const REQUESTS = 1000;
const EXTRA_HEADERS = 100;

function requestBytes(): Buffer {
  let text = 'GET /feed HTTP/1.1\r\nHost: 127.0.0.1\r\n';
  for (let i = 0; i < EXTRA_HEADERS; i++) text += `X-Header-${i}: value-${i}\r\n`;
  return Buffer.from(text + '\r\n', 'latin1');
}

/** Sends the request `count` times, each after the previous response, and resolves with the response bytes. */
function sendAll(socket: Socket, request: Buffer, responseLength: number, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let received = 0;
    let sent = 1;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received !== sent * responseLength) return;
      if (sent === count) {
        socket.off('data', onData);
        resolve(received);
      } else {
        sent++;
        socket.write(request);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(request);
  });
}

export async function run(identifier: string): Promise<void> {
  let headersSeen = 0;
  const http = await startHttpServer((req: IncomingMessage, res: ServerResponse) => {
    // rawHeaders holds name and value of every header: the Host header and the 100 others.
    if (req.rawHeaders.length === 2 * (EXTRA_HEADERS + 1)) headersSeen++;
    res.sendDate = false;
    res.end('ok');
  });
  const request = requestBytes();
  const connectTo = (): Promise<Socket> =>
    new Promise((resolve, reject) => {
      const socket = connect(http.port, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
    });
  // One request outside the window learns the exact length of a response.
  const probe = await connectTo();
  const responseLength = await new Promise<number>((resolve) => {
    probe.once('data', (chunk: Buffer) => resolve(chunk.length));
    probe.write(request);
  });
  await endAndClose(probe);
  await http.allConnectionsClosed();

  await measure(identifier, async () => {
    const before = headersSeen;
    const socket = await connectTo();
    const bytes = await sendAll(socket, request, responseLength, REQUESTS);
    await endAndClose(socket);
    await http.allConnectionsClosed();
    const parsed = headersSeen - before;
    if (parsed !== REQUESTS || bytes !== REQUESTS * responseLength) {
      throw new Error(`${parsed} of ${REQUESTS} requests parsed with all their headers, ${bytes} response bytes`);
    }
    return parsed;
  });

  await http.close();
}
