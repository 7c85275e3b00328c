// Where the test called measure(): the caller's frame, taken as measure()
// starts, before any warm-up or window. V8's structured frames (CallSite), not
// Error.stack's text: formatting that text goes through Node's source-map
// support (tsx turns it on), and taking it that way moved the figures of later
// windows (test_1000_tcp_connections' total_allocated_bytes by 64 in every
// run); one structured frame left every figure as it was. The raw position is
// mapped to the .ts source by the parent (diagnostics/locations.ts), like
// every allocation site.
import type { MeasureSiteMessage } from '../protocol.js';

const frames = (_error: Error, callSites: NodeJS.CallSite[]): NodeJS.CallSite[] => callSites;

/**
 * The frame that called `callee` (the function running when this is called):
 * one frame captured, Error's settings restored. Undefined when V8 has no
 * position for it (a native caller).
 */
export function callerSite(callee: (...args: never[]) => unknown): MeasureSiteMessage | undefined {
  const { prepareStackTrace, stackTraceLimit } = Error;
  const holder: { stack?: unknown } = {};
  try {
    Error.prepareStackTrace = frames;
    Error.stackTraceLimit = 1;
    Error.captureStackTrace(holder, callee);
    const frame = (holder.stack as NodeJS.CallSite[] | undefined)?.[0];
    const file = frame?.getFileName();
    const line = frame?.getLineNumber();
    const column = frame?.getColumnNumber();
    if (!file || !line || !column) return undefined;
    return { file, line, column };
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}
