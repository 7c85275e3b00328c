// A WebSocket client on a raw TCP socket, for the fault tests: it sends frames
// `ws` would refuse to (bad opcodes, unmasked, invalid UTF-8, oversized), stops
// reading on demand (a slow consumer) and answers pings only while alive (a peer
// that vanishes without a close frame).
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

const HANDSHAKE_TIMEOUT_MS = 10_000;

export interface RawClient {
  socket: Socket;
  /** The HTTP status of the upgrade: 101, or the refusal (503...). */
  status: number;
  /** The close code the server sent, once it has (null until then, or if it never did). */
  closeCode: number | null;
  /** Resolves when the TCP socket has closed. */
  closed: Promise<void>;
  /** Answers pings while true. */
  answerPings: boolean;
}

export interface FrameOptions {
  opcode: number;
  payload: Buffer;
  masked?: boolean;
  fin?: boolean;
  /** The length the header claims (default: the payload's). */
  claimedLength?: number;
}

export function frame({ opcode, payload, masked = true, fin = true, claimedLength }: FrameOptions): Buffer {
  const length = claimedLength ?? payload.length;
  const header: number[] = [(fin ? 0x80 : 0) | opcode];
  const maskBit = masked ? 0x80 : 0;
  if (length < 126) header.push(maskBit | length);
  else if (length < 65536) header.push(maskBit | 126, length >> 8, length & 0xff);
  else
    header.push(
      maskBit | 127,
      0,
      0,
      0,
      0,
      (length >>> 24) & 0xff,
      (length >> 16) & 0xff,
      (length >> 8) & 0xff,
      length & 0xff,
    );
  if (!masked) return Buffer.concat([Buffer.from(header), payload]);
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i]! ^= mask[i % 4]!;
  return Buffer.concat([Buffer.from(header), mask, body]);
}

/** Reads server frames: records a close frame's code, answers pings while `answerPings`. */
function readFrames(client: RawClient, initial: Buffer): void {
  let buffered = initial;
  const consume = (): void => {
    while (buffered.length >= 2) {
      const opcode = buffered[0]! & 0x0f;
      let length = buffered[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffered.length < 4) return;
        length = buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered.length < 10) return;
        length = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      if (buffered.length < offset + length) return;
      const payload = buffered.subarray(offset, offset + length);
      buffered = buffered.subarray(offset + length);
      if (opcode === 0x8) client.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      if (opcode === 0x9 && client.answerPings && client.socket.writable) {
        client.socket.write(frame({ opcode: 0xa, payload }));
      }
    }
  };
  client.socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    consume();
  });
  consume();
}

/** Connects and sends an upgrade request; resolves with the server's answer (101 or a refusal). */
export function rawConnect(url: string): Promise<RawClient> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to the upgrade within ${HANDSHAKE_TIMEOUT_MS} ms`));
    }, HANDSHAKE_TIMEOUT_MS);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      clearTimeout(timer);
      socket.off('data', onData);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head.toString('latin1'))?.[1] ?? 0);
      const client: RawClient = { socket, status, closeCode: null, closed, answerPings: true };
      readFrames(client, head.subarray(end + 4));
      resolve(client);
    };
    socket.on('data', onData);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.write(
      `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}

/** Sends a text message as one masked frame. */
export function sendText(client: RawClient, text: string): void {
  client.socket.write(frame({ opcode: 0x1, payload: Buffer.from(text) }));
}

/** Waits for the socket to close, at most `timeoutMs`; then destroys it. Whether it closed in time. */
export async function closedWithin(client: RawClient, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([
    client.closed.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  client.socket.destroy();
  return inTime;
}
