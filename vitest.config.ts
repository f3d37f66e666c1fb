import { defineConfig } from 'vitest/config';
import { stampVersion } from './scripts/stamp-version.mjs';

export default defineConfig({
  plugins: [stampVersion()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    // A deadlock guard, not a speed limit: property tests take several seconds on a shared, loaded
    // machine (5 s, the default, failed a fresh clone's run there).
    testTimeout: 60_000,
  },
});
