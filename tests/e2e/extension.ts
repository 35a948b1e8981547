/**
 * Reading the extension's state from a Chromium test: the tab id of a page, its
 * toolbar badge, the popup opened on it, and the content script's counters
 * (`__sourcelightStats`, in the content script's isolated world, which the page
 * cannot reach; the test reaches it through the DevTools protocol).
 */
import type { BrowserContext, Page, Worker } from '@playwright/test';
import type { browser } from 'wxt/browser';
import type { WatchStats } from '../../page/dom-watch';

/** The extension API inside the service worker (`worker.evaluate`). */
declare const chrome: typeof browser;

export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** Id of the tab showing `page` (brought to the front: the extension has no "tabs" permission to match URLs). */
export async function tabIdOf(context: BrowserContext, page: Page): Promise<number> {
  await page.bringToFront();
  const worker = await serviceWorker(context);
  const active = await worker.evaluate(async () => (await chrome.tabs.query({ active: true })).map((tab) => tab.id));
  if (active.length !== 1 || typeof active[0] !== 'number') throw new Error(`no single active tab: ${JSON.stringify(active)}`);
  return active[0];
}

/** The toolbar badge text of a tab ("" when none). */
export async function badgeText(context: BrowserContext, tabId: number): Promise<string> {
  const worker = await serviceWorker(context);
  return worker.evaluate(async (id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** Opens the popup as a page reporting on `tabId`. */
export async function openPopup(context: BrowserContext, extensionId: string, tabId: number): Promise<Page> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
  return popup;
}

interface ExecutionContext {
  id: number;
  origin: string;
  name: string;
  auxData?: { frameId?: string; type?: string; isDefault?: boolean };
}

/**
 * The content script's counters in the top frame of `page`, or null before the
 * content script has started there.
 */
export async function contentStats(page: Page): Promise<WatchStats | null> {
  const session = await page.context().newCDPSession(page);
  try {
    const contexts: ExecutionContext[] = [];
    session.on('Runtime.executionContextCreated', ({ context }: { context: ExecutionContext }) => contexts.push(context));
    await session.send('Runtime.enable');
    const { frameTree } = (await session.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const world = contexts.find(
      (c) => c.auxData?.frameId === frameTree.frame.id && c.auxData.type === 'isolated' && c.origin.startsWith('chrome-extension://'),
    );
    if (!world) return null;
    const { result } = (await session.send('Runtime.evaluate', {
      contextId: world.id,
      expression: 'globalThis.__sourcelightStats ? JSON.stringify(globalThis.__sourcelightStats) : null',
      returnByValue: true,
    })) as { result: { value: string | null } };
    return result.value === null ? null : (JSON.parse(result.value) as WatchStats);
  } finally {
    await session.detach().catch(() => undefined);
  }
}
