// A CPU profile of this process (the server under load), with the inspector's
// Profiler domain: Node's own, on every Node version, no native build. Written
// as a .cpuprofile (Chrome DevTools' Performance tab, speedscope).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/** µs between samples: DevTools' default is 1000; finer shows short handlers. */
const SAMPLING_INTERVAL_US = 100;

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T)));
  });
}

export class CpuProfiler {
  private session: Session | null = null;

  async start(): Promise<void> {
    if (this.session !== null) return;
    const session = new Session();
    session.connect();
    await post(session, 'Profiler.enable');
    await post(session, 'Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await post(session, 'Profiler.start');
    this.session = session;
  }

  /** Stops and writes the profile to `path`. */
  async stop(path: string): Promise<void> {
    const session = this.session;
    if (session === null) throw new Error('the CPU profiler was not started');
    this.session = null;
    const { profile } = await post<{ profile: unknown }>(session, 'Profiler.stop');
    session.disconnect();
    writeFileSync(path, JSON.stringify(profile));
  }
}
