// Peak resident memory of a process tree, from /proc (Linux), by polling.
//
// Each process's VmHWM (/proc/PID/status) is its own high-water mark of
// resident memory, kept by the kernel: a poll every few tens of milliseconds
// sees every peak except growth in the last interval before a process exits.
// The tree is found through /proc/PID/task/TID/children (every thread's
// children: the runner spawns from its main thread, but nothing relies on it).
// Processes are told apart by their command line: the runner's parent is the
// process running dist/harness/cli.js, its watchdog runs watchdog.js, and any
// other process below the parent is a test child.
import { readdirSync, readFileSync } from 'node:fs';

/** kB -> bytes of a "VmHWM:  1234 kB" style line, or null. */
function statusKb(status, field) {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) * 1024 : null;
}

function read(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process exited between the listing and the read
  }
}

function childrenOf(pid) {
  let tasks;
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children = [];
  for (const tid of tasks) {
    const text = read(`/proc/${pid}/task/${tid}/children`);
    if (text) for (const child of text.trim().split(/\s+/)) if (child) children.push(Number(child));
  }
  return children;
}

function argsOf(pid) {
  return (read(`/proc/${pid}/cmdline`) ?? '').split('\0');
}

/** 'parent', 'watchdog', 'child' or 'other' (a wrapper such as /usr/bin/time, or bash before its exec). */
function roleOf(args, underParent) {
  if (underParent) return args.some((arg) => arg.endsWith('/watchdog.js')) ? 'watchdog' : 'child';
  // Node running the runner's script (not a shell or wrapper whose arguments merely name it).
  const isNode = /(^|\/)node[\d.]*$/.test(args[0] ?? '');
  return isNode && args.some((arg) => arg.endsWith('dist/harness/cli.js')) ? 'parent' : 'other';
}

export function procAvailable() {
  return read(`/proc/${process.pid}/status`)?.includes('VmHWM') ?? false;
}

/**
 * Polls the tree under rootPid every intervalMs until stop() is called.
 * stop() returns { parentPeak, childPeak, children, watchdogPeak, treeRssMax, polls } in bytes
 * (null where never seen); treeRssMax is the largest sum of VmRSS of the tree's processes at one poll.
 */
export function pollPeaks(rootPid, intervalMs = 50) {
  const seen = new Map(); // pid -> { role, hwm }
  let treeRssMax = 0;
  let polls = 0;
  const poll = () => {
    polls++;
    let rssSum = 0;
    const walk = (pid, underParent) => {
      const status = read(`/proc/${pid}/status`);
      if (status === null) return;
      const known = seen.get(pid);
      // Roles are decided at the first sight after the exec (bash execs node: same pid, new command line).
      const role = known && known.role !== 'other' ? known.role : roleOf(argsOf(pid), underParent);
      const hwm = statusKb(status, 'VmHWM');
      rssSum += statusKb(status, 'VmRSS') ?? 0;
      if (hwm !== null) seen.set(pid, { role, hwm: Math.max(hwm, known?.hwm ?? 0) });
      for (const child of childrenOf(pid)) walk(child, underParent || role === 'parent');
    };
    walk(rootPid, false);
    treeRssMax = Math.max(treeRssMax, rssSum);
  };
  poll();
  const timer = setInterval(poll, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const of = (role) => [...seen.values()].filter((p) => p.role === role).map((p) => p.hwm);
      const max = (values) => (values.length === 0 ? null : Math.max(...values));
      return {
        parentPeak: max(of('parent')),
        childPeak: max(of('child')),
        children: of('child').length,
        watchdogPeak: max(of('watchdog')),
        treeRssMax,
        polls,
      };
    },
  };
}
