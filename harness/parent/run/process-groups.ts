// The process groups of running children. Each child leads its own group, so
// killing the group also ends whatever the test started: no orphans. The
// watchdog kills them too should the runner die without running its handlers.
import { stopWatchdog, tellWatchdog } from './watchdog-client.js';

const liveGroups = new Set<number>();

export function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

export function addGroup(pid: number): void {
  liveGroups.add(pid);
  tellWatchdog('+', pid);
}

/** Kills the group of a child that has ended (whatever it left behind goes with it) and forgets it. */
export function endGroup(pid: number): void {
  killGroup(pid);
  liveGroups.delete(pid);
  tellWatchdog('-', pid);
}

/** Kills every child process group still running (on interrupt or exit of the parent). */
export function killAllChildren(): void {
  for (const pid of liveGroups) killGroup(pid);
  liveGroups.clear();
  stopWatchdog();
}
