// The runner's watchdog: a tiny detached process that outlives a runner killed
// without warning (kill -9, OOM killer). The runner writes "+PGID" when it
// spawns a child and "-PGID" when it reaped it, one a line, on this process's
// stdin; at EOF (the runner is gone, however) every group still known is
// SIGKILLed, so nothing a test started outlives the run. Imports nothing of the
// harness: it must start fast and stay small.
const groups = new Set<number>();
let pending = '';

function apply(line: string): void {
  const pgid = Number(line.slice(1));
  if (!Number.isInteger(pgid) || pgid <= 1) return;
  if (line.startsWith('+')) groups.add(pgid);
  else if (line.startsWith('-')) groups.delete(pgid);
}

function killAll(): void {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  process.exit(0);
}

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  const lines = (pending + chunk).split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) apply(line);
});
process.stdin.on('end', killAll);
process.stdin.on('error', killAll);
// Ctrl-C reaches the runner's group, not this one; the runner's own handlers end the run.
process.on('SIGINT', () => {});

export {};
