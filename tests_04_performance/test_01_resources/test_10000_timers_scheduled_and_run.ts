// 10000 setTimeout(callback, 0) scheduled at once, then all run (node:timers).
// All land in the 1 ms timer list; the workload waits for the last callback.
// Each timer's start is the loop's time when it is scheduled, and scheduling
// 10000 takes longer than 1 ms: the workload sleeps 2 ms (Atomics.wait, which
// allocates nothing) before yielding, so that every timer is due when the list
// runs and the timers run in one pass, not in a time-dependent number of them.
// Remaining allocations (1), Node's own, alive by design: the heap number of
// the next expiry that listOnTimeout computes and the timers module keeps
// (internal/timers), until a later timer replaces it.
import { measure } from 'alloc-counter';

const TIMERS = 10000;
const SETTLE_MS = 2;

export async function run(identifier: string): Promise<void> {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));

  await measure(identifier, async () => {
    let ran = 0;
    await new Promise<void>((resolve) => {
      const onTimeout = (): void => {
        ran++;
        if (ran === TIMERS) resolve();
      };
      for (let i = 0; i < TIMERS; i++) setTimeout(onTimeout, 0);
      Atomics.wait(sleeper, 0, 0, SETTLE_MS);
    });
    if (ran !== TIMERS) throw new Error(`${ran} of ${TIMERS} timers ran`);
    return ran;
  });
}
