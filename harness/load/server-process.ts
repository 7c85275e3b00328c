// The server side of a load test, for a server module of the user's: call
// serveUnderLoad(start) in a module that measureLoad starts as a process of
// its own (Node's normal flags, an IPC channel). `start(options)` gets the
// test's serverOptions and returns the server's URL, its own counters and a
// close function; this module answers the test's requests for the process's
// peak RSS, CPU time, open fds and handles, and leaves when the test does.
import { readdirSync } from 'node:fs';
import { CpuProfiler } from '../cpu-profile/profiler.js';
import type { FromServer, ServerStats, ToServer } from './messages.js';

export interface ServerUnderLoad {
  /** ws://127.0.0.1:PORT/... */
  url: string;
  /** The server's own counters (connections, drops...), reported with each stats request. */
  stats?: () => Record<string, number>;
  close: () => Promise<void>;
}

function openFdCount(): number | null {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}

export function processStats(server: ServerUnderLoad | null): ServerStats {
  const cpu = process.cpuUsage();
  return {
    pid: process.pid,
    // maxRSS is in KiB.
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    openFds: openFdCount(),
    activeResources: process.getActiveResourcesInfo(),
    server: server?.stats?.() ?? {},
  };
}

function tell(message: FromServer): void {
  process.send?.(message);
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function serveUnderLoad(start: (options: unknown) => Promise<ServerUnderLoad>): void {
  if (process.send === undefined) {
    throw new Error('serveUnderLoad: this module must be started by measureLoad (it needs an IPC channel)');
  }
  let server: ServerUnderLoad | null = null;
  const profiler = new CpuProfiler();
  process.on('disconnect', () => process.exit(1));
  process.on('message', (message: ToServer) => {
    switch (message.type) {
      case 'start':
        start(message.options).then(
          (started) => {
            server = started;
            tell({ type: 'listening', url: started.url });
          },
          (error: unknown) => tell({ type: 'error', message: `start: ${errorMessage(error)}` }),
        );
        break;
      case 'stats':
        tell({ type: 'stats', id: message.id, stats: processStats(server) });
        break;
      case 'profile':
        (message.action === 'start' ? profiler.start() : profiler.stop(message.path)).then(
          () => tell({ type: 'profiled', action: message.action }),
          (error: unknown) => tell({ type: 'error', message: `CPU profile: ${errorMessage(error)}` }),
        );
        break;
      case 'close':
        (server?.close() ?? Promise.resolve()).then(
          () => {
            tell({ type: 'closed' });
            process.disconnect();
          },
          (error: unknown) => tell({ type: 'error', message: `close: ${errorMessage(error)}` }),
        );
        break;
    }
  });
}
