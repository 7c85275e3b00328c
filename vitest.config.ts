import { defineConfig } from 'vitest/config';

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
