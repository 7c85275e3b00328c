import { measure } from 'alloc-counter';
import net from 'node:net';
import { fork } from 'node:child_process';
import { once } from 'node:events';
export async function run(identifier: string): Promise<void> {
  const child = fork(new URL('./server.mjs', import.meta.url).pathname, { execArgv: [] });
  const [port] = (await once(child, 'message')) as [number];
  await measure(identifier + '_remote_server', async () => {
    for (let i = 0; i < 1000; i++) {
      const s = net.connect(port, '127.0.0.1');
      await once(s, 'connect');
      s.destroy();
      await once(s, 'close');
    }
    return 1000;
  });
  child.disconnect(); await once(child, 'exit');
}
