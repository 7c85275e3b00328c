// 10000 setTimeout(callback, 60 s) scheduled, then all cancelled with
// clearTimeout before any could fire (node:timers): a request timeout that the
// response beats, 10000 times. None may run, none may stay active.
// Remaining allocations (1), Node's own, alive by design: the heap number of
// the timer list's expiry that the timers module keeps as its next expiry
// (TimersList in internal/timers), until a later timer replaces it.
import { measure } from 'alloc-counter';

const TIMERS = 10000;

export async function run(identifier: string): Promise<void> {
  // Allocated once here, so that it never grows inside the window.
  const scheduled: (NodeJS.Timeout | null)[] = new Array<NodeJS.Timeout | null>(TIMERS).fill(null);
  let ran = 0;
  const onTimeout = (): void => {
    ran++;
  };

  await measure(identifier, () => {
    for (let i = 0; i < TIMERS; i++) scheduled[i] = setTimeout(onTimeout, 60_000);
    let cancelled = 0;
    for (let i = 0; i < TIMERS; i++) {
      const timer = scheduled[i]!;
      if (timer.hasRef()) cancelled++;
      clearTimeout(timer);
      scheduled[i] = null;
    }
    const active = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    if (cancelled !== TIMERS || ran !== 0 || active !== 0) {
      throw new Error(`${cancelled} of ${TIMERS} timers cancelled, ${ran} ran, ${active} still active`);
    }
    return cancelled;
  });
}
