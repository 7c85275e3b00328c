// WebSocket frames without sockets: ws's own Sender.frame (encoding) and
// Receiver (decoding), as NIO's WebSocketFrameEncoder/Decoder tests use theirs.
import type { Writable } from 'node:stream';
import * as wsModule from 'ws';

interface FrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
  generateMask: (mask: Buffer) => void;
  maskBuffer?: Buffer | undefined;
}
/** ws's frame parser: a Writable that emits 'message' (data, isBinary) per complete message. */
export type FrameDecoder = Writable;
// ws's ESM entry exports these classes; @types/ws does not describe them.
const { Sender, Receiver } = wsModule as unknown as {
  Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] };
  Receiver: new (options: { isServer: boolean; maxPayload: number }) => FrameDecoder;
};

/** ws's frame encoder: the frame as a list of buffers (the header and the payload, or one merged buffer). */
export function encodeFrame(data: Buffer, options: FrameOptions): Buffer[] {
  return Sender.frame(data, options);
}

export const FRAMES = 1000;
/** A 100-byte binary payload: a header of 2 bytes unmasked, 6 masked. */
export const PAYLOAD = Buffer.alloc(100, 0x5a);
const BINARY_OPCODE = 2;
const MASK = [0x37, 0xfa, 0x21, 0x3d] as const;

/** A fixed mask, so that encoding never draws from ws's random pool (whose refills fall on different frames each run). */
export function fixedMask(mask: Buffer): void {
  mask[0] = MASK[0];
  mask[1] = MASK[1];
  mask[2] = MASK[2];
  mask[3] = MASK[3];
}

/** ws's options for one final binary frame; `readOnly: false` lets ws mask the payload in place. */
export function frameOptions(masked: boolean, readOnly: boolean, maskBuffer?: Buffer): FrameOptions {
  return { fin: true, opcode: BINARY_OPCODE, mask: masked, readOnly, rsv1: false, generateMask: fixedMask, maskBuffer };
}

/** The bytes of one encoded frame: header and payload in one buffer. */
export function encodedFrame(masked: boolean): Buffer {
  return Buffer.concat(encodeFrame(PAYLOAD, frameOptions(masked, true)));
}

/** A decoder as the receiving side uses it: servers expect masked frames, clients unmasked ones. */
export function frameDecoder(masked: boolean, onMessage: (data: Buffer, isBinary: boolean) => void): FrameDecoder {
  const receiver = new Receiver({ isServer: masked, maxPayload: 1 << 20 });
  receiver.on('message', onMessage);
  receiver.on('error', (error: Error) => {
    throw error;
  });
  return receiver;
}
