/**
 * Playwright fixtures: a static server for tests/e2e/pages (at "/") and demo/
 * (at "/demo/"), and, per test, a fresh Chromium profile with the built
 * extension loaded. Every test fails if the extension logs an error (its
 * service worker, its pages or its content scripts).
 */
import { test as base, expect, type BrowserContext, type ConsoleMessage, type Page, type Worker } from '@playwright/test';
import path from 'node:path';
import { launchWithExtension, PROJECT_ROOT } from '../../scripts/browser';
import { startStaticServer } from '../../scripts/static-server';

/** Extension id of each context the fixture launched (from its service worker URL). */
const extensionIds = new WeakMap<BrowserContext, string>();

interface TestFixtures {
  /** Errors the extension logged during the test; checked after the test (auto fixture). */
  extensionErrors: string[];
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
  extensionErrors: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const errors: string[] = [];
      await use(errors);
      expect(errors, 'errors logged by the extension').toEqual([]);
    },
    { auto: true },
  ],
  context: async ({ extensionErrors }, use) => {
    const browser = await launchWithExtension({ headless: true });
    extensionIds.set(browser.context, browser.extensionId);
    captureExtensionErrors(browser.context, extensionErrors);
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

/**
 * Collects console errors and uncaught errors whose source is the extension:
 * its content scripts (isolated world, reported with the extension's URL), its
 * pages and its service worker.
 */
function captureExtensionErrors(context: BrowserContext, errors: string[]): void {
  const fromExtension = (url: string): boolean => url.startsWith('chrome-extension://');
  const onConsole = (message: ConsoleMessage): void => {
    if (message.type() === 'error' && fromExtension(message.location().url)) errors.push(`${message.location().url}: ${message.text()}`);
  };
  const watchWorker = (worker: Worker): void => {
    if (fromExtension(worker.url())) worker.on('console', onConsole);
  };
  context.on('console', onConsole);
  context.on('weberror', (error) => {
    const page = error.page();
    if (page && fromExtension(page.url())) errors.push(`${page.url()}: ${error.error().message}`);
  });
  for (const worker of context.serviceWorkers()) watchWorker(worker);
  context.on('serviceworker', watchWorker);
}

export { expect };
