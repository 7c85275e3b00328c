// 10000 setImmediate callbacks scheduled at once, all run in the next check phase (node:timers).
import { measure } from 'alloc-counter';

const IMMEDIATES = 10000;

export async function run(identifier: string): Promise<void> {
  await measure(identifier, async () => {
    let ran = 0;
    await new Promise<void>((resolve) => {
      const onImmediate = (): void => {
        ran++;
        if (ran === IMMEDIATES) resolve();
      };
      for (let i = 0; i < IMMEDIATES; i++) setImmediate(onImmediate);
    });
    if (ran !== IMMEDIATES) throw new Error(`${ran} of ${IMMEDIATES} immediates ran`);
    return ran;
  });
}
