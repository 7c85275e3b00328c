// An async generator yielding 10000 items, consumed with for await (each item
// is a promise round trip through the generator's queue).
import { measure } from 'alloc-counter';

const ITEMS = 10000;

async function* counter(limit: number): AsyncGenerator<number> {
  for (let i = 1; i <= limit; i++) yield i;
}

export async function run(identifier: string): Promise<void> {
  await measure(identifier, async () => {
    let items = 0;
    let sum = 0;
    for await (const n of counter(ITEMS)) {
      items++;
      sum += n;
    }
    if (items !== ITEMS || sum !== (ITEMS * (ITEMS + 1)) / 2) throw new Error(`${items} of ${ITEMS} items, sum ${sum}`);
    return items;
  });
}
