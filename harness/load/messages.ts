// Messages between the test's child process and the processes it starts for a
// load test (the server under test and the load generator), over Node's IPC
// channel. Types only: both ends are ours, and zod stays out of the child.

/** What a server process reports about itself (server-process.ts); the test's own counters in `server`. */
export interface ServerStats {
  pid: number;
  /** Peak resident set of the process so far (getrusage's maxrss). */
  peakRssBytes: number;
  /** Cumulative CPU of the process (process.cpuUsage()). */
  cpuUserUs: number;
  cpuSystemUs: number;
  /** Entries of /proc/self/fd; null where /proc is missing. */
  openFds: number | null;
  /** process.getActiveResourcesInfo(). */
  activeResources: string[];
  /** What the server itself counts (connections, drops, closes...), from its stats(). */
  server: Record<string, number>;
}

export type ToServer =
  | { type: 'start'; options: unknown }
  | { type: 'stats'; id: number }
  /** Start a CPU profile of the server process; `stop` writes it to `path` (--cpu-profile). */
  | { type: 'profile'; action: 'start' }
  | { type: 'profile'; action: 'stop'; path: string }
  | { type: 'close' };

export type FromServer =
  | { type: 'listening'; url: string }
  | { type: 'stats'; id: number; stats: ServerStats }
  | { type: 'profiled'; action: 'start' | 'stop' }
  | { type: 'closed' }
  | { type: 'error'; message: string };

export type LoadMode = 'echo' | 'broadcast';

/** One run of the open-loop generator (generator.ts). */
export interface GeneratorConfig {
  url: string;
  mode: LoadMode;
  /** Echo: connections that each send; broadcast: receivers (one more connection publishes). */
  connections: number;
  /** Echo: messages per second per connection; broadcast: publishes per second. */
  rate: number;
  warmupMs: number;
  durationMs: number;
  /** Bytes of padding in each message. */
  payloadBytes: number;
  /** Messages a connection may have unanswered; a send due beyond it is skipped (and counted). */
  maxInFlight: number;
  /** A send this much later than its intended time counts as late. */
  lateAfterUs: number;
  /** After the last send: how long to wait for replies still due. */
  drainTimeoutMs: number;
  connectTimeoutMs: number;
  /** Connections opened at once. */
  connectConcurrency: number;
  /** Reconnect a connection the server closed, with exponential back-off (the restart test). */
  reconnect: boolean;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export interface GeneratorResult {
  /** Receive time minus intended send time, in µs (measured period only). */
  corrected: LatencySummary;
  /** Receive time minus actual send time, in µs. */
  uncorrected: LatencySummary;
  /** Messages due in the measured period and sent / skipped (in-flight bound or no open connection) / late. */
  sent: number;
  skipped: number;
  late: number;
  /** Echo: replies to measured messages; broadcast: deliveries of measured publishes (at every receiver). */
  received: number;
  /** What should have arrived: sent (echo) or sent times receivers (broadcast). */
  expected: number;
  /** Replies or deliveries that never came (after the drain timeout). */
  lost: number;
  /** Echo: messages in flight on a connection when it was lost (never acknowledged, so not lost). */
  unacknowledged: number;
  /** Echo: a reply that came twice; broadcast: 0. */
  duplicates: number;
  offeredPerSecond: number;
  achievedPerSecond: number;
  measuredMs: number;
  connectMs: number;
  /** The generator's event-loop delay over the measured period, µs. */
  loopDelayP99Us: number;
  loopDelayMaxUs: number;
  /** The fraction of the run the generator's loop was busy (performance.eventLoopUtilization). */
  loopUtilization: number;
  /** Connections the server closed or lost during the run, and reconnects made. */
  disconnects: number;
  reconnects: number;
  /** From a disconnect to the connection open again: the longest, ms (0 without disconnects). */
  longestRecoveryMs: number;
  closeCodes: Record<string, number>;
}

export type ToGenerator = { type: 'run'; config: GeneratorConfig };
export type FromGenerator =
  | { type: 'connected'; connectMs: number }
  | { type: 'result'; result: GeneratorResult }
  | { type: 'error'; message: string };
