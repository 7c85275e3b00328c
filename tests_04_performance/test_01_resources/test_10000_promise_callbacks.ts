// One pending promise with 10000 callbacks attached with then(), resolved
// once: all run (NIO's future_lots_of_callbacks).
import { measure } from 'alloc-counter';

const CALLBACKS = 10000;

export async function run(identifier: string): Promise<void> {
  await measure(identifier, async () => {
    let resolveValue!: (value: number) => void;
    const value = new Promise<number>((resolve) => {
      resolveValue = resolve;
    });
    let sum = 0;
    const onValue = (n: number): void => {
      sum += n;
    };
    let last: Promise<void> = Promise.resolve();
    for (let i = 0; i < CALLBACKS; i++) last = value.then(onValue);
    resolveValue(1);
    // Callbacks run in the order attached: when the last one has run, all have.
    await last;
    if (sum !== CALLBACKS) throw new Error(`${sum} of ${CALLBACKS} callbacks ran`);
    return sum;
  });
}
