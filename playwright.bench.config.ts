// `npm run bench`'s window figures (test/bench/*.bench.ts), apart from the end-to-end tests.
import { defineConfig } from '@playwright/test';
import { chromiumExecutable, CHROMIUM_ARGS } from './test/e2e/browser';

export default defineConfig({
  testDir: 'test/bench',
  testMatch: '*.bench.ts',
  outputDir: 'test-results/bench-artifacts',
  workers: 1,
  reporter: [['line']],
  use: {
    headless: true,
    viewport: { width: 1280, height: 860 },
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
  },
});
