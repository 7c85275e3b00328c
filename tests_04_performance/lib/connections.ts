// Connection bookkeeping for the servers of the workload tests (HTTP, TCP, ws).
import type { EventEmitter } from 'node:events';

export interface ConnectionTracker {
  /** Connections accepted since start. */
  connectionsAccepted(): number;
  /** Resolves once every accepted connection has closed on the server side. */
  allConnectionsClosed(): Promise<void>;
}

/**
 * Counts the connections `server` emits and tells when all have closed;
 * `onConnection` sees each one. Counters and one waiter, not a Set or an
 * array: containers that grow and shrink inside a workload leave their new
 * backing stores alive after it, which would count as remaining allocations.
 */
export function trackConnections<Connection extends EventEmitter>(
  server: EventEmitter,
  onConnection?: (connection: Connection) => void,
): ConnectionTracker {
  let open = 0;
  let accepted = 0;
  let wakeWhenClosed: (() => void) | null = null;
  server.on('connection', (connection: Connection) => {
    accepted++;
    open++;
    connection.on('close', () => {
      open--;
      if (open === 0 && wakeWhenClosed !== null) {
        const wake = wakeWhenClosed;
        wakeWhenClosed = null;
        wake();
      }
    });
    onConnection?.(connection);
  });
  return {
    connectionsAccepted: () => accepted,
    // The same objects whether or not the last close has happened yet, which
    // depends on how the kernel orders the two sides' events.
    allConnectionsClosed: () =>
      new Promise((resolve) => {
        if (wakeWhenClosed !== null) throw new Error('allConnectionsClosed() is already being awaited');
        if (open === 0) resolve();
        else wakeWhenClosed = resolve;
      }),
  };
}
