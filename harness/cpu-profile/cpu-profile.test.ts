// --cpu-profile: the profilers in this process, and the runner writing a
// .cpuprofile for an allocation test (its uncounted run) and for a load test
// (its server under load).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, runRunner } from '../test-support.js';
import { type CpuProfile, CpuProfiler } from './profiler.js';
import { CPU_PROFILER_VARIABLE } from './variables.js';

const dir = mkdtempSync(join(tmpdir(), 'alloc-counter-cpu-profile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface ProfileFile extends Omit<CpuProfile, 'nodes'> {
  nodes: { id: number; callFrame: { functionName: string }; hitCount: number }[];
}

/** The profile at `path`, checked to be what DevTools and speedscope open. */
function readProfile(path: string): ProfileFile {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as ProfileFile;
  expect(Object.keys(profile).sort()).toEqual(['endTime', 'nodes', 'samples', 'startTime', 'timeDeltas']);
  expect(profile.endTime).toBeGreaterThan(profile.startTime);
  expect(profile.samples.length).toBe(profile.timeDeltas.length);
  const ids = new Set(profile.nodes.map((node) => node.id));
  expect(profile.samples.every((id) => ids.has(id))).toBe(true);
  return profile;
}

const hitsOf = (profile: ProfileFile, name: string): number =>
  profile.nodes.filter((node) => node.callFrame.functionName === name).reduce((sum, node) => sum + node.hitCount, 0);

// One function per profiler, each called once: a function run again may be inlined into its caller.
function spinUnderV8ProfilerNext(): number {
  let sum = 0;
  for (let i = 0; i < 20_000_000; i++) sum = (sum + (i & 0xff)) & 0xffff;
  return sum;
}

function spinUnderInspector(): number {
  let sum = 0;
  for (let i = 0; i < 20_000_000; i++) sum = (sum + (i & 0xff)) & 0xffff;
  return sum;
}

const spins = { 'v8-profiler-next': spinUnderV8ProfilerNext, inspector: spinUnderInspector };

describe('CpuProfiler', () => {
  for (const [kind, spin] of Object.entries(spins)) {
    it(`writes a .cpuprofile with ${kind}`, async () => {
      const saved = process.env[CPU_PROFILER_VARIABLE];
      process.env[CPU_PROFILER_VARIABLE] = kind;
      try {
        const profiler = new CpuProfiler();
        await profiler.start();
        spin();
        await profiler.stop(join(dir, `${kind}.cpuprofile`));
      } finally {
        if (saved === undefined) delete process.env[CPU_PROFILER_VARIABLE];
        else process.env[CPU_PROFILER_VARIABLE] = saved;
      }
      expect(hitsOf(readProfile(join(dir, `${kind}.cpuprofile`)), spin.name)).toBeGreaterThan(0);
    });
  }
});

describe('--cpu-profile DIR', () => {
  it("writes an allocation test's profile from an uncounted run of its workload", async () => {
    const out = join(dir, 'allocation');
    const { exitCode, stderr } = await runRunner([fixture('test_cpu_busy.ts'), '--cpu-profile', out]);
    expect(stderr).not.toContain('node:inspector');
    expect(exitCode).toBe(0);
    expect(hitsOf(readProfile(join(out, 'test_cpu_busy.cpuprofile')), 'spinForCpuProfile')).toBeGreaterThan(0);
  });

  it("writes a load test's profile of its server under load", async () => {
    const out = join(dir, 'load');
    const { exitCode } = await runRunner([fixture('test_load_cpu_profile.ts'), '--cpu-profile', out]);
    expect(exitCode).toBe(0);
    expect(hitsOf(readProfile(join(out, 'test_load_cpu_profile.cpuprofile')), 'busyWait')).toBeGreaterThan(0);
  });

  it('refuses a DIR that is a file, or under one, in one line, before any work', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    for (const bad of [file, join(file, 'sub')]) {
      const { exitCode, stdout, stderr } = await runRunner([fixture('test_cpu_busy.ts'), '--cpu-profile', bad]);
      expect(exitCode).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim()).toBe(
        `alloc-counter: --cpu-profile ${bad}: cannot write profiles there: it is a file, or under one`,
      );
    }
  });
});
