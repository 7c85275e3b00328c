// 1000 datagrams of 32 bytes sent from one connected UDP socket to a receiver
// (node:dgram on 127.0.0.1). The next datagram leaves when the previous one has
// arrived, so the loopback never drops one and the work is the same every run.
// Remaining allocations (2), Node's own, alive by design:
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).
import { measure } from 'alloc-counter';
import { bindUdp, closeUdp } from '../lib/udp.js';

const DATAGRAMS = 1000;
const PAYLOAD = Buffer.alloc(32, 'd');

export async function run(identifier: string): Promise<void> {
  const receiver = await bindUdp();
  // One listener for the whole file, pointed at each run's handler: removing a
  // socket's last listener would replace its listener table, which outlives the run.
  let onDatagram: ((message: Buffer) => void) | null = null;
  receiver.on('message', (message: Buffer) => onDatagram?.(message));

  await measure(identifier, async () => {
    const sender = await bindUdp();
    sender.connect(receiver.address().port, '127.0.0.1');
    await new Promise((resolve) => sender.once('connect', resolve));
    const receivedBytes = await new Promise<number>((resolve) => {
      let received = 0;
      let bytes = 0;
      onDatagram = (message: Buffer): void => {
        received++;
        bytes += message.length;
        if (received === DATAGRAMS) {
          onDatagram = null;
          resolve(bytes);
        } else {
          sender.send(PAYLOAD);
        }
      };
      sender.send(PAYLOAD);
    });
    await closeUdp(sender);
    if (receivedBytes !== DATAGRAMS * PAYLOAD.length)
      throw new Error(`${receivedBytes} bytes received, expected ${DATAGRAMS * PAYLOAD.length}`);
    return DATAGRAMS;
  });

  await closeUdp(receiver);
}
