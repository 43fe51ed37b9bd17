// Screenshots of every page of the window, light and dark, for comparing the look before and
// after a change (not part of npm test): `npx playwright test -c playwright.visual.config.ts`
// after `npm run build`, with VISUAL_LABEL=before (or after); then
// `npx tsx test/e2e/compare-screenshots.ts test-results/visual/before test-results/visual/after`.
import { defineConfig } from '@playwright/test';
import { chromiumExecutable, CHROMIUM_ARGS } from './test/e2e/browser';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '*.visual.ts',
  outputDir: 'test-results/visual-artifacts',
  timeout: 300_000,
  workers: 1,
  reporter: [['line']],
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    actionTimeout: 20_000,
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
  },
});
