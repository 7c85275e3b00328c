// 10000 process.nextTick callbacks, in 10 batches of 1000 queued at once.
// Batches stay under the 2048 slots of one segment of Node's tick queue, so
// that the queue never adds a segment (which would outlive the workload).
// Remaining allocations (2), Node's own, alive by design:
// - 2: Node's promise-rejection bookkeeping replaces its SafeMap (Map + table)
//   when it runs (processPromiseRejections in internal/process/promises).
import { measure } from 'alloc-counter';

const BATCHES = 10;
const TICKS_PER_BATCH = 1000;

export async function run(identifier: string): Promise<void> {
  await measure(identifier, async () => {
    let ran = 0;
    for (let batch = 0; batch < BATCHES; batch++) {
      await new Promise<void>((resolve) => {
        const target = ran + TICKS_PER_BATCH;
        const onTick = (): void => {
          ran++;
          if (ran === target) resolve();
        };
        for (let i = 0; i < TICKS_PER_BATCH; i++) process.nextTick(onTick);
      });
    }
    if (ran !== BATCHES * TICKS_PER_BATCH) throw new Error(`${ran} of ${BATCHES * TICKS_PER_BATCH} ticks ran`);
    return ran;
  });
}
