// While 50 clients exchange echoes, one more client subscribes to a topic and
// stops reading, and a publisher feeds that topic 16 KiB messages (about 50 MB/s)
// until the server has closed the slow client, 64 MiB at most. The server's
// per-client queue bound (256 KiB over what the kernel holds) must close the
// slow client (1008) instead of buffering the feed: its peak RSS stays bounded,
// and the 50 others do not notice (nothing lost, p99 within the fault limit).
// The feed stops at the close so that the others' latency measures the slow
// client's cost, not the cost of parsing 64 MiB of JSON on the server's loop
// (which alone took their p99 to 174 ms).
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadCheck } from 'alloc-counter/load';
import { dashboardLoadTest, FAULT_LOAD, FAULT_P99_LIMIT_US } from '../lib/load-suite.js';
import { closedWithin, frame, type RawClient, rawConnect, sendText } from '../lib/raw-ws.js';

const MESSAGE_BYTES = 16 * 1024;
/** The most the publisher sends: 64 MiB, far over what the kernel and the queue bound hold. */
const MAX_MESSAGES = 4096;
/** 16 messages (256 KiB) every 5 ms: a fast feed, but not one that keeps the server's loop busy alone. */
const PER_TURN = 16;
const TURN_MS = 5;
/** How often the publisher asks the server whether it has closed the slow client yet. */
const TURNS_PER_CHECK = 8;
/** The server process with tsx loaded peaks at about 100 MB; buffering the flood would add 64 MiB. */
const PEAK_RSS_LIMIT = 150 * 1024 * 1024;

/** Publishes to the slow client's topic until the server has closed it (or MAX_MESSAGES); returns the bytes sent. */
async function flood(publisher: RawClient, closed: () => Promise<boolean>): Promise<number> {
  // One masked frame, written again and again: masking 64 MiB byte by byte would take this
  // (--no-opt) process longer than the run.
  const message = frame({
    opcode: 0x1,
    payload: Buffer.from(`{"type":"publish","topic":"flood","pad":"${'x'.repeat(MESSAGE_BYTES)}"}`),
  });
  let sent = 0;
  for (let turn = 0; sent < MAX_MESSAGES; turn++) {
    for (let j = 0; j < PER_TURN; j++) publisher.socket.write(message);
    sent += PER_TURN;
    // Let the publisher's socket drain, so that the flood does not sit in this process.
    if (publisher.socket.writableLength > 1024 * 1024)
      await new Promise((resolve) => publisher.socket.once('drain', resolve));
    await sleep(TURN_MS);
    if (turn % TURNS_PER_CHECK === TURNS_PER_CHECK - 1 && (await closed())) break;
  }
  return sent * message.length;
}

export function run(identifier: string): Promise<void> {
  return dashboardLoadTest(identifier, {
    serverOptions: { maxBufferedBytes: 256 * 1024, slowClientPolicy: 'close' },
    ...FAULT_LOAD,
    limits: { max: { latency_p99_us: FAULT_P99_LIMIT_US, peak_rss_bytes: PEAK_RSS_LIMIT } },
    during: async ({ url, serverStats, loadEnded }): Promise<LoadCheck[]> => {
      await sleep(FAULT_LOAD.warmupMs);
      const slow = await rawConnect(url);
      sendText(slow, '{"type":"subscribe","topic":"flood"}');
      await sleep(50);
      slow.socket.pause();
      const before = (await serverStats())?.server.closedSlow ?? 0;
      const publisher = await rawConnect(url);
      const closedSince = async (): Promise<number> => ((await serverStats())?.server.closedSlow ?? 0) - before;
      const flooded = await flood(publisher, async () => (await closedSince()) > 0);
      await sleep(1500); // the server terminates a slow client that does not answer its close in 1 s
      const closedSlow = await closedSince();
      await loadEnded;
      slow.socket.resume();
      await Promise.all([closedWithin(slow, 2000), closedWithin(publisher, 0)]);
      return [
        {
          name: 'slow_client_closed',
          passed: closedSlow === 1,
          detail: `${closedSlow} client closed at the queue bound after ${(flooded / 2 ** 20).toFixed(1)} MiB published, close code ${slow.closeCode ?? 'none read'}`,
        },
      ];
    },
  });
}
