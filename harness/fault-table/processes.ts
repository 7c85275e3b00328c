// Which processes a fault case left behind. Every process a case starts (the runner, its children,
// what they spawn, the watchdog) inherits the case's marker variable, so they are found by their
// environment, whatever their parent or command line.
import { readdirSync, readFileSync } from 'node:fs';

export const MARKER = 'ALLOC_COUNTER_FAULT_CASE';

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** /proc/<pid>/stat fields after the command name (state, ppid, ...), or null once gone. */
function statOf(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Alive: in /proc and not a zombie (killed, not yet reaped). */
export function isAlive(pid: number): boolean {
  const stat = statOf(pid);
  return stat !== null && stat[0] !== 'Z';
}

/** Live processes whose marker starts with `prefix` (one case's folder, or the whole table's). */
export function processesMarked(prefix: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .map(Number)
    .filter((pid) => {
      try {
        const variables = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
        return variables.some((v) => v.startsWith(`${MARKER}=${prefix}`)) && isAlive(pid);
      } catch {
        return false; // gone, or not ours to read
      }
    });
}

/** Polls `probe` every 50 ms until it gives a value, or null after `ms`. */
export async function waitFor<T>(ms: number, probe: () => T | null): Promise<T | null> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await pause(50)) {
    const value = probe();
    if (value !== null) return value;
  }
  return probe();
}

/** The processes still marked `prefix` after up to `ms` (empty once they are all gone). */
export async function leftAfter(ms: number, prefix: string): Promise<number[]> {
  return (await waitFor(ms, () => (processesMarked(prefix).length === 0 ? [] : null))) ?? processesMarked(prefix);
}

/** The pid a fixture wrote to `pidFile` (its `sleep` helper) once that process runs, or null after 60 s (a loaded machine). */
export function pidWhenRunning(pidFile: string): Promise<number | null> {
  return waitFor(60_000, () => {
    let pid = 0;
    try {
      pid = Number(readFileSync(pidFile, 'utf8'));
    } catch {
      pid = 0;
    }
    return pid > 0 && isAlive(pid) ? pid : null;
  });
}
