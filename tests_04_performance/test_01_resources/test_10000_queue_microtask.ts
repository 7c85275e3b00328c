// 10000 queueMicrotask callbacks queued at once, all run before the workload's await resumes.
import { measure } from 'alloc-counter';

const MICROTASKS = 10000;

export async function run(identifier: string): Promise<void> {
  await measure(identifier, async () => {
    let ran = 0;
    await new Promise<void>((resolve) => {
      const onMicrotask = (): void => {
        ran++;
        if (ran === MICROTASKS) resolve();
      };
      for (let i = 0; i < MICROTASKS; i++) queueMicrotask(onMicrotask);
    });
    if (ran !== MICROTASKS) throw new Error(`${ran} of ${MICROTASKS} microtasks ran`);
    return ran;
  });
}
