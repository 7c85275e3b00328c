// While 50 clients exchange echoes, one more client subscribes to a topic and
// stops reading, and a publisher floods that topic with 64 MiB. The server's
// per-client queue bound (256 KiB over what the kernel holds) must close the
// slow client (1008) instead of buffering it all: its peak RSS stays bounded,
// and the 50 others do not notice (nothing lost, p99 within the fault limit).
import { setTimeout as sleep } from 'node:timers/promises';
import { type LoadCheck, measureLoad } from 'alloc-counter/load';
import { countedEchoRun, DASHBOARD_SERVER_MODULE, FAULT_LOAD, FAULT_P99_LIMIT_US } from '../lib/load-suite.js';
import { closedWithin, frame, type RawClient, rawConnect, sendText } from '../lib/raw-ws.js';

const MESSAGE_BYTES = 16 * 1024;
const MESSAGES = 4096;
const PER_TURN = 32;
/** The server process with tsx loaded peaks at about 100 MB; buffering the flood would add 64 MiB. */
const PEAK_RSS_LIMIT = 150 * 1024 * 1024;

async function flood(publisher: RawClient): Promise<void> {
  // One masked frame, written again and again: masking 64 MiB byte by byte would take this
  // (--no-opt) process longer than the run.
  const message = frame({
    opcode: 0x1,
    payload: Buffer.from(`{"type":"publish","topic":"flood","pad":"${'x'.repeat(MESSAGE_BYTES)}"}`),
  });
  for (let i = 0; i < MESSAGES; i += PER_TURN) {
    for (let j = 0; j < PER_TURN; j++) publisher.socket.write(message);
    // Let the publisher's socket drain, so that the flood does not sit in this process.
    if (publisher.socket.writableLength > 1024 * 1024)
      await new Promise((resolve) => publisher.socket.once('drain', resolve));
    await sleep(1);
  }
}

export async function run(identifier: string): Promise<void> {
  const counted = await countedEchoRun(10, 10);
  await measureLoad(identifier, {
    server: { module: DASHBOARD_SERVER_MODULE, options: { maxBufferedBytes: 256 * 1024, slowClientPolicy: 'close' } },
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
      await flood(publisher);
      await sleep(1500); // the server terminates a slow client that does not answer its close in 1 s
      const closedSlow = ((await serverStats())?.server.closedSlow ?? 0) - before;
      await loadEnded;
      slow.socket.resume();
      await Promise.all([closedWithin(slow, 2000), closedWithin(publisher, 0)]);
      return [
        {
          name: 'slow_client_closed',
          passed: closedSlow === 1,
          detail: `${closedSlow} client closed at the queue bound, close code ${slow.closeCode ?? 'none read'}`,
        },
      ];
    },
    allocations: counted.workload,
  });
  await counted.server.close();
}
