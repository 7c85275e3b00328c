// What a child said on its channel: one JSON message per line (protocol.ts).
import type { ChildMessage, HelloMessage, LoadMessage, NativeMessage, RunMessage } from '../../protocol.js';
import { childMessageSchema } from '../../protocol.js';
import { oneLine } from '../errors.js';
import type { ChildFailure } from './child-failure.js';

export interface ChannelContents {
  hello: HelloMessage | null;
  runs: RunMessage[];
  /** Native (malloc) figures of measured runs, by identifier and run index. */
  nativeRuns: NativeMessage[];
  /** Load runs (measureLoad), by identifier and run index. */
  loadRuns: LoadMessage[];
  /** Identifiers whose measure() completed, in order. */
  measured: string[];
  /** The first error the child reported or the first malformed line, whichever came first. */
  failure: ChildFailure | null;
  /** Whether the child said it finished. */
  done: boolean;
}

/** The message on one line, or why it is not one (a JSON error, or the first schema issue with its path). */
function decode(line: string): ChildMessage | string {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return (error as Error).message.split('\n')[0]!;
  }
  const parsed = childMessageSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

export function parseChannel(text: string): ChannelContents {
  const contents: ChannelContents = {
    hello: null,
    runs: [],
    nativeRuns: [],
    loadRuns: [],
    measured: [],
    failure: null,
    done: false,
  };
  for (const line of text.split('\n')) {
    if (line !== '') readLine(line, contents);
  }
  return contents;
}

function readLine(line: string, contents: ChannelContents): void {
  const message = decode(line);
  if (typeof message === 'string') {
    contents.failure ??= {
      kind: 'protocol',
      phase: null,
      // The line is the child's bytes: control characters escaped, so that the FAILED line stays one line.
      message: oneLine(`malformed message from the child: ${message}: ${line.slice(0, 200)}`),
      stack: null,
    };
    return;
  }
  switch (message.type) {
    case 'hello':
      // The harness's own hello comes first, before the test is imported; a later one is the test's.
      contents.hello ??= message;
      break;
    case 'run':
      contents.runs.push(message);
      break;
    case 'native':
      contents.nativeRuns.push(message);
      break;
    case 'load':
      contents.loadRuns.push(message);
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
