import { defineConfig } from 'vitest/config';
import { TEST_ENVIRONMENTS } from './test/environments';

// `npm run test:prefect` (also part of `npm test`): differential tests against real Prefect 3.9.1
// in the pinned venv (scripts/prefect-venv.mjs). Slow (importing prefect, a real server), so apart
// and one file at a time.
export default defineConfig({
  resolve: { alias: TEST_ENVIRONMENTS },
  test: {
    include: ['test/prefect/**/*.test.ts'],
    globalSetup: ['test/prefect/global-setup.ts'],
    testTimeout: 10 * 60_000,
    hookTimeout: 10 * 60_000,
    fileParallelism: false,
  },
});
