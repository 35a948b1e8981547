import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests of the built extension (.output/chrome-mv3) in the system
 * Chromium. Browser and static server come from tests/e2e/fixtures.ts; run
 * `npm run build` first.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // One Chromium at a time: the machines have two cores.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  outputDir: 'test-results',
  reporter: [['list'], ['json', { outputFile: 'artifacts/playwright.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
  },
});
