import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['draw-core/**/*.test.ts', 'hardware/**/*.test.ts', 'electron/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    globalSetup: ['./tests/support/build-renderer.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
