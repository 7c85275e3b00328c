// What the output may do on this terminal, decided in one place: colours on
// stdout (report/text.ts) and the progress line on stderr (cli/progress-line.ts).
// Pure: the environment and whether the stream is a TTY are passed in.
import { styleText } from 'node:util';

export type Environment = Readonly<Record<string, string | undefined>>;

/** FORCE_COLOR=0 (or empty) asks for nothing, as in Node's own rule. */
function forced(env: Environment): boolean {
  const value = env.FORCE_COLOR;
  return value !== undefined && value !== '' && value !== '0';
}

/**
 * Colours: FORCE_COLOR (non-empty, not "0") turns them on even into a pipe or
 * file; otherwise NO_COLOR (any value) turns them off; otherwise a TTY has them.
 * FORCE_COLOR wins over NO_COLOR, as it does for Node itself.
 */
export function colorEnabled(env: Environment, isTTY: boolean): boolean {
  if (forced(env)) return true;
  if (env.NO_COLOR !== undefined) return false;
  return isTTY;
}

/** CI systems set CI; their logs keep every byte, so a line rewritten in place would be noise. */
function onCi(env: Environment): boolean {
  return env.CI !== undefined && env.CI !== '';
}

/** The line rewritten in place needs a terminal that honours \r and erase-line, and a person watching. */
export function progressEnabled(env: Environment, isTTY: boolean): boolean {
  return isTTY && !onCi(env);
}

export type Style = 'red' | 'yellow' | 'green' | 'bold' | 'dim';

/** A painter that styles or not, as decided once; newer Node would check the stream again, so it is told not to. */
export function painter(enabled: boolean): (style: Style, text: string) => string {
  return (style, text) => (enabled ? styleText(style, text, { validateStream: false }) : text);
}

/** Whether stdout gets colours in this process. */
export const stdoutColor = colorEnabled(process.env, process.stdout.isTTY === true);
