// The child's Node flags, which make allocation counts exact and repeatable.
// Measured reasons: ARCHITECTURE.md, 'Child flags'.

export function childNodeFlags(nodeMajor: number, counting: 'snapshot' | 'sampling' = 'snapshot'): string[] {
  const flags = [
    // gc(), for the collections around each measurement window.
    '--expose-gc',
    // No optimizing compiler (TurboFan).
    '--no-opt',
    // No inline caches: they allocate again whenever a GC dropped the maps they held.
    '--no-use-ic',
    // V8's deterministic mode.
    '--predictable',
    // GCs at points set by the allocations alone, not by the clock; no scavenges from a task.
    '--predictable-gc-schedule',
    '--no-minor-gc-task',
    // Sparkplug compiles each function when it gets hot, not in batches at varying moments.
    '--no-baseline-batch-compilation',
    // No compaction: a moved object must not take over a dead object's allocation site.
    '--no-compact',
  ];
  // Sampling counting: a sample every `interval` bytes exactly (1: every allocation), not at random.
  if (counting === 'sampling') flags.push('--sampling-heap-profiler-suppress-randomness');
  // No mid-tier optimizing compiler (Maglev, on by default since Node 22).
  if (nodeMajor >= 22) flags.push('--no-maglev');
  return flags;
}
