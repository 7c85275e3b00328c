// Entry of the load generator's process (started by child/load.ts with
// Node's normal flags and an IPC channel): one 'run' message, one 'result',
// then exit. It leaves when its parent does, so a killed test leaves nothing.

import { generateLoad } from './generator.js';
import type { FromGenerator, ToGenerator } from './messages.js';

function tell(message: FromGenerator): void {
  process.send?.(message);
}

process.on('disconnect', () => process.exit(1));
process.once('message', (message: ToGenerator) => {
  if (message.type !== 'run') return;
  generateLoad(message.config, (connectMs) => tell({ type: 'connected', connectMs })).then(
    (result) => {
      tell({ type: 'result', result });
      process.disconnect();
    },
    (error: unknown) => {
      tell({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      process.disconnect();
    },
  );
});
