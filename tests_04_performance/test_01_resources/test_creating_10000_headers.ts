// 10000 HTTP headers created: 1000 outgoing messages (node:http's
// OutgoingMessage, the base of every ServerResponse and ClientRequest), each
// given the same 10 headers with setHeader, as a server does per response.

import { OutgoingMessage } from 'node:http';
import { measure } from 'alloc-counter';

const MESSAGES = 1000;
const HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Content-Type', 'application/json; charset=utf-8'],
  ['Cache-Control', 'no-store'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Strict-Transport-Security', 'max-age=31536000'],
  ['Vary', 'Accept-Encoding'],
  ['Server', 'alloc-counter'],
  ['X-Request-Id', '00000000-0000-0000-0000-000000000000'],
  ['Access-Control-Allow-Origin', '*'],
  ['Content-Language', 'en'],
];

export async function run(identifier: string): Promise<void> {
  await measure(identifier, () => {
    let created = 0;
    for (let i = 0; i < MESSAGES; i++) {
      const message = new OutgoingMessage();
      for (const [name, value] of HEADERS) message.setHeader(name, value);
      // Read back through the lower-cased lookup a response writer uses.
      if (message.getHeader('content-type') === HEADERS[0]![1]) created += message.getHeaderNames().length;
    }
    if (created !== MESSAGES * HEADERS.length)
      throw new Error(`${created} of ${MESSAGES * HEADERS.length} headers created`);
    return created;
  });
}
