import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    // One Postgres cluster for the run, stopped and restarted by the outage test: files take turns.
    fileParallelism: false,
    // PGlite's WebAssembly start-up and initdb take seconds, tens of them on a loaded machine.
    hookTimeout: 300_000,
    testTimeout: 120_000,
  },
});
