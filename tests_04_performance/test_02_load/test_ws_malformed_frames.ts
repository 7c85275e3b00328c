// While 50 clients exchange echoes, raw TCP clients send what a server must
// refuse: a reserved opcode, an unmasked client frame, invalid UTF-8 in a text
// frame, a frame longer than maxPayload. Each must be closed with its code
// (1002, 1002, 1007, 1009), the server must stay up and the 50 others must
// not notice (nothing lost, p99 within the fault limit).
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadCheck } from 'alloc-counter/load';
import { dashboardLoadTest, FAULT_LOAD, FAULT_P99_LIMIT_US } from '../lib/load-suite.js';
import { closedWithin, frame, rawConnect } from '../lib/raw-ws.js';

const MAX_PAYLOAD = 64 * 1024;
const CASES = [
  { name: 'reserved_opcode', code: 1002, bytes: () => frame({ opcode: 0x3, payload: Buffer.from('x') }) },
  {
    name: 'unmasked_frame',
    code: 1002,
    bytes: () => frame({ opcode: 0x1, payload: Buffer.from('{}'), masked: false }),
  },
  { name: 'invalid_utf8', code: 1007, bytes: () => frame({ opcode: 0x1, payload: Buffer.from([0xff, 0xfe, 0xfd]) }) },
  {
    name: 'over_max_payload',
    code: 1009,
    bytes: () => frame({ opcode: 0x2, payload: Buffer.alloc(0), claimedLength: MAX_PAYLOAD + 1 }),
  },
];

async function sendMalformed(url: string): Promise<LoadCheck[]> {
  const checks: LoadCheck[] = [];
  for (const { name, code, bytes } of CASES) {
    const client = await rawConnect(url);
    client.socket.write(bytes());
    const closed = await closedWithin(client, 5000);
    checks.push({
      name,
      passed: client.status === 101 && closed && client.closeCode === code,
      detail: `upgrade ${client.status}, close code ${client.closeCode} (expected ${code})${closed ? '' : ', not closed within 5 s'}`,
    });
  }
  return checks;
}

export function run(identifier: string): Promise<void> {
  return dashboardLoadTest(identifier, {
    serverOptions: { maxPayload: MAX_PAYLOAD },
    ...FAULT_LOAD,
    limits: { max: { latency_p99_us: FAULT_P99_LIMIT_US } },
    during: async ({ url, serverStats, loadEnded }) => {
      await sleep(FAULT_LOAD.warmupMs + 200);
      const checks = await sendMalformed(url);
      const stats = await serverStats();
      await loadEnded;
      const up = stats !== null && (stats.server.connections ?? 0) >= FAULT_LOAD.connections;
      checks.push({
        name: 'server_up',
        passed: up,
        detail: `${stats?.server.connections} connections open after the malformed frames`,
      });
      return checks;
    },
  });
}
