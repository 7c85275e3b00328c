// The processes of a load test, started from the child with Node's normal
// flags (never the child's counting flags) and an IPC channel: the server
// under test and the load generator. Each request waits a bounded time;
// every process is killed if it has not exited when the test is done with it.
import { type ChildProcess, fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromGenerator, FromServer, GeneratorConfig, GeneratorResult, ServerStats } from '../load/messages.js';

const REQUEST_TIMEOUT_MS = 10_000;

function nodeFlagsFor(module: string, extra: readonly string[]): string[] {
  // TypeScript modules run through tsx, as test files do.
  const typescript = ['.ts', '.mts', '.cts'].includes(extname(module));
  return [...(typescript ? ['--import', import.meta.resolve('tsx')] : []), ...extra];
}

/**
 * Starts `module` with an IPC channel; its stderr is the test's (the report shows it).
 * At `nice` where allowed (root or CAP_SYS_NICE), so that other work on the machine
 * delays it less; elsewhere at the default priority (README.md, "Load tests").
 */
function start(module: string, execArgv: readonly string[], nice: number): ChildProcess {
  const child = fork(module, [], {
    execArgv: nodeFlagsFor(module, execArgv),
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'json',
  });
  if (child.pid !== undefined && nice !== 0) {
    try {
      setPriority(child.pid, nice);
    } catch {
      // Not permitted: the default priority.
    }
  }
  return child;
}

/** The first message `accept` takes (returns non-undefined for), within `timeoutMs`. */
function nextMessage<M, T>(
  process: ChildProcess,
  what: string,
  timeoutMs: number,
  accept: (message: M) => T | undefined,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      process.off('message', onMessage);
      process.off('exit', onExit);
    };
    const onMessage = (message: M): void => {
      const value = accept(message);
      if (value === undefined) return;
      cleanup();
      resolve(value);
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new Error(`${what}: the process exited (${signal ?? `code ${code}`}) first`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${what}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    process.on('message', onMessage);
    process.on('exit', onExit);
  });
}

function rejectOnError<T extends { type: string }>(message: T, what: string): void {
  if (message.type === 'error') throw new Error(`${what}: ${(message as unknown as { message: string }).message}`);
}

/** Waits for the process to exit, at most `timeoutMs`, then kills it. */
export async function stopProcess(process: ChildProcess, timeoutMs: number): Promise<void> {
  if (process.exitCode !== null || process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => process.once('exit', () => resolve()));
  const timer = setTimeout(() => process.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

export class ServerProcess {
  private nextId = 0;

  private constructor(
    readonly process: ChildProcess,
    readonly url: string,
  ) {}

  static async start(
    module: string,
    options: unknown,
    execArgv: readonly string[],
    nice: number,
  ): Promise<ServerProcess> {
    const child = start(module, execArgv, nice);
    try {
      const listening = nextMessage<FromServer, string>(child, `server ${module}`, REQUEST_TIMEOUT_MS, (m) => {
        rejectOnError(m, `server ${module}`);
        return m.type === 'listening' ? m.url : undefined;
      });
      child.send({ type: 'start', options });
      return new ServerProcess(child, await listening);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  async stats(): Promise<ServerStats> {
    const id = this.nextId++;
    const answer = nextMessage<FromServer, ServerStats>(this.process, 'server stats', REQUEST_TIMEOUT_MS, (m) =>
      m.type === 'stats' && m.id === id ? m.stats : undefined,
    );
    this.process.send({ type: 'stats', id });
    return answer;
  }

  /** Starts a CPU profile of the server process, or stops it and has it written to `path`. */
  async profile(action: 'start' | 'stop', path = ''): Promise<void> {
    const answer = nextMessage<FromServer, true>(
      this.process,
      `server CPU profile ${action}`,
      REQUEST_TIMEOUT_MS,
      (m) => {
        rejectOnError(m, 'server CPU profile');
        return m.type === 'profiled' && m.action === action ? true : undefined;
      },
    );
    this.process.send(action === 'start' ? { type: 'profile', action } : { type: 'profile', action, path });
    await answer;
  }

  /** Asks the server to close, then waits for its process to exit (killed after 5 s). */
  async close(): Promise<void> {
    if (this.process.connected) this.process.send({ type: 'close' });
    await stopProcess(this.process, 5000);
  }

  /** Ends the process at once, as a crash would (SIGKILL). */
  async kill(): Promise<void> {
    this.process.kill('SIGKILL');
    await stopProcess(this.process, 5000);
  }
}

const generatorModule = fileURLToPath(new URL('../load/generator-process.js', import.meta.url));

export interface GeneratorRun {
  connected: Promise<number>;
  result: Promise<GeneratorResult>;
  kill(): void;
}

/** Starts a generator process for one run; `connected` resolves once its connections are open. */
/** --expose-gc: the generator collects its heap before it sends (generator.ts, collectBeforeSending). */
const GENERATOR_FLAGS = ['--expose-gc'];

export function startGenerator(config: GeneratorConfig, nice: number): GeneratorRun {
  const child = start(generatorModule, GENERATOR_FLAGS, nice);
  const what = 'load generator';
  const connectTimeout = config.connectTimeoutMs + REQUEST_TIMEOUT_MS + config.connections * 20;
  const connected = nextMessage<FromGenerator, number>(child, what, connectTimeout, (m) => {
    rejectOnError(m, what);
    return m.type === 'connected' ? m.connectMs : undefined;
  });
  const runTimeout = connectTimeout + config.warmupMs + config.durationMs + config.drainTimeoutMs + REQUEST_TIMEOUT_MS;
  const result = nextMessage<FromGenerator, GeneratorResult>(child, what, runTimeout, (m) => {
    rejectOnError(m, what);
    return m.type === 'result' ? m.result : undefined;
  });
  // Both are awaited by the caller; a rejection seen by neither must not end the child.
  connected.catch(() => {});
  result.catch(() => {});
  child.send({ type: 'run', config });
  return {
    connected,
    result: result.finally(() => stopProcess(child, 5000)),
    kill: () => child.kill('SIGKILL'),
  };
}
