// While the files run, one line on stderr rewritten in place (report/progress.ts
// says what it reads). Only on a terminal a person watches (report/terminal.ts);
// elsewhere nothing is written, so logs hold no escape codes. Each file's block
// is printed with the line cleared, so the SwiftNIO lines stay whole.
import { formatProgress } from '../report/progress.js';
import { type Environment, progressEnabled } from '../report/terminal.js';
import type { SuiteProgress } from '../run/suite.js';

/** The part of process.stderr the line needs. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressLine extends SuiteProgress {
  /** Runs `print` (which writes a file's block) with the line out of the way. */
  around(print: () => void): void;
  /** Clears the line for good. */
  stop(): void;
}

const REDRAW_MS = 250;
const ERASE_TO_END = '\u001b[K';
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** A terminal of unknown size (a pseudo-terminal nobody sized says 0 columns) is taken as 80 wide. */
function width(stream: ProgressStream): number {
  return stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
}

const noProgress: ProgressLine = { started() {}, finished() {}, around: (print) => print(), stop() {} };

export function progressLine(
  total: number,
  stream: ProgressStream = process.stderr,
  env: Environment = process.env,
  now: () => number = () => performance.now(),
): ProgressLine {
  if (!progressEnabled(env, stream.isTTY === true)) return noProgress;
  const start = now();
  const running: string[] = [];
  let done = 0;
  let shown = false;
  const draw = (): void => {
    const line = formatProgress({ done, total, running, elapsedMs: now() - start }, width(stream));
    stream.write(`\r${line}${ERASE_TO_END}`);
    shown = true;
  };
  const clear = (): void => {
    if (shown) stream.write(`\r${ERASE_TO_END}`);
    shown = false;
  };
  // The elapsed time moves on between files; the timer must not keep the runner alive.
  const timer = setInterval(() => shown && draw(), REDRAW_MS);
  timer.unref();
  // Interrupted, the runner prints its own line: it should not run on from the progress text.
  process.prependListener('exit', clear);
  for (const signal of SIGNALS) process.prependListener(signal, clear);
  return {
    started(file) {
      running.push(file);
      draw();
    },
    finished(file) {
      running.splice(running.indexOf(file), 1);
      done++;
      draw();
    },
    around(print) {
      clear();
      print();
      if (running.length > 0 || done < total) draw();
    },
    stop() {
      clearInterval(timer);
      process.off('exit', clear);
      for (const signal of SIGNALS) process.off(signal, clear);
      clear();
    },
  };
}
