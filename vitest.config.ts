import { defineConfig } from 'vitest/config';

// The tests read the runner's plain output; a FORCE_COLOR exported in the shell would colour it
// (report/terminal.ts). Workers and the children they spawn inherit this environment.
delete process.env.FORCE_COLOR;

export default defineConfig({
  test: {
    include: ['harness/**/*.test.ts', 'scripts/**/*.test.ts', 'tests_04_performance/**/*.test.ts'],
    // End-to-end tests spawn real child processes that count allocations.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // Two files at a time on two cores: a file mostly waits on one single-threaded child
    // (ARCHITECTURE.md, "Our own tests": 274.7 s against 438.5 s one file at a time).
    fileParallelism: true,
    maxWorkers: 2,
  },
});
