// 10000 setTimeout(callback, 0) scheduled at once, then all run (node:timers).
// All land in the 1 ms timer list; the workload waits for the last callback.
// Remaining allocations (1), Node's own, alive by design: the heap number of
// the next expiry that listOnTimeout computes and the timers module keeps
// (internal/timers), until a later timer replaces it.
import { measure } from 'alloc-counter';

const TIMERS = 10000;

export async function run(identifier: string): Promise<void> {
  await measure(identifier, async () => {
    let ran = 0;
    await new Promise<void>((resolve) => {
      const onTimeout = (): void => {
        ran++;
        if (ran === TIMERS) resolve();
      };
      for (let i = 0; i < TIMERS; i++) setTimeout(onTimeout, 0);
    });
    if (ran !== TIMERS) throw new Error(`${ran} of ${TIMERS} timers ran`);
    return ran;
  });
}
