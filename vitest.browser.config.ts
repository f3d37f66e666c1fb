import { defineConfig } from 'vitest/config';

// Real-browser tests, Chromium (tests/browser), Firefox (tests/firefox) and WebKitGTK (tests/webkit); npm scripts pick one
// directory. One file at a time (two cores, one browser each), generous timeouts.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts', 'tests/next/**/*.test.ts', 'tests/firefox/**/*.test.ts', 'tests/webkit/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
