// UDP helpers for the workload tests: node:dgram sockets bound to 127.0.0.1 (port 0).
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';

/** A udp4 socket bound to 127.0.0.1 on a free port. */
export async function bindUdp(): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return socket;
}

export function closeUdp(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.close(() => resolve()));
}
