import { defineConfig } from 'vitest/config';

// The reliability suite (npm run test:reliability; npm test runs it too): slow, so apart.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
