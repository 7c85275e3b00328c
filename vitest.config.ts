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
    // Two cores: files in parallel would only make each child slower.
    fileParallelism: false,
  },
});
