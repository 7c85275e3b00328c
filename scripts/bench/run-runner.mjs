// One run of ./run-alloc-counter-tests.sh as a user runs it, with its wall
// time, the peak resident memory of its parent and of its children, and a
// time bound after which the run is stopped and recorded as "over N s".
//
// Peak RSS: scripts/bench/proc-peak.mjs polls every process's VmHWM (the
// kernel's own high-water mark per process) so parent and children are told
// apart. As a check, the run is wrapped in /usr/bin/time when it exists: its
// maximum resident size is the kernel's exact figure for the largest single
// process of the tree (wait4's rusage), which the polled peaks must reach.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pollPeaks } from './proc-peak.mjs';

const GNU_TIME = '/usr/bin/time';

/** Process groups of runs under way: stopped when the bench itself is interrupted. */
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const group of running) {
      try {
        process.kill(-group, 'SIGTERM');
      } catch {}
    }
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/** identifier -> figures, and file -> { durationMs, output, failure }, from a --json report. */
function readReport(path) {
  if (!existsSync(path)) return null;
  const report = JSON.parse(readFileSync(path, 'utf8'));
  const figures = new Map();
  for (const file of report.files) for (const id of file.identifiers) figures.set(id.identifier, id.figures);
  return {
    figures,
    files: report.files.map((f) => ({ file: f.file, durationMs: f.durationMs, output: f.output, failure: f.failure })),
    wallTimeMs: report.wallTimeMs,
    interrupted: report.interrupted ?? null,
    node: report.node,
  };
}

/**
 * Runs the runner with args (files and options) and `--json`, in root.
 * Returns { seconds, exit, signal, overBound, parentPeak, childPeak, children, treeRssMax, kernelMaxRss, report }.
 */
export async function runRunner({ root, args, work, name, boundSeconds, env }) {
  const json = join(work, `${name}.json`);
  const timeOut = join(work, `${name}.time`);
  rmSync(json, { force: true });
  rmSync(timeOut, { force: true });
  const runner = [join(root, 'run-alloc-counter-tests.sh'), ...args, '--json', json];
  const useTime = existsSync(GNU_TIME);
  const [command, argv] = useTime ? [GNU_TIME, ['-f', '%M', '-o', timeOut, ...runner]] : [runner[0], runner.slice(1)];
  const started = performance.now();
  // detached: the run leads its own process group, so that a run over its bound is stopped whole.
  const child = spawn(command, argv, { cwd: root, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    if (stderr.length < 64 * 1024) stderr += chunk;
  });
  running.add(child.pid);
  const poller = pollPeaks(child.pid);
  let overBound = false;
  const stopAt = setTimeout(() => {
    overBound = true;
    process.kill(-child.pid, 'SIGTERM'); // the runner kills its children and exits 143
    setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 15_000).unref();
  }, boundSeconds * 1000);
  const [exit, signal] = await new Promise((resolve) => child.on('close', (code, sig) => resolve([code, sig])));
  clearTimeout(stopAt);
  running.delete(child.pid);
  const seconds = (performance.now() - started) / 1000;
  const peaks = poller.stop();
  const kernelKb =
    useTime && existsSync(timeOut) ? Number(readFileSync(timeOut, 'utf8').trim().split('\n').pop()) : NaN;
  return {
    seconds,
    exit,
    signal,
    overBound,
    stderr: stderr.trim(),
    ...peaks,
    kernelMaxRss: Number.isFinite(kernelKb) ? kernelKb * 1024 : null,
    // A run stopped at its bound still has a report: the runner writes the files that finished on SIGTERM.
    report: readReport(json),
  };
}
