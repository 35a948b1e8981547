import { defineConfig } from 'vitest/config';

/**
 * The Firefox end-to-end suite (tests/firefox): one Firefox ESR for the whole
 * file, driven by puppeteer-core over WebDriver BiDi. Run `npm run build:firefox`
 * first (`npm run test:firefox` does both).
 */
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
