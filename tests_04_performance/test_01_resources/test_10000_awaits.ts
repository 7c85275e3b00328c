// 10000 awaits of an async function that returns at once: the cost of one
// async call and its await, as a request handler chain pays per step.
import { measure } from 'alloc-counter';

const AWAITS = 10000;

async function double(n: number): Promise<number> {
  return n * 2;
}

export async function run(identifier: string): Promise<void> {
  await measure(identifier, async () => {
    let sum = 0;
    for (let i = 0; i < AWAITS; i++) sum += await double(1);
    if (sum !== AWAITS * 2) throw new Error(`${sum / 2} of ${AWAITS} awaits resumed`);
    return AWAITS;
  });
}
