import { defineConfig } from 'vitest/config';
import { stampVersion } from './scripts/stamp-version.mjs';

export default defineConfig({
  plugins: [stampVersion()],
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'happy-dom',
    // No wall-clock limit worth the name: on a loaded two-core machine the property tests take seconds.
    testTimeout: 120_000,
  },
});
