/**
 * Demo: serves demo/ on 127.0.0.1 and opens demo/news.html in the system
 * Chromium with the built extension (run `npm run demo`, which builds first).
 *
 * - With a display ($DISPLAY set): a normal browser window; the script waits
 *   until you close it.
 * - Without one: headless; waits for the highlights, hovers the first one to
 *   open its card, saves a screenshot of the viewport to artifacts/demo.png and
 *   prints its absolute path.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { launchWithExtension, PROJECT_ROOT, type ExtensionBrowser } from './browser';
import { startStaticServer } from './static-server';
import { readCard } from '../tests/e2e/card';
import { hoverHighlight, readHighlight } from '../tests/e2e/highlights';

/** The extension API inside the service worker (`worker.evaluate`); MV3's `chrome` returns promises like this. */
declare const chrome: typeof browser;

const SCREENSHOT = path.join(PROJECT_ROOT, 'artifacts', 'demo.png');
const POPUP_SCREENSHOT = path.join(PROJECT_ROOT, 'artifacts', 'popup.png');

async function poll<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`demo: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Opens the toolbar popup for the demo tab as a page of popup size (a headless
 * browser has no toolbar to click) and saves a screenshot of it.
 */
async function screenshotPopup(browser: ExtensionBrowser, page: Page): Promise<void> {
  const worker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
  await page.bringToFront();
  const [tabId] = await worker.evaluate(async () => (await chrome.tabs.query({ active: true })).map((tab) => tab.id));
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 640 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
  await popup.locator('.groups > li').first().waitFor({ timeout: 10_000 });
  await popup.screenshot({ path: POPUP_SCREENSHOT });
  console.log(POPUP_SCREENSHOT);
  await popup.close();
}

async function headless(browser: ExtensionBrowser, page: Page): Promise<void> {
  const highlights = await poll('highlights', () => readHighlight(page), (s) => s.size > 0, 20_000);
  console.log(`demo: ${highlights.passages.length} highlighted passage(s):`);
  for (const passage of highlights.passages) console.log(`  • ${passage}`);

  // Let a late pass of the content script settle, then hover the first highlight.
  await page.waitForTimeout(500);
  await hoverHighlight(page, '', 'if-needed');
  let cardShown = true;
  try {
    const card = await poll('the hover card', () => readCard(page), (c) => c.visible, 10_000);
    console.log(`demo: card shows "${card.title}" (${card.similarity})`);
  } catch (error) {
    cardShown = false;
    console.error(String(error));
  }
  // Let the card's entrance transition finish before the picture.
  await page.waitForTimeout(400);

  mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: false });
  console.log(SCREENSHOT);
  await screenshotPopup(browser, page);
  if (!cardShown) process.exitCode = 1;
}

async function main(): Promise<void> {
  const server = await startStaticServer({ '/': path.join(PROJECT_ROOT, 'demo') });
  const headed = Boolean(process.env.DISPLAY);
  const browser = await launchWithExtension({ headless: !headed, viewport: { width: 1280, height: 1000 } });
  try {
    // tsx (esbuild, keepNames) wraps named functions in `__name(...)` calls, also inside the
    // helpers sent to page.evaluate; give the page a no-op `__name` so they run there.
    await browser.context.addInitScript({ content: 'globalThis.__name ??= (target) => target;' });
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const url = `${server.origin}/news.html`;
    await page.goto(url);
    if (headed) {
      console.log(`demo: ${url} is open in Chromium with Sourcelight; close the browser window to finish.`);
      await new Promise<void>((resolve) => browser.context.on('close', () => resolve()));
    } else {
      await headless(browser, page);
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
