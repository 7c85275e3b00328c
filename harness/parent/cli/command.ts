// What the runner's commands (`compare`, `merge-reports`) share: where they
// print, how their flags are parsed, and how a usage error ends them.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

/** Where a command prints; tests pass their own to capture it. */
export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processOutput: CommandOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

type FlagTable = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends FlagTable> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: T }>
>;

/** parseArgs, strict, with file arguments; a bad flag is one line that points at the command's --help. */
export function parseCommandFlags<T extends FlagTable>(command: string, argv: string[], options: T): Parsed<T> {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} (see ${command} --help)`);
  }
}

/** Runs a command's body: its exit code, or 2 with one line on stderr for a usage error. */
export function runCommand(command: string, output: CommandOutput, body: () => number): number {
  try {
    return body();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.stderr(`alloc-counter ${command}: ${error.message}\n`);
    return 2;
  }
}
