// The open-loop load generator (runs in a process of its own, see
// generator-process.ts): it opens the connections, then sends on the
// schedule (schedule.ts) whether or not replies have come, up to a bound of
// messages in flight per connection, and records for each reply its latency
// from the intended send time (corrected) and from the actual one
// (uncorrected), in µs. Its own event-loop delay is measured beside, so a
// saturated generator can be told from a slow server.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { latencyHistogram, recordMicros, summarise } from './histogram.js';
import type { GeneratorConfig, GeneratorResult } from './messages.js';
import { dueBy, intendedAt, makeSchedule, type Schedule } from './schedule.js';

const TOPIC = 'load';
/**
 * monitorEventLoopDelay's timer period. Its histogram holds the time between
 * the timer's callbacks, so the period itself is subtracted (an idle process:
 * min 10.04 ms, median 10.10 ms at a 10 ms period).
 */
const LOOP_DELAY_RESOLUTION_MS = 10;
const MAX_RECONNECT_DELAY_MS = 1000;
const FIRST_RECONNECT_DELAY_MS = 20;

interface Slot {
  socket: WebSocket | null;
  inFlight: number;
  attempts: number;
  downSince: number | null;
}

function openSocket(url: string, timeoutMs: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    socket.once('open', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Opens `count` connections, `concurrency` at a time. */
async function openAll(config: GeneratorConfig, count: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += config.connectConcurrency) {
    const batch = Math.min(config.connectConcurrency, count - i);
    const opened = await Promise.all(
      Array.from({ length: batch }, () => openSocket(config.url, config.connectTimeoutMs)),
    );
    sockets.push(...opened);
  }
  return sockets;
}

function padding(bytes: number): string {
  return 'x'.repeat(Math.max(0, bytes));
}

/** `..."seq":12,"t":1234.5,...`: the stamp, read from the message's head without parsing it all. */
const STAMP = /"seq":(\d+),"t":([0-9.e+-]+)/;
const STAMP_HEAD_BYTES = 96;

/** The sequence number and intended send time of a message (or null: not one of ours). */
function parseStamp(data: WebSocket.RawData): { seq: number; t: number } | null {
  const head = Buffer.isBuffer(data)
    ? data.toString('latin1', 0, STAMP_HEAD_BYTES)
    : String(data).slice(0, STAMP_HEAD_BYTES);
  const match = STAMP.exec(head);
  if (match === null) return null;
  const t = Number(match[2]);
  return Number.isFinite(t) ? { seq: Number(match[1]), t } : null;
}

class Run {
  readonly corrected = latencyHistogram();
  readonly uncorrected = latencyHistogram();
  readonly loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  readonly slots: Slot[] = [];
  readonly sentAt: Float64Array;
  /** Replies or deliveries per message. */
  readonly arrivals: Uint16Array;
  readonly pad: string;
  sent = 0;
  skipped = 0;
  late = 0;
  received = 0;
  duplicates = 0;
  droppedInFlight = 0;
  disconnects = 0;
  reconnects = 0;
  longestRecoveryMs = 0;
  readonly closeCodes: Record<string, number> = {};
  next = 0;
  finishedSending = false;
  private pendingDone: (() => void) | null = null;

  constructor(
    readonly config: GeneratorConfig,
    readonly schedule: Schedule,
    readonly receivers: number,
  ) {
    this.sentAt = new Float64Array(schedule.total);
    this.arrivals = new Uint16Array(schedule.total);
    this.pad = padding(config.payloadBytes);
  }

  get senders(): number {
    return this.config.mode === 'echo' ? this.config.connections : 1;
  }

  expectedArrivals(): number {
    let expected = 0;
    for (let j = this.schedule.firstMeasured; j < this.schedule.total; j++) {
      if (this.sentAt[j] !== 0) expected += this.config.mode === 'echo' ? 1 : this.receivers;
    }
    return expected;
  }

  onArrival(data: WebSocket.RawData, slot: Slot | null): void {
    const now = performance.now();
    const stamp = parseStamp(data);
    if (stamp === null || stamp.seq < 0 || stamp.seq >= this.schedule.total) return;
    if (slot !== null) slot.inFlight = Math.max(0, slot.inFlight - 1);
    const seq = stamp.seq;
    this.arrivals[seq]! += 1;
    if (this.config.mode === 'echo' && this.arrivals[seq]! > 1) this.duplicates++;
    if (seq < this.schedule.firstMeasured) return;
    this.received++;
    recordMicros(this.corrected, (now - stamp.t) * 1000);
    recordMicros(this.uncorrected, (now - this.sentAt[seq]!) * 1000);
    this.checkDone();
  }

  sendDue(): void {
    const now = performance.now();
    const due = dueBy(this.schedule, now);
    for (; this.next < due; this.next++) {
      const j = this.next;
      if (j === this.schedule.firstMeasured) this.loopDelay.reset();
      const slot = this.slots[j % this.senders]!;
      const measured = j >= this.schedule.firstMeasured;
      if (
        slot.socket === null ||
        slot.socket.readyState !== WebSocket.OPEN ||
        slot.inFlight >= this.config.maxInFlight
      ) {
        if (measured) this.skipped++;
        continue;
      }
      const intended = intendedAt(this.schedule, j);
      const type = this.config.mode === 'echo' ? 'echo' : 'publish';
      const topic = this.config.mode === 'echo' ? '' : `"topic":"${TOPIC}",`;
      const sentAt = performance.now();
      slot.socket.send(`{"type":"${type}",${topic}"seq":${j},"t":${intended},"pad":"${this.pad}"}`);
      this.sentAt[j] = sentAt;
      if (this.config.mode === 'echo') slot.inFlight++;
      if (measured) {
        this.sent++;
        if ((sentAt - intended) * 1000 > this.config.lateAfterUs) this.late++;
      }
    }
  }

  /** Sends what is due, then sleeps until the next message is; resolves after the last. */
  sendAll(): Promise<void> {
    return new Promise((resolve) => {
      const tick = (): void => {
        this.sendDue();
        if (this.next >= this.schedule.total) {
          this.finishedSending = true;
          resolve();
          return;
        }
        setTimeout(tick, Math.max(0, intendedAt(this.schedule, this.next) - performance.now()));
      };
      tick();
    });
  }

  checkDone(): void {
    if (this.finishedSending && this.received + this.lostInFlight() >= this.expectedCount) this.pendingDone?.();
  }

  expectedCount = Number.POSITIVE_INFINITY;

  lostInFlight(): number {
    return this.config.mode === 'echo' ? this.droppedInFlight : 0;
  }

  /** Waits for replies still due, at most drainTimeoutMs. */
  drain(): Promise<void> {
    this.expectedCount = this.expectedArrivals();
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.config.drainTimeoutMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.pendingDone = done;
      this.checkDone();
    });
  }

  watch(slot: Slot, socket: WebSocket): void {
    socket.on('message', (data) => this.onArrival(data, this.config.mode === 'echo' ? slot : null));
    socket.on('error', () => {});
    socket.on('close', (code) => {
      this.closeCodes[code] = (this.closeCodes[code] ?? 0) + 1;
      if (slot.socket !== socket) return;
      slot.socket = null;
      if (this.finishedSending) return;
      this.disconnects++;
      this.droppedInFlight += slot.inFlight;
      slot.inFlight = 0;
      slot.downSince = performance.now();
      if (this.config.reconnect) this.reconnect(slot);
    });
  }

  /** Exponential back-off from 20 ms to 1 s, until the run has sent its last message. */
  reconnect(slot: Slot): void {
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, FIRST_RECONNECT_DELAY_MS * 2 ** slot.attempts);
    slot.attempts++;
    setTimeout(() => {
      if (this.finishedSending) return;
      openSocket(this.config.url, this.config.connectTimeoutMs).then(
        async (socket) => {
          if (this.finishedSending) {
            socket.terminate();
            return;
          }
          if (this.config.mode === 'broadcast' && slot !== this.slots[0]) await subscribe(socket);
          this.watch(slot, socket);
          slot.socket = socket;
          slot.attempts = 0;
          this.reconnects++;
          if (slot.downSince !== null) {
            this.longestRecoveryMs = Math.max(this.longestRecoveryMs, performance.now() - slot.downSince);
          }
          slot.downSince = null;
        },
        () => this.reconnect(slot),
      );
    }, delay);
  }
}

async function subscribe(socket: WebSocket): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reply to subscribe within 10 s')), 10_000);
    socket.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.send(`{"type":"subscribe","topic":"${TOPIC}"}`);
  });
}

/**
 * A full GC of the generator's own heap before its schedule starts: otherwise
 * the major GC that connecting and warming up have made due lands in the
 * measured window, a 7-14 ms pause of the generator that delayed about 100
 * replies of 10000 past 10 ms, alone enough to move test_ws_echo_100_conns'
 * p99 over its limit (ARCHITECTURE.md, "Load tests: the generator's GC").
 * The server under test is left alone: its pauses are what is measured.
 */
function collectBeforeSending(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** A callback-to-callback time (ns) of the delay monitor as the delay beyond its period, µs. */
function loopDelayUs(ns: number): number {
  return Math.max(0, ns / 1000 - LOOP_DELAY_RESOLUTION_MS * 1000);
}

function closeAll(sockets: Iterable<WebSocket | null>, timeoutMs: number): Promise<void> {
  const closing = [...sockets].flatMap((socket) => {
    if (socket === null || socket.readyState === WebSocket.CLOSED) return [];
    return [
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          socket.terminate();
          resolve();
        }, timeoutMs);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.close(1000);
      }),
    ];
  });
  return Promise.all(closing).then(() => undefined);
}

/**
 * One run: connect (and, for broadcast, subscribe the receivers), report
 * `onConnected`, send for warmupMs + durationMs, drain, close every connection.
 */
export async function generateLoad(
  config: GeneratorConfig,
  onConnected: (connectMs: number) => void = () => {},
): Promise<GeneratorResult> {
  const connectStart = performance.now();
  const receivers = config.mode === 'broadcast' ? config.connections : 0;
  // Broadcast: slot 0 publishes, the others receive.
  const sockets = await openAll(config, config.mode === 'echo' ? config.connections : config.connections + 1);
  if (config.mode === 'broadcast') await Promise.all(sockets.slice(1).map(subscribe));
  const connectMs = performance.now() - connectStart;
  onConnected(connectMs);
  collectBeforeSending();

  const senders = config.mode === 'echo' ? config.connections : 1;
  const schedule = makeSchedule(performance.now() + 10, senders, config.rate, config.warmupMs, config.durationMs);
  const run = new Run(config, schedule, receivers);
  sockets.forEach((socket, i) => {
    const slot: Slot = { socket, inFlight: 0, attempts: 0, downSince: null };
    run.slots[i] = slot;
    run.watch(slot, socket);
  });
  run.loopDelay.enable();
  const busyBefore = performance.eventLoopUtilization();
  await run.sendAll();
  const busy = performance.eventLoopUtilization(busyBefore);
  run.loopDelay.disable();
  await run.drain();
  await closeAll(
    run.slots.map((s) => s.socket),
    2000,
  );

  const expected = run.expectedCount;
  const offered = config.mode === 'echo' ? config.connections * config.rate : config.rate * receivers;
  const measuredMs = config.durationMs;
  return {
    corrected: summarise(run.corrected),
    uncorrected: summarise(run.uncorrected),
    sent: run.sent,
    skipped: run.skipped,
    late: run.late,
    received: run.received,
    expected,
    lost: Math.max(0, expected - run.received - run.lostInFlight()),
    unacknowledged: run.droppedInFlight,
    duplicates: run.duplicates,
    offeredPerSecond: offered,
    achievedPerSecond: (run.received / measuredMs) * 1000,
    measuredMs,
    connectMs,
    // No sample at all: the monitor's timer never fired in the whole period, the worst delay there is.
    loopDelayP99Us: run.loopDelay.count === 0 ? measuredMs * 1000 : loopDelayUs(run.loopDelay.percentile(99)),
    loopDelayMaxUs: loopDelayUs(run.loopDelay.max),
    loopUtilization: busy.utilization,
    disconnects: run.disconnects,
    reconnects: run.reconnects,
    longestRecoveryMs: run.longestRecoveryMs,
    closeCodes: run.closeCodes,
  };
}
