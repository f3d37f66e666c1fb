import { defineConfig } from 'vitest/config';
import { stampVersion } from './scripts/stamp-version.mjs';

export default defineConfig({
  plugins: [stampVersion()],
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'happy-dom',
  },
});
