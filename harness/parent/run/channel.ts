// What a child said on its channel: one JSON message per line (protocol.ts).
import type { ChildMessage, HelloMessage, NativeMessage, RunMessage } from '../../protocol.js';
import { childMessageSchema } from '../../protocol.js';
import type { ChildFailure } from './child-failure.js';

export interface ChannelContents {
  hello: HelloMessage | null;
  runs: RunMessage[];
  /** Native (malloc) figures of measured runs, by identifier and run index. */
  nativeRuns: NativeMessage[];
  /** Identifiers whose measure() completed, in order. */
  measured: string[];
  /** The first error the child reported or the first malformed line, whichever came first. */
  failure: ChildFailure | null;
  /** Whether the child said it finished. */
  done: boolean;
}

export function parseChannel(text: string): ChannelContents {
  const contents: ChannelContents = { hello: null, runs: [], nativeRuns: [], measured: [], failure: null, done: false };
  for (const line of text.split('\n')) {
    if (line !== '') readLine(line, contents);
  }
  return contents;
}

function readLine(line: string, contents: ChannelContents): void {
  let message: ChildMessage;
  try {
    message = childMessageSchema.parse(JSON.parse(line));
  } catch (error) {
    contents.failure ??= {
      kind: 'protocol',
      phase: null,
      message: `malformed message from the child: ${(error as Error).message.split('\n')[0]}: ${line.slice(0, 200)}`,
      stack: null,
    };
    return;
  }
  switch (message.type) {
    case 'hello':
      contents.hello = message;
      break;
    case 'run':
      contents.runs.push(message);
      break;
    case 'native':
      contents.nativeRuns.push(message);
      break;
    case 'measured':
      contents.measured.push(message.identifier);
      break;
    case 'error':
      contents.failure ??= { kind: 'error', phase: message.phase, message: message.message, stack: message.stack };
      break;
    case 'done':
      contents.done = true;
      break;
  }
}
