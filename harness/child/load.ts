// measureLoad(identifier, options): a load test's entry for test files
// (`import { measureLoad } from 'alloc-counter/load'`). For each of `runs`
// runs it starts an open-loop load generator in a process of its own against
// the server under test (a process of its own too, started once per
// identifier, or a URL of the user's), runs the test's fault scenario beside
// it, and sends the run's figures and checks to the runner ('load' messages);
// the runner takes each figure's median and checks it against its limits.
// Then the identifier's small counted run: measure(identifier, allocations).
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CPU_PROFILE_DIR_VARIABLE } from '../cpu-profile/variables.js';
import type { GeneratorConfig, GeneratorResult, LoadMode, ServerStats } from '../load/messages.js';
import type { LoadFigures, LoadMetricName } from '../metrics.js';
import type { LoadCheck, LoadMessage } from '../protocol.js';
import { send } from './channel.js';
import { acquireLoadLock } from './load-lock.js';
import { ServerProcess, startGenerator } from './load-processes.js';
import { getChildState, measure, type Workload } from './measure.js';

export type { LoadCheck } from '../protocol.js';

/** The server under test: a module that calls serveUnderLoad (started as a process per identifier), or a URL. */
export type LoadTarget = { module: string; options?: Record<string, unknown>; execArgv?: string[] } | { url: string };

export interface LoadLimits {
  max?: Partial<Record<LoadMetricName, number>>;
  min?: Partial<Record<LoadMetricName, number>>;
}

/** What a scenario (`during`) gets: the server, while the generator's load runs. */
export interface LoadContext {
  url: string;
  /** The run's index. */
  run: number;
  /** The server process's stats; null for a URL target. */
  serverStats(): Promise<ServerStats | null>;
  /** Kills the server process (as a crash would) and starts it again on the same port; resolves when it listens. */
  restartServer(): Promise<void>;
  /** Resolves when the measured period has ended (the last message was due). */
  loadEnded: Promise<void>;
}

export interface LoadOptions {
  server: LoadTarget;
  mode?: LoadMode;
  /** Echo: connections that each send; broadcast: receivers. */
  connections: number;
  /** Echo: messages per second per connection; broadcast: publishes per second. */
  rate: number;
  /** The measured period of a run, ms. */
  durationMs: number;
  /** Sent before the measured period and not recorded, ms (default 1000). */
  warmupMs?: number;
  /** Runs; each figure is their median (default 3). */
  runs?: number;
  payloadBytes?: number;
  /** Unanswered messages per connection before a due send is skipped (default: 2 s of sends, at least 16). */
  maxInFlight?: number;
  /** A send later than this after its intended time counts as late (default 5000 µs). */
  lateAfterUs?: number;
  /** Connections reconnect with back-off when the server closes them (default false). */
  reconnect?: boolean;
  /** With reconnect: the longest a connection may take to come back after the server closed it (default 5000 ms). */
  recoveryLimitMs?: number;
  /** Skipped sends fail the run unless allowed (sends due while a connection is down, in a restart). */
  allowSkipped?: boolean;
  /**
   * Nice value of the server and generator processes where allowed (root or
   * CAP_SYS_NICE; default -10), so that other work on a shared machine
   * delays them less; 0 leaves them at the default priority.
   */
  nice?: number;
  /** The test's own limits; env vars and baselines.json come first. */
  limits?: LoadLimits;
  /** A fault scenario, run in this process beside each load run; its checks fail the identifier if any fails. */
  during?: (context: LoadContext) => Promise<LoadCheck[]>;
  /** The small counted run: measure(identifier, allocations) after the load runs. */
  allocations?: Workload;
}

const DEFAULT_WARMUP_MS = 1000;
const DEFAULT_RUNS = 3;
const DEFAULT_NICE = -10;
/** How long the server gets to close every connection after a run before its fds are compared. */
const SETTLE_TIMEOUT_MS = 5000;

function generatorConfig(url: string, options: LoadOptions): GeneratorConfig {
  return {
    url,
    mode: options.mode ?? 'echo',
    connections: options.connections,
    rate: options.rate,
    warmupMs: options.warmupMs ?? DEFAULT_WARMUP_MS,
    durationMs: options.durationMs,
    payloadBytes: options.payloadBytes ?? 64,
    maxInFlight: options.maxInFlight ?? Math.max(16, Math.ceil(options.rate * 2)),
    lateAfterUs: options.lateAfterUs ?? 5000,
    drainTimeoutMs: 3000,
    connectTimeoutMs: 10_000,
    connectConcurrency: 50,
    reconnect: options.reconnect ?? false,
  };
}

function validate(identifier: string, options: LoadOptions): void {
  const positive = (name: keyof LoadOptions, max: number): void => {
    const value = options[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
      throw new Error(`measureLoad('${identifier}'): ${name} must be a number above 0 and at most ${max}`);
    }
  };
  positive('connections', 100_000);
  positive('rate', 1_000_000);
  positive('durationMs', 600_000);
  if (options.runs !== undefined) positive('runs', 100);
}

/** Polls the server until its open fds are back to `baseline` (or SETTLE_TIMEOUT_MS passed); the last stats. */
async function settledStats(server: ServerProcess, baseline: ServerStats | null): Promise<ServerStats> {
  const deadline = performance.now() + SETTLE_TIMEOUT_MS;
  let stats = await server.stats();
  while (performance.now() < deadline) {
    const connections = stats.server.connections ?? 0;
    const fdsBack = baseline?.openFds == null || stats.openFds === null || stats.openFds <= baseline.openFds;
    const handlesBack = baseline === null || stats.activeResources.length <= baseline.activeResources.length;
    if (connections === 0 && fdsBack && handlesBack) break;
    await sleep(50);
    stats = await server.stats();
  }
  return stats;
}

/**
 * The server's CPU time during a run: after minus before, or, when the server was restarted in
 * the run (a new process), what the old process used until its last stats plus the new one's.
 */
function cpuDuring(
  before: ServerStats,
  after: ServerStats,
  retired: ServerStats | null,
  field: 'cpuUserUs' | 'cpuSystemUs',
): number {
  if (after.pid === before.pid) return after[field] - before[field];
  const old = retired?.pid === before.pid ? retired[field] - before[field] : 0;
  return old + after[field];
}

function figuresOf(
  result: GeneratorResult,
  before: ServerStats | null,
  after: ServerStats | null,
  baseline: ServerStats | null,
  retired: ServerStats | null,
): LoadFigures {
  const leaked =
    after?.openFds != null && baseline?.openFds != null ? Math.max(0, after.openFds - baseline.openFds) : null;
  return {
    latency_p50_us: result.corrected.p50,
    latency_p90_us: result.corrected.p90,
    latency_p99_us: result.corrected.p99,
    latency_p999_us: result.corrected.p999,
    latency_max_us: result.corrected.max,
    latency_uncorrected_p99_us: result.uncorrected.p99,
    messages_per_second: Math.round(result.achievedPerSecond),
    peak_rss_bytes: after?.peakRssBytes ?? null,
    cpu_user_us: after && before ? cpuDuring(before, after, retired, 'cpuUserUs') : null,
    cpu_system_us: after && before ? cpuDuring(before, after, retired, 'cpuSystemUs') : null,
    server_leaked_fds: leaked,
    generator_loop_delay_p99_us: Math.round(result.loopDelayP99Us),
  };
}

function generatorChecks(result: GeneratorResult, options: LoadOptions): LoadCheck[] {
  const checks: LoadCheck[] = [
    {
      name: 'nothing_lost',
      passed: result.lost === 0 && result.duplicates === 0,
      detail: `${result.received} of ${result.expected} arrived (${result.unacknowledged} in flight on lost connections), ${result.lost} lost, ${result.duplicates} duplicates`,
    },
  ];
  if (options.reconnect) {
    const limit = options.recoveryLimitMs ?? 5000;
    checks.push({
      name: 'all_reconnected',
      passed: result.reconnects === result.disconnects && result.longestRecoveryMs <= limit,
      detail: `${result.disconnects} connections lost, ${result.reconnects} reconnected, longest recovery ${Math.round(result.longestRecoveryMs)} ms (limit ${limit} ms)`,
    });
  }
  if (!options.allowSkipped) {
    checks.push({
      name: 'no_skipped_sends',
      passed: result.skipped === 0,
      detail: `${result.skipped} of ${result.sent + result.skipped} due sends skipped (in-flight bound or connection down)`,
    });
  }
  return checks;
}

/** The sends, arrivals and the generator's own state of a run, for the JSON report. */
function countsOf(result: GeneratorResult, connectMs: number): Record<string, number> {
  return {
    sent: result.sent,
    skipped: result.skipped,
    late: result.late,
    received: result.received,
    expected: result.expected,
    lost: result.lost,
    unacknowledged: result.unacknowledged,
    duplicates: result.duplicates,
    uncorrected_p50_us: result.uncorrected.p50,
    uncorrected_max_us: result.uncorrected.max,
    generator_loop_delay_max_us: Math.round(result.loopDelayMaxUs),
    generator_loop_utilization_percent: Math.round(result.loopUtilization * 100),
    connect_ms: Math.round(connectMs),
    disconnects: result.disconnects,
    reconnects: result.reconnects,
    longest_recovery_ms: Math.round(result.longestRecoveryMs),
  };
}

/** The server's handles after a run, against before its first: the same multiset of kinds. */
function resourceChecks(baseline: ServerStats | null, after: ServerStats | null): LoadCheck[] {
  if (baseline === null || after === null) return [];
  const kinds = (stats: ServerStats): string => [...stats.activeResources].sort().join(',');
  return [
    {
      name: 'server_handles_returned',
      passed: kinds(after) === kinds(baseline),
      detail: `${after.activeResources.length} active handles after the run, ${baseline.activeResources.length} before the first`,
    },
  ];
}

class Target {
  server: ServerProcess | null = null;
  /** The server's stats before any client connected: what it must return to after each run. */
  baseline: ServerStats | null = null;
  /** The last stats of a server process that restartServer() replaced. */
  retired: ServerStats | null = null;
  url = '';

  constructor(
    readonly spec: LoadTarget,
    readonly nice: number,
  ) {}

  async start(options?: Record<string, unknown>): Promise<void> {
    if ('url' in this.spec) {
      this.url = this.spec.url;
      return;
    }
    const spec = this.spec;
    this.server = await ServerProcess.start(spec.module, options ?? spec.options ?? {}, spec.execArgv ?? [], this.nice);
    this.url = this.server.url;
    this.baseline = await this.server.stats();
  }

  /**
   * A crash and a restart on the same port. The baseline stays the first process's, taken
   * before any client connected: the new process's own first stats race the clients that
   * reconnect at once (one CI run read 6 handles there, 3 after the run).
   */
  async restart(): Promise<void> {
    if (this.server === null || 'url' in this.spec)
      throw new Error('restartServer: the target is a URL, not a process');
    this.retired = await this.server.stats();
    await this.server.kill();
    const port = Number(new URL(this.url).port);
    const baseline = this.baseline;
    await this.start({ ...(this.spec.options ?? {}), port });
    this.baseline = baseline ?? this.baseline;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }
}

async function oneRun(identifier: string, index: number, options: LoadOptions, target: Target): Promise<LoadMessage> {
  const config = generatorConfig(target.url, options);
  const generator = startGenerator(config, target.nice);
  try {
    const connectMs = await generator.connected;
    const before = (await target.server?.stats()) ?? null;
    const loadEnded = sleep(config.warmupMs + config.durationMs + 20);
    const scenario =
      options.during?.({
        url: target.url,
        run: index,
        serverStats: async () => (await target.server?.stats()) ?? null,
        restartServer: () => target.restart(),
        loadEnded,
      }) ?? Promise.resolve([]);
    // Both settle before either is judged, so that neither outlives the run.
    const [result, checks] = await Promise.allSettled([generator.result, scenario]);
    if (result.status === 'rejected') throw result.reason;
    if (checks.status === 'rejected') throw checks.reason;
    const after = target.server === null ? null : await settledStats(target.server, target.baseline);
    return {
      type: 'load',
      identifier,
      index,
      figures: figuresOf(result.value, before, after, target.baseline, target.retired),
      offered: {
        mode: config.mode,
        connections: config.connections,
        rate: config.rate,
        messagesPerSecond: result.value.offeredPerSecond,
        warmupMs: config.warmupMs,
        durationMs: config.durationMs,
      },
      counts: { ...countsOf(result.value, connectMs), ...prefixed('server_', after?.server ?? {}) },
      checks: [...generatorChecks(result.value, options), ...resourceChecks(target.baseline, after), ...checks.value],
      limits: { max: options.limits?.max ?? {}, min: options.limits?.min ?? {} },
    };
  } finally {
    generator.kill();
  }
}

function prefixed(prefix: string, values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [prefix + key, value]));
}

/**
 * Measures `identifier` under load (see the file's head and README.md, "Load
 * tests"). Call it once per identifier, from a test file's run().
 */
export async function measureLoad(identifier: string, options: LoadOptions): Promise<void> {
  const state = getChildState();
  if (state === undefined) {
    throw new Error(
      `measureLoad('${identifier}'): not inside an alloc-counter child; run the file with the runner: npx alloc-counter <file> (./run-alloc-counter-tests.sh <file> in alloc-counter's own repo)`,
    );
  }
  validate(identifier, options);
  // --cpu-profile's uncounted run profiles allocation workloads; this identifier's profile is its server's.
  if (state.cpuProfileRun === true) {
    state.measured.add(identifier);
    return;
  }
  const target = new Target(options.server, options.nice ?? DEFAULT_NICE);
  const profileDir = process.env[CPU_PROFILE_DIR_VARIABLE];
  // The load's waits and deadlines (warm-up, polls, timeouts of the other
  // processes' answers) are about real time: in virtual time a child busy with
  // I/O sees its clock nearly stop (ARCHITECTURE.md, "Virtual time").
  state.tracker?.setRealRateTime(true);
  let release: (() => void) | null = null;
  try {
    release = await acquireLoadLock(state.workDir);
    await target.start();
    // The profile covers every run of the server under load (connections, load, closes).
    if (profileDir) await target.server?.profile('start');
    for (let i = 0; i < (options.runs ?? DEFAULT_RUNS); i++) send(await oneRun(identifier, i, options, target));
    if (profileDir) await target.server?.profile('stop', join(profileDir, `${identifier}.cpuprofile`));
  } finally {
    await target.close();
    release?.();
    state.tracker?.setRealRateTime(false);
  }
  if (options.allocations !== undefined) {
    await measure(identifier, options.allocations);
    return;
  }
  state.measured.add(identifier);
  send({ type: 'measured', identifier, warmupRuns: 0, measuredRuns: options.runs ?? DEFAULT_RUNS });
}
