/**
 * Playwright fixtures: a static server for tests/e2e/pages (at "/") and demo/
 * (at "/demo/"), and, per test, a fresh Chromium profile with the built
 * extension loaded.
 */
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import path from 'node:path';
import { launchWithExtension, PROJECT_ROOT } from '../../scripts/browser';
import { startStaticServer } from '../../scripts/static-server';

/** Extension id of each context the fixture launched (from its service worker URL). */
const extensionIds = new WeakMap<BrowserContext, string>();

interface TestFixtures {
  context: BrowserContext;
  extensionId: string;
  page: Page;
  /** Origin of the static server, e.g. "http://127.0.0.1:41234" (no trailing slash). */
  baseURL: string;
}

interface WorkerFixtures {
  staticServerOrigin: string;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  staticServerOrigin: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startStaticServer({
        '/': path.join(PROJECT_ROOT, 'tests', 'e2e', 'pages'),
        '/demo/': path.join(PROJECT_ROOT, 'demo'),
      });
      await use(server.origin);
      await server.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ staticServerOrigin }, use) => {
    await use(staticServerOrigin);
  },
  // eslint-disable-next-line no-empty-pattern
  context: async ({}, use) => {
    const browser = await launchWithExtension({ headless: true });
    extensionIds.set(browser.context, browser.extensionId);
    await use(browser.context);
    await browser.close();
  },
  extensionId: async ({ context }, use) => {
    // Read from the service worker's URL at launch: the worker may be stopped when idle later.
    const id = extensionIds.get(context);
    if (!id) throw new Error('extensionId: the context was not launched by the fixture');
    await use(id);
  },
  page: async ({ context }, use) => {
    const page = context.pages()[0] ?? (await context.newPage());
    await use(page);
  },
});

export { expect };
