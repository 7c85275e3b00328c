// A CPU profile of this process, written as a .cpuprofile (Chrome DevTools'
// Performance tab, speedscope): the load server's under load, or the
// uncounted run of an allocation test's workloads. Taken with v8-profiler-next
// where the runner found it built for this Node, else with the inspector's
// Profiler domain (Node 26: v8-profiler-next 1.10.0 does not compile there;
// ARCHITECTURE.md, "CPU profiles"). The runner says which in the environment.
import { renameSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { createRequire } from 'node:module';
import { CPU_PROFILER_VARIABLE } from './variables.js';

/** µs between samples: DevTools' default is 1000; finer shows short handlers. */
const SAMPLING_INTERVAL_US = 100;

/** What DevTools and speedscope read; v8-profiler-next adds fields of its own, left out. */
export interface CpuProfile {
  nodes: unknown[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface V8ProfilerNext {
  setGenerateType(type: 0 | 1): void;
  setSamplingInterval(us: number): void;
  startProfiling(name: string, recordSamples: boolean): void;
  stopProfiling(name: string): CpuProfile & { delete(): void };
}

interface Backend {
  start(): Promise<void>;
  stop(): Promise<CpuProfile>;
}

const TITLE = 'alloc-counter';

function v8ProfilerNext(): Backend {
  const profiler = createRequire(import.meta.url)('v8-profiler-next') as V8ProfilerNext;
  return {
    async start() {
      // 1: the .cpuprofile format (nodes, samples, timeDeltas), not the older tree.
      profiler.setGenerateType(1);
      profiler.setSamplingInterval(SAMPLING_INTERVAL_US);
      profiler.startProfiling(TITLE, true);
    },
    async stop() {
      const profile = profiler.stopProfiling(TITLE);
      const { nodes, startTime, endTime, samples, timeDeltas } = profile;
      profile.delete();
      return { nodes, startTime, endTime, samples, timeDeltas };
    },
  };
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T)));
  });
}

function inspector(): Backend {
  const session = new Session();
  return {
    async start() {
      session.connect();
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
      await post(session, 'Profiler.start');
    },
    async stop() {
      const { profile } = await post<{ profile: CpuProfile }>(session, 'Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}

export class CpuProfiler {
  private backend: Backend | null = null;

  async start(): Promise<void> {
    if (this.backend !== null) return;
    const backend = process.env[CPU_PROFILER_VARIABLE] === 'inspector' ? inspector() : v8ProfilerNext();
    await backend.start();
    this.backend = backend;
  }

  /** Stops and writes the profile to `path` (whole or not at all: a temporary file, renamed). */
  async stop(path: string): Promise<void> {
    const backend = this.backend;
    if (backend === null) throw new Error('the CPU profiler was not started');
    this.backend = null;
    const profile = await backend.stop();
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(profile));
    renameSync(temporary, path);
  }
}
