// How the runner tells --cpu-profile to the processes it concerns (the test's
// child, the load server, the uncounted profile run): by their environment.

/** Set by the runner's --cpu-profile DIR: where each identifier's profile goes. */
export const CPU_PROFILE_DIR_VARIABLE = 'ALLOC_COUNTER_CPU_PROFILE_DIR';
/** Set by the runner (parent/run/cpu-profiler.ts): which profiler works on the children's Node. */
export const CPU_PROFILER_VARIABLE = 'ALLOC_COUNTER_CPU_PROFILER';
export type CpuProfilerKind = 'v8-profiler-next' | 'inspector';
