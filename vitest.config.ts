import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    // One launched database for the run, which each renderer test copies (test/unit/renderer/real-api.ts).
    globalSetup: ['test/unit/renderer/launched-template.ts'],
  },
});
