import { defineConfig } from 'vitest/config';
import { TEST_ENVIRONMENTS } from './test/environments';

export default defineConfig({
  resolve: { alias: TEST_ENVIRONMENTS },
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/integration/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    // One launched database for the run, which each renderer test copies (test/integration/window/real-api.ts).
    globalSetup: ['test/integration/window/launched-template.ts'],
  },
});
