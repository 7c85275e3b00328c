import { measure } from 'alloc-counter';
import net from 'node:net';
import { once } from 'node:events';
export async function run(identifier: string): Promise<void> {
  const server = net.createServer((s) => { s.on('close', () => {}); });
  server.listen(0, '127.0.0.1'); await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  // A: client connects, then destroys; server side ignored
  await measure(identifier + '_connect_destroy', async () => {
    for (let i = 0; i < 1000; i++) {
      const s = net.connect(port, '127.0.0.1');
      await once(s, 'connect');
      s.destroy();
      await once(s, 'close');
    }
    await new Promise((r) => setTimeout(r, 50));
    return 1000;
  });
  // C: sockets without I/O
  await measure(identifier + '_no_io', async () => {
    for (let i = 0; i < 1000; i++) {
      const s = new net.Socket();
      s.destroy();
      await once(s, 'close');
    }
    return 1000;
  });
  server.close(); await once(server, 'close');
}
