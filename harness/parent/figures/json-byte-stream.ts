// A JSON file read a fixed-size chunk at a time, with the few token readers a
// heap snapshot needs: the file's text is never held whole (a snapshot of a
// 200 MB heap is a 1 GB string, and JSON.parse of it several GB of objects).
// Every error names the file and the byte offset where reading stopped.
import { closeSync, openSync, readSync } from 'node:fs';
import type { GrowableUintArray } from './growable-uint-array.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** States of readUintArray. */
const EXPECT_NUMBER = 0;
const IN_NUMBER = 1;
const AFTER_NUMBER = 2;

export const DEFAULT_CHUNK_BYTES = 2 * 1024 * 1024;

/** A captured token or value larger than this is not a heap snapshot's (meta, key or string). */
const MAX_CAPTURE_BYTES = 64 * 1024 * 1024;

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function describeByte(byte: number): string {
  if (byte < 0) return 'the end of the file';
  if (byte >= 0x20 && byte < 0x7f) return `'${String.fromCharCode(byte)}'`;
  return `byte 0x${byte.toString(16).padStart(2, '0')}`;
}

export class JsonByteStream {
  private readonly fd: number;
  private readonly chunk: Buffer;
  /** File offset of chunk[0]. */
  private base = 0;
  private pos = 0;
  private end = 0;
  private eof = false;
  /** Bytes of a token that spans chunks (strings, the meta object). */
  private scratch = Buffer.allocUnsafe(64 * 1024);
  private scratchLength = 0;

  constructor(
    readonly path: string,
    chunkBytes: number = DEFAULT_CHUNK_BYTES,
  ) {
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new Error(`chunk size ${chunkBytes} is not >= 1`);
    this.fd = openSync(path, 'r');
    this.chunk = Buffer.allocUnsafe(chunkBytes);
  }

  close(): void {
    closeSync(this.fd);
  }

  get offset(): number {
    return this.base + this.pos;
  }

  fail(reason: string, offset = this.offset): never {
    throw new Error(`${this.path}: not a readable heap snapshot: ${reason} at byte ${offset}`);
  }

  /** Reads the next chunk; false at the end of the file. */
  private fill(): boolean {
    if (this.eof) return false;
    this.base += this.end;
    this.pos = 0;
    this.end = readSync(this.fd, this.chunk, 0, this.chunk.length, null);
    if (this.end === 0) this.eof = true;
    return !this.eof;
  }

  /** The next byte without consuming it, -1 at the end of the file. */
  peek(): number {
    if (this.pos === this.end && !this.fill()) return -1;
    return this.chunk[this.pos]!;
  }

  /** Skips whitespace; returns the next byte (not consumed), -1 at the end of the file. */
  peekToken(): number {
    for (;;) {
      if (this.pos === this.end && !this.fill()) return -1;
      const byte = this.chunk[this.pos]!;
      if (!isWhitespace(byte)) return byte;
      this.pos++;
    }
  }

  expect(byte: number): void {
    const found = this.peekToken();
    if (found !== byte) this.fail(`expected '${String.fromCharCode(byte)}', found ${describeByte(found)}`);
    this.pos++;
  }

  /** After an element of an array or object: true at ',' (consumed), false at the closer (consumed). */
  private separator(closer: number): boolean {
    const byte = this.peekToken();
    if (byte === COMMA || byte === closer) {
      this.pos++;
      return byte === COMMA;
    }
    return this.fail(`expected ',' or '${String.fromCharCode(closer)}', found ${describeByte(byte)}`);
  }

  /** Calls readElement for each element of an array (the stream is at '['). */
  readArray(readElement: () => void): void {
    this.expect(OPEN_BRACKET);
    if (this.peekToken() === CLOSE_BRACKET) {
      this.pos++;
      return;
    }
    do readElement();
    while (this.separator(CLOSE_BRACKET));
  }

  /** Calls readMember(key) for each member of an object; readMember reads the value. */
  readObject(readMember: (key: string) => void): void {
    this.expect(OPEN_BRACE);
    if (this.peekToken() === CLOSE_BRACE) {
      this.pos++;
      return;
    }
    do {
      const key = this.readString();
      this.expect(COLON);
      readMember(key);
    } while (this.separator(CLOSE_BRACE));
  }

  /**
   * A non-negative integer, as V8 writes every number of a snapshot's arrays.
   * Anything else (a sign, a fraction, an exponent, a leading zero, more than
   * 2^53) is refused: it would not be stored exactly.
   */
  readUint(): number {
    if (this.peekToken() < 0) this.fail('unexpected end of the file');
    const start = this.offset;
    let value = 0;
    let digits = 0;
    for (;;) {
      if (this.pos === this.end && !this.fill()) break;
      const byte = this.chunk[this.pos]!;
      if (byte < DIGIT_0 || byte > DIGIT_9) break;
      if (digits === 1 && value === 0) this.fail('a number with a leading zero', start);
      value = value * 10 + (byte - DIGIT_0);
      digits++;
      this.pos++;
    }
    if (digits === 0) this.fail(`expected a non-negative integer, found ${describeByte(this.peek())}`);
    if (value > Number.MAX_SAFE_INTEGER) this.fail('a number above 2^53', start);
    const next = this.peek();
    if (next === 0x2e || next === 0x65 || next === 0x45) this.fail('a number that is not an integer', start);
    return value;
  }

  /**
   * A whole array of non-negative integers (as readUint takes them), appended
   * to `into`. The hot loop of a snapshot (nodes and edges are nearly all of
   * it), so one pass over each chunk's bytes rather than a call per token.
   */
  readUintArray(into: GrowableUintArray): void {
    this.expect(OPEN_BRACKET);
    if (this.peekToken() === CLOSE_BRACKET) {
      this.pos++;
      return;
    }
    let state = EXPECT_NUMBER;
    let value = 0;
    let digits = 0;
    let numberStart = 0;
    for (;;) {
      if (this.pos === this.end && !this.fill()) this.fail('unexpected end of the file in an array');
      const chunk = this.chunk;
      const end = this.end;
      let pos = this.pos;
      for (; pos < end; pos++) {
        const byte = chunk[pos]!;
        if (state === IN_NUMBER) {
          if (byte >= DIGIT_0 && byte <= DIGIT_9) {
            if (digits === 1 && value === 0) this.fail('a number with a leading zero', numberStart);
            value = value * 10 + (byte - DIGIT_0);
            digits++;
            continue;
          }
          if (byte === 0x2e || byte === 0x65 || byte === 0x45)
            this.fail('a number that is not an integer', numberStart);
          if (value > Number.MAX_SAFE_INTEGER) this.fail('a number above 2^53', numberStart);
          into.push(value);
          state = AFTER_NUMBER;
        }
        if (isWhitespace(byte)) continue;
        if (state === EXPECT_NUMBER) {
          if (byte < DIGIT_0 || byte > DIGIT_9) {
            this.pos = pos;
            this.fail(`expected a non-negative integer, found ${describeByte(byte)}`);
          }
          value = byte - DIGIT_0;
          digits = 1;
          numberStart = this.base + pos;
          state = IN_NUMBER;
        } else if (byte === COMMA) {
          state = EXPECT_NUMBER;
        } else if (byte === CLOSE_BRACKET) {
          this.pos = pos + 1;
          return;
        } else {
          this.pos = pos;
          this.fail(`expected ',' or ']', found ${describeByte(byte)}`);
        }
      }
      this.pos = pos;
    }
  }

  /** Arrays nested in arrays with non-negative integers as leaves (the trace tree), as JS arrays. */
  readNestedUintArray(): unknown[] {
    const root: unknown[] = [];
    // Explicit stack: trace trees of deep recursions would overflow the JS stack.
    const open: unknown[][] = [root];
    this.expect(OPEN_BRACKET);
    let justOpened = true;
    while (open.length > 0) {
      const current = open[open.length - 1]!;
      const byte = this.peekToken();
      if (justOpened && byte === CLOSE_BRACKET) {
        this.pos++;
        open.pop();
        justOpened = false;
        continue;
      }
      if (!justOpened && !this.separator(CLOSE_BRACKET)) {
        open.pop();
        continue;
      }
      if (this.peekToken() === OPEN_BRACKET) {
        this.pos++;
        const child: unknown[] = [];
        current.push(child);
        open.push(child);
        justOpened = true;
      } else {
        current.push(this.readUint());
        justOpened = false;
      }
    }
    return root;
  }

  /**
   * A JSON string, decoded by JSON.parse of its token so that every escape
   * means what JSON says; plain ASCII (most of a snapshot's strings, V8 writes
   * the rest as \u escapes) is decoded directly, which gives the same string.
   */
  readString(): string {
    if (this.peekToken() !== QUOTE) this.fail(`expected a string, found ${describeByte(this.peek())}`);
    const start = this.offset;
    this.pos++;
    let plain = true;
    let escaped = false;
    let from = this.pos;
    this.scratchLength = 0;
    for (;;) {
      if (this.pos === this.end) {
        this.capture(from, this.pos, start);
        if (!this.fill()) this.fail('a string that does not end', start);
        from = 0;
      }
      const byte = this.chunk[this.pos++]!;
      if (escaped) {
        escaped = false;
      } else if (byte === QUOTE) {
        break;
      } else if (byte === BACKSLASH) {
        escaped = true;
        plain = false;
      } else if (byte < 0x20 || byte >= 0x80) {
        plain = false;
      }
    }
    // The token without its quotes: captured bytes plus the rest of this chunk.
    const tokenEnd = this.pos - 1;
    if (this.scratchLength === 0) {
      if (plain) return this.chunk.toString('latin1', from, tokenEnd);
      return this.parseString(this.chunk.toString('utf8', from, tokenEnd), start);
    }
    this.capture(from, tokenEnd, start);
    const text = this.scratch.toString(plain ? 'latin1' : 'utf8', 0, this.scratchLength);
    return plain ? text : this.parseString(text, start);
  }

  private parseString(inner: string, start: number): string {
    try {
      return JSON.parse(`"${inner}"`) as string;
    } catch (error) {
      return this.fail(`a bad string (${(error as Error).message})`, start);
    }
  }

  /** Appends chunk[from, to) to the scratch buffer. */
  private capture(from: number, to: number, start: number): void {
    const length = to - from;
    if (this.scratchLength + length > MAX_CAPTURE_BYTES) {
      this.fail(`a token of more than ${MAX_CAPTURE_BYTES} bytes`, start);
    }
    if (this.scratchLength + length > this.scratch.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.scratchLength + length));
      this.scratch.copy(grown, 0, 0, this.scratchLength);
      this.scratch = grown;
    }
    this.chunk.copy(this.scratch, this.scratchLength, from, to);
    this.scratchLength += length;
  }

  /** A whole value of any kind, parsed with JSON.parse (for small values such as the meta object). */
  readSmallValue(): unknown {
    const start = this.offset;
    this.scratchLength = 0;
    this.skipValue(true);
    const text = this.scratch.toString('utf8', 0, this.scratchLength);
    try {
      return JSON.parse(text);
    } catch (error) {
      return this.fail(`a bad value (${(error as Error).message})`, start);
    }
  }

  /**
   * Passes over one value without building it (keys this reader does not use).
   * It checks the structure (brackets, strings), not every token; with
   * `keep`, the value's bytes are captured for readSmallValue.
   */
  skipValue(keep = false): void {
    const first = this.peekToken();
    if (first < 0) this.fail('unexpected end of the file');
    const start = this.offset;
    const closers: number[] = [];
    let inString = false;
    let escaped = false;
    let from = this.pos;
    for (;;) {
      if (this.pos === this.end) {
        if (keep) this.capture(from, this.pos, start);
        if (!this.fill()) {
          if (closers.length === 0 && !inString) return;
          this.fail(inString ? 'a string that does not end' : 'a value that does not end', start);
        }
        from = 0;
      }
      const byte = this.chunk[this.pos]!;
      if (inString) {
        this.pos++;
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) {
        this.pos++;
        inString = true;
      } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
        this.pos++;
        closers.push(byte === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_BRACE);
      } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
        if (closers.length === 0) break;
        if (closers.pop() !== byte) this.fail(`a misplaced ${describeByte(byte)}`);
        this.pos++;
      } else if ((byte === COMMA || byte === COLON) && closers.length === 0) {
        break;
      } else if (byte < 0x20 && !isWhitespace(byte)) {
        this.fail(`unexpected ${describeByte(byte)}`);
      } else {
        this.pos++;
      }
      if (closers.length === 0 && !inString && (byte === CLOSE_BRACKET || byte === CLOSE_BRACE || byte === QUOTE)) {
        break;
      }
    }
    if (this.offset === start) this.fail(`expected a value, found ${describeByte(first)}`);
    if (keep) this.capture(from, this.pos, start);
  }
}
