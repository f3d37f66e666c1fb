import { defineConfig } from 'vitest/config';

// Real Chromium tests: one file at a time (two cores, one browser each), generous timeouts.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
