import { defineConfig } from 'vitest/config';

// Real-browser tests, Chromium (tests/browser) and Firefox (tests/firefox); npm scripts pick one
// directory. One file at a time (two cores, one browser each), generous timeouts.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts', 'tests/firefox/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
