// Virtual time in the child (harness/native/vtime_*.c, parent/run/virtual-time.ts):
// the clocks the library answers, end to end through the runner, and what it must not change.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAddonPath, defaultNativeCounterPath, defaultVirtualTimePath } from './parent/project/paths.js';
import { figuresOf, fixture, runRunner } from './test-support.js';

const linux = process.platform === 'linux' && existsSync(defaultVirtualTimePath);

/** A C program: a plain sleep, then abseil's calibration pattern (RAW, sleep, RAW), then a usleep. */
const SLEEPS_C = `
#include <stdio.h>
#include <time.h>
#include <unistd.h>
static double ms(clockid_t clock) { struct timespec t; clock_gettime(clock, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
int main(void) {
  struct timespec twenty = {0, 20000000}, five = {0, 5000000};
  double start = ms(CLOCK_MONOTONIC);
  nanosleep(&twenty, NULL);
  double slept = ms(CLOCK_MONOTONIC), raw = ms(CLOCK_MONOTONIC_RAW);
  nanosleep(&five, NULL);
  double raw2 = ms(CLOCK_MONOTONIC_RAW), calibrated = ms(CLOCK_MONOTONIC);
  usleep(3000);
  double after = ms(CLOCK_MONOTONIC);
  printf("{\\"plainSleepMs\\":%f,\\"rawMs\\":%f,\\"calibrationMs\\":%f,\\"afterMs\\":%f}\\n",
         slept - start, raw2 - raw, calibrated - slept, after - calibrated);
  return 0;
}
`;

/** Runs a script in a plain Node with the library (and the malloc interposer) preloaded; its stdout as JSON. */
function inVirtualTime(script: string, env: NodeJS.ProcessEnv = {}): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...env, LD_PRELOAD: `${defaultNativeCounterPath}:${defaultVirtualTimePath}` },
    encoding: 'utf8',
  });
  return JSON.parse(out) as Record<string, unknown>;
}

describe.runIf(linux)('the virtual-time library', () => {
  it('makes a 20 ms timer fire after 20 virtual ms, performance.now, hrtime and Date following it', () => {
    const seen = inVirtualTime(`
      const [perf, date, hr] = [performance.now(), Date.now(), process.hrtime.bigint()];
      await new Promise((resolve) => setTimeout(resolve, 20));
      console.log(JSON.stringify({ perf: performance.now() - perf, date: Date.now() - date,
        hrtime: Number(process.hrtime.bigint() - hr) / 1e6 }));`);
    for (const elapsed of [seen.perf, seen.date, seen.hrtime]) {
      expect(elapsed).toBeGreaterThanOrEqual(20);
      expect(elapsed).toBeLessThan(21.5);
    }
  });

  it('answers the HTTP Date header, Atomics.wait and time() from the same clock, and starts on a whole second', () => {
    const seen = inVirtualTime(`
      import http from 'node:http';
      const start = new Date();
      const server = http.createServer((req, res) => res.end()).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const header = await new Promise((resolve) => http.get({ port: server.address().port, host: '127.0.0.1' },
        (res) => { res.resume(); resolve(res.headers.date); }));
      server.close();
      const before = Date.now();
      const waited = Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
      console.log(JSON.stringify({ startMs: start.getMilliseconds(), header, headerFromStart: start.toUTCString(),
        waited, waitedMs: Date.now() - before, preload: process.env.LD_PRELOAD ?? null }));`);
    // Virtual time starts at a whole second and moves by microseconds per read.
    expect(seen.startMs).toBeLessThan(50);
    expect(seen.header).toBe(seen.headerFromStart);
    expect(seen.waited).toBe('timed-out');
    expect(seen.waitedMs).toBeGreaterThanOrEqual(30);
    expect(seen.waitedMs).toBeLessThan(32);
    // The library takes itself out of LD_PRELOAD: processes a test starts keep real time.
    expect(seen.preload).toBe(defaultNativeCounterPath);
  });

  it('ends a busy-wait on Date.now() and fires timers in order', () => {
    const seen = inVirtualTime(`
      const start = Date.now();
      let reads = 0;
      while (Date.now() < start + 20) reads++;
      const order = [];
      for (const ms of [30, 10, 20, 0]) setTimeout(() => order.push(ms), ms);
      setTimeout(() => console.log(JSON.stringify({ reads, order })), 40);`);
    // About one read per virtual microsecond.
    expect(seen.reads).toBeGreaterThan(10_000);
    expect(seen.reads).toBeLessThanOrEqual(20_000);
    expect(seen.order).toEqual([0, 10, 20, 30]);
  });

  it('moves at the real rate between setRealRateTime(true) and (false), never backwards (measureLoad)', () => {
    const seen = inVirtualTime(`
      import { execFileSync } from 'node:child_process';
      import { createRequire } from 'node:module';
      const tracker = createRequire(import.meta.url)(${JSON.stringify(defaultAddonPath)});
      // A real 200 ms that the main thread spends waiting on an event (a child's exit), not a timeout.
      const across = () => { const t = performance.now(); execFileSync('sleep', ['0.2']); return performance.now() - t; };
      const virtual = across();
      const switched = tracker.setRealRateTime(true);
      const realRate = across();
      const beforeBack = performance.now();
      tracker.setRealRateTime(false);
      const afterBack = performance.now();
      const virtualAgain = across();
      console.log(JSON.stringify({ virtual, switched, realRate, back: afterBack - beforeBack, virtualAgain }));`);
    expect(seen.switched).toBe(true);
    expect(seen.virtual).toBeLessThan(50);
    expect(seen.realRate).toBeGreaterThanOrEqual(190);
    expect(seen.back).toBeGreaterThanOrEqual(0);
    expect(seen.back).toBeLessThan(50);
    expect(seen.virtualAgain).toBeLessThan(50);
  });

  it('moves by a sleep, except one timed against the real CLOCK_MONOTONIC_RAW (abseil calibrating the CPU)', () => {
    // Node 24+ calibrates abseil's CPU frequency on the main thread the first time one of V8's
    // mutexes is contended: RAW reads around 1 ms, 2 ms... sleeps, in some processes only.
    const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-vtime-sleep-'));
    try {
      writeFileSync(join(dir, 'sleeps.c'), SLEEPS_C);
      execFileSync('cc', ['-O1', '-o', join(dir, 'sleeps'), join(dir, 'sleeps.c')]);
      const out = execFileSync(join(dir, 'sleeps'), { env: { ...process.env, LD_PRELOAD: defaultVirtualTimePath } });
      const seen = JSON.parse(String(out)) as Record<string, number>;
      expect(seen.plainSleepMs).toBeGreaterThanOrEqual(20);
      expect(seen.plainSleepMs).toBeLessThan(20.1);
      expect(seen.rawMs).toBeGreaterThanOrEqual(5); // RAW is real
      expect(seen.calibrationMs).toBeLessThan(0.1); // only 1 µs ticks
      expect(seen.afterMs).toBeGreaterThanOrEqual(3); // a MONOTONIC read ends it
      expect(seen.afterMs).toBeLessThan(3.1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("does not move for V8's own clock reads: 20 full GCs between two performance.now() calls", () => {
    // A GC reads V8's clock dozens of times (its tracer, the scavenger's job), a number that
    // depends on how its work was split; those reads must not move the program's clock.
    const seen = inVirtualTime(`
      import { setFlagsFromString } from 'node:v8';
      import { runInNewContext } from 'node:vm';
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc');
      const before = performance.now();
      for (let i = 0; i < 20; i++) gc();
      console.log(JSON.stringify({ elapsedMs: performance.now() - before }));`);
    expect(seen.elapsedMs).toBeLessThan(0.01);
  });

  it("does not move while the loop waits for the thread pool: libuv's idle-time reads are its own", () => {
    // Node turns on libuv's loop-idle metrics: two clock reads whenever a turn blocks, and
    // whether it blocks depends on when the thread pool's work lands.
    const seen = inVirtualTime(`
      import { readFile } from 'node:fs/promises';
      const before = performance.now();
      for (let i = 0; i < 20; i++) await readFile(${JSON.stringify(import.meta.filename)});
      console.log(JSON.stringify({ elapsedMs: performance.now() - before }));`);
    expect(seen.elapsedMs).toBeLessThan(0.005);
  });

  // Lane 3's ports (62483 on) lie above Linux's ephemeral range; a runner of this project's own
  // tests with -j 4 or more may hold one of them, so the test asks for the lane, not the exact port.
  const SERVERS = `
    import net from 'node:net';
    import dgram from 'node:dgram';
    const listen = (host) => new Promise((resolve) => { const s = net.createServer(); s.listen(0, host, () => resolve(s)); });
    const first = await listen('127.0.0.1'), second = await listen('::');
    const ports = [first.address().port, second.address().port];
    await new Promise((resolve) => first.close(resolve));
    const again = await listen('127.0.0.1');
    const client = await new Promise((resolve) => { const c = net.connect(again.address().port, '127.0.0.1', () => resolve(c)); });
    const udp = dgram.createSocket('udp4');
    await new Promise((resolve) => udp.bind(0, '127.0.0.1', resolve));
    console.log(JSON.stringify({ ports, again: again.address().port, clientPort: client.localPort, udpPort: udp.address().port }));
    client.destroy(); udp.close(); second.close(); again.close();`;

  it("gives servers on port 0 their lane's fixed ports, the same residues modulo 16384 in every lane", () => {
    const seen = inVirtualTime(SERVERS, { ALLOC_COUNTER_PORT_LANE: '3' });
    const [first, second] = seen.ports as number[];
    const lane3 = 13331 + 3 * 16384;
    expect(first).toBeGreaterThanOrEqual(lane3);
    expect(second).toBeGreaterThan(first!);
    expect(second).toBeLessThan(lane3 + 64);
    expect(seen.again).toBe(first);
    // Clients and UDP sockets keep the kernel's ports: not the lane's next one.
    expect([seen.clientPort, seen.udpPort]).not.toContain(second! + 1);
  });

  it('leaves ports to the kernel in a lane beyond the fourth (-j above 4)', () => {
    const seen = inVirtualTime(SERVERS, { ALLOC_COUNTER_PORT_LANE: '4' });
    const lanes = [0, 1, 2, 3].map((lane) => [13331 + lane * 16384, 13332 + lane * 16384]);
    expect(lanes).not.toContainEqual(seen.ports);
  });

  it('leaves other threads in real time: a worker keeps its own timers working', () => {
    const seen = inVirtualTime(`
      import { Worker } from 'node:worker_threads';
      const worker = new Worker("setTimeout(() => require('node:worker_threads').parentPort.postMessage('fired'), 20)", { eval: true, execArgv: [] });
      const message = await new Promise((resolve) => worker.once('message', resolve));
      await worker.terminate();
      console.log(JSON.stringify({ message }));`);
    expect(seen.message).toBe('fired');
  });
});

describe.runIf(linux)('virtual time in the runner', () => {
  it('runs clock-driven workloads to the end, seeing the same clock in every run, and records the mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-vtime-'));
    const timeFile = join(dir, 'time.jsonl');
    try {
      const { exitCode, report } = await runRunner(['--warmup', '1', '--runs', '2', fixture('test_timers.ts')], {
        ALLOC_COUNTER_FIXTURE_TIME_FILE: timeFile,
      });
      expect(report?.settings.time).toEqual({ mode: 'virtual', reason: null });
      for (const id of ['test_timers_20ms', 'test_timers_busy_wait', 'test_timers_in_order']) {
        expect(figuresOf(report, id).total_allocations).toBeTypeOf('number');
      }
      const lines = readFileSync(timeFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      // Warm-ups, measured heap runs and native runs: the same clock every time.
      const twenty = lines.filter((line) => line.id === '20ms');
      expect(twenty.length).toBeGreaterThanOrEqual(3);
      for (const line of twenty) {
        expect(line.perf).toBeGreaterThanOrEqual(20);
        expect(line.perf).toBeLessThan(21);
        expect(line.date).toBeGreaterThanOrEqual(20);
        expect(line.date).toBeLessThanOrEqual(21);
      }
      for (const line of lines.filter((l) => l.id === 'in_order')) expect(line.order).toEqual([0, 10, 20, 30]);
      expect(exitCode).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--real-time runs the children on the real clock and says so in the report', async () => {
    const { report } = await runRunner(['--real-time', '--warmup', '0', '--runs', '1', fixture('test_timers.ts')]);
    expect(report?.settings.time).toEqual({ mode: 'real', reason: '--real-time' });
    expect(figuresOf(report, 'test_timers_in_order').total_allocations).toBeTypeOf('number');
  });

  it("reads the clock without malloc: 10000 performance.now() calls' native total as in real time", async () => {
    const nativeTotal = async (args: string[]) => {
      const { report } = await runRunner([...args, '--runs', '1', fixture('test_clock_reads.ts')]);
      return figuresOf(report, 'test_clock_reads_10000_performance_now').total_native_allocations as number;
    };
    const [virtual, real] = [await nativeTotal([]), await nativeTotal(['--real-time'])];
    expect(virtual).toBeLessThan(100);
    expect(Math.abs(virtual - real)).toBeLessThanOrEqual(32);
  });

  it('keeps --timeout real: a hanging workload is killed after the real seconds given', async () => {
    const started = performance.now();
    const { exitCode, stdout, report } = await runRunner(['--timeout', '2', fixture('test_hang.ts')]);
    const seconds = (performance.now() - started) / 1000;
    expect(report?.settings.time?.mode).toBe('virtual');
    expect(stdout).toMatch(/timed out after 2 s/);
    expect(seconds).toBeGreaterThanOrEqual(2);
    expect(seconds).toBeLessThan(30);
    expect(exitCode).toBe(1);
  });
});
