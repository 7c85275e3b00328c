// --cpu-profile's uncounted run of an allocation test: a child of its own with
// Node's normal flags (no counting flags, no addon, no interposer, real time),
// started after the counted child, so that the counted figures are untouched.
// Each identifier's workload runs as many times as the counted child runs it
// (warm-ups and measured runs) under the CPU profiler, and the profile is
// written to DIR/<identifier>.cpuprofile.
import { join } from 'node:path';
import { CpuProfiler } from '../cpu-profile/profiler.js';
import { CPU_PROFILE_DIR_VARIABLE } from '../cpu-profile/variables.js';
import type { ChildState, Workload } from './measure.js';
import { isThenable } from './window.js';

export async function profiledRuns(state: ChildState, identifier: string, workload: Workload): Promise<void> {
  const dir = process.env[CPU_PROFILE_DIR_VARIABLE];
  if (!dir) throw new Error(`the CPU-profile run of ${identifier} was given no ${CPU_PROFILE_DIR_VARIABLE}`);
  const profiler = new CpuProfiler();
  await profiler.start();
  try {
    for (let i = 0; i < state.warmupRuns + state.measuredRuns; i++) {
      const result = workload();
      if (isThenable(result)) await result;
    }
  } finally {
    await profiler.stop(join(dir, `${identifier}.cpuprofile`));
  }
}
