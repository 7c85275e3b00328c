// The progress line's text: files done of all, which are running, and the
// time since the suite started, cut to the terminal's width (a line that
// wraps cannot be rewritten in place).
import { basename } from 'node:path';

export interface ProgressState {
  done: number;
  total: number;
  /** The files running now, in the order they started. */
  running: readonly string[];
  elapsedMs: number;
}

/** `[12/34] running test_a.ts, test_b.ts  41.2 s`, at most `columns - 1` characters. */
export function formatProgress(state: ProgressState, columns: number): string {
  const head = `[${state.done}/${state.total}]`;
  const tail = `  ${(state.elapsedMs / 1000).toFixed(1)} s`;
  const names = state.running.map((file) => basename(file)).join(', ');
  const middle = names === '' ? '' : ` running ${names}`;
  // The last column stays free: a character written there wraps on some terminals.
  const room = Math.max(0, columns - 1 - head.length - tail.length);
  const fitted = middle.length <= room ? middle : `${middle.slice(0, Math.max(0, room - 1))}…`;
  return `${head}${room === 0 ? '' : fitted}${tail}`.slice(0, Math.max(0, columns - 1));
}
