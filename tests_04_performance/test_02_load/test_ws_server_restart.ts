// 50 clients exchange echoes; one second into the measured period the server
// process is killed (SIGKILL, as a crash) and started again on the same port.
// The clients reconnect with exponential back-off (20 ms doubling to 1 s): every
// connection must come back, the time to recover is measured, and no message
// the server acknowledged (echoed) is lost; sends due while a connection is down
// are skipped and counted, and what was in flight when it died is reported apart.
import { setTimeout as sleep } from 'node:timers/promises';
import { dashboardLoadTest, FAULT_LOAD } from '../lib/load-suite.js';

/** From the crash to every connection open again: a restart of a tsx server process on a loaded machine. */
const RECOVERY_LIMIT_MS = 6000;

export function run(identifier: string): Promise<void> {
  return dashboardLoadTest(identifier, {
    ...FAULT_LOAD,
    // Long enough for a tsx server process to start again on a loaded machine (at 3 s, none of
    // the 50 got back before the load ended at a load average of 25).
    durationMs: 8000,
    runs: 2,
    reconnect: true,
    allowSkipped: true,
    recoveryLimitMs: RECOVERY_LIMIT_MS,
    during: async ({ restartServer, loadEnded }) => {
      await sleep(FAULT_LOAD.warmupMs + 1000);
      await restartServer();
      await loadEnded;
      return [];
    },
  });
}
