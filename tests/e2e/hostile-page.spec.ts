/**
 * A hostile page against Sourcelight (issue 12, points 1–4), with page scripts
 * only — what any website can run — and real input only where a reader acts.
 * Each test replays one attack and asserts the safe outcome:
 *
 * 1. a page-defined custom element + `attachInternals()`, synthetic events and
 *    `click()` cannot reach or drive the card; a flood of "open source"
 *    messages opens one tab;
 * 2. no start-up message names the extension, re-sending WXT's handshake does
 *    not stop it, `CSS.highlights.clear()` is repaired;
 * 3. with a private corpus nothing the page can read (registry, sheets,
 *    `window.find`, the card) tells it which of its sentences matched;
 * 4. switched off, or with nothing matched, no sheet or registry entry is left
 *    to probe.
 */
import type { BrowserContext, CDPSession, Page, Worker } from '@playwright/test';
import type { browser } from 'wxt/browser';
import { test, expect } from './fixtures';
import { cdp, readCard, type DomNode } from './card';
import { NEWS, TITLES, trimPunctuation } from './expected';
import { highlightedPassages, highlightPoint, hoverHighlight } from './highlights';

/** The extension API inside the service worker (`worker.evaluate`). */
declare const chrome: typeof browser;

const PAINT_TIMEOUT = 15_000;
const CARD_TIMEOUT = 10_000;
/** Long enough for the content script to have reacted had it taken the bait (it reacts within a frame). */
const SETTLE_MS = 1500;

async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

async function setStorage(context: BrowserContext, items: Record<string, unknown>): Promise<void> {
  await (await serviceWorker(context)).evaluate(async (items) => chrome.storage.local.set(items), items);
}

async function openNews(page: Page, baseURL: string): Promise<void> {
  await page.goto(`${baseURL}/news.html`);
  await expect
    .poll(async () => (await highlightedPassages(page)).map(trimPunctuation), { timeout: PAINT_TIMEOUT })
    .toContain(trimPunctuation(NEWS.late));
}

/** Number of tabs showing the source viewer. */
function viewerTabs(context: BrowserContext, extensionId: string): number {
  return context.pages().filter((p) => p.url().startsWith(`chrome-extension://${extensionId}/source.html`)).length;
}

/** Boxes the private-match overlay draws (read through its closed shadow root), or -1 without an overlay. */
async function overlayBoxes(page: Page): Promise<number> {
  const session = await cdp(page);
  const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const html = (root.children ?? []).find((child) => child.localName === 'html');
  for (const child of html?.children ?? []) {
    const shadow = child.shadowRoots?.[0];
    if (child.localName !== 'div' || !shadow) continue;
    const layer = (shadow.children ?? []).find((node) => node.localName === 'div');
    const isCard = (layer?.attributes ?? []).includes('card');
    if (layer && !isCard) return (layer.children ?? []).length;
  }
  return -1;
}

/** What a page can read about Sourcelight with its own scripts. */
async function pageView(page: Page): Promise<{ registry: string[]; sheets: number; rules: string[] }> {
  return page.evaluate(() => {
    const sheets = [...document.adoptedStyleSheets];
    return {
      registry: [...CSS.highlights.keys()],
      sheets: sheets.length,
      rules: sheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)),
    };
  });
}

test.describe('1. the page cannot take over the card', () => {
  test('a page-defined custom element with attachInternals never gets the card’s shadow root', async ({ page, baseURL }) => {
    await page.addInitScript(() => {
      const captured: unknown[] = [];
      (window as unknown as { __captured: unknown[] }).__captured = captured;
      // The attack of issue 12: claim the card's old tag and keep its internals.
      for (const name of ['sourcelight-card', 'sourcelight-mark']) {
        customElements.define(
          name,
          class extends HTMLElement {
            internals = this.attachInternals();
            connectedCallback(): void {
              setTimeout(() => captured.push(this.internals.shadowRoot), 0);
            }
          },
        );
      }
    });
    await openNews(page, baseURL);
    await hoverHighlight(page, 'historical ties');
    await expect.poll(async () => (await readCard(page)).visible, { timeout: CARD_TIMEOUT }).toBe(true);
    const card = await readCard(page);
    expect(card.shadowRootType).toBe('closed');
    expect(card.title).toBe(TITLES['000']);
    const seen = await page.evaluate(() => ({
      captured: (window as unknown as { __captured: unknown[] }).__captured.length,
      hosts: [...document.documentElement.children].filter((e) => e !== document.head && e !== document.body).map((e) => e.localName),
      undefinedCustom: document.querySelectorAll(':not(:defined)').length,
    }));
    // The host is a built-in element: no custom element of the page was ever created for it.
    expect(seen).toEqual({ captured: 0, hosts: expect.arrayContaining(['div']) as unknown, undefinedCustom: 0 });
  });

  test('synthetic pointer events do not open the card; a real pointer does', async ({ page, baseURL }) => {
    await openNews(page, baseURL);
    const point = await highlightPoint(page, 'historical ties');
    await page.evaluate(({ x, y }) => {
      const target = document.elementFromPoint(x, y) ?? document.body;
      for (const type of ['pointerover', 'pointerenter', 'pointermove', 'mousemove']) {
        target.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y, bubbles: true, composed: true }));
      }
      target.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    }, point);
    await page.waitForTimeout(SETTLE_MS);
    expect((await readCard(page)).present).toBe(false);

    await page.mouse.move(1, 1);
    await page.mouse.move(point.x, point.y);
    await page.mouse.move(point.x + 1, point.y);
    await expect.poll(async () => (await readCard(page)).visible, { timeout: CARD_TIMEOUT }).toBe(true);
  });

  test('script clicks on "Open source" and "Not a match here" do nothing, even with the root in hand', async ({
    page,
    context,
    baseURL,
    extensionId,
  }) => {
    await openNews(page, baseURL);
    await hoverHighlight(page, 'historical ties');
    await expect.poll(async () => (await readCard(page)).visible, { timeout: CARD_TIMEOUT }).toBe(true);
    // Worst case: the page holds the closed root (as attachInternals gave it before).
    // The protocol hands the root to the page's own world, where `click()` runs.
    const session = await cdp(page);
    const { root } = (await session.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const html = (root.children ?? []).find((child) => child.localName === 'html');
    const host = (html?.children ?? []).find((child) => (child.shadowRoots?.[0]?.children ?? []).some((n) => (n.attributes ?? []).includes('card')));
    const shadow = host?.shadowRoots?.[0];
    expect(shadow).toBeTruthy();
    const { object } = await session.send('DOM.resolveNode', { backendNodeId: shadow!.backendNodeId });
    const clicked = await session.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: `function () {
        let clicks = 0;
        for (let i = 0; i < 5; i++) for (const action of ['open-source', 'dismiss']) {
          const button = this.querySelector('[data-action="' + action + '"]');
          if (button) { button.click(); clicks++; }
        }
        return clicks;
      }`,
      returnByValue: true,
    });
    expect(clicked.result.value).toBe(10);
    await page.waitForTimeout(SETTLE_MS);
    expect(viewerTabs(context, extensionId)).toBe(0);
    const stored = await (await serviceWorker(context)).evaluate(async () => chrome.storage.local.get('dismissals'));
    expect(stored.dismissals ?? []).toEqual([]);
    expect((await highlightedPassages(page)).map(trimPunctuation)).toContain(trimPunctuation(NEWS.blockquote));
  });

  test('a flood of "open source" messages from the content script’s own world opens one tab', async ({
    page,
    context,
    baseURL,
    extensionId,
  }) => {
    await openNews(page, baseURL);
    // The content script's isolated world (worse than a page can do: it can send extension messages).
    const session: CDPSession = await context.newCDPSession(page);
    const contexts: { id: number; name: string; auxData?: { type?: string } }[] = [];
    session.on('Runtime.executionContextCreated', ({ context: c }) => contexts.push(c as (typeof contexts)[number]));
    await session.send('Runtime.enable');
    const isolated = contexts.find((c) => c.auxData?.type === 'isolated' && c.name === 'Sourcelight');
    expect(isolated, 'the content script’s world').toBeTruthy();
    /** Sends fifty requests at once; returns the background's answers (true: opened). */
    const flood = async (docId: string): Promise<unknown[]> => {
      const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
        contextId: isolated!.id,
        awaitPromise: true,
        returnByValue: true,
        expression: `Promise.all(Array.from({ length: 50 }, (_, i) => chrome.runtime.sendMessage({
          id: i, type: 'openSource', timestamp: Date.now(), data: {
            docId: ${JSON.stringify(docId)}, active: { docStart: 0, docEnd: 10 }, passages: [], pageUrl: location.href, pageTitle: '' } })
          .then((answer) => answer && answer.res, (error) => String(error))))`,
      });
      expect(exceptionDetails).toBeUndefined();
      return result.value as unknown[];
    };
    // A document that never matched on this page: no tab at all.
    const refused = await flood('004-never-matched');
    expect(refused.filter((answer) => answer !== false)).toEqual([]);
    // A document that matched: one tab for fifty requests.
    const answers = await flood('000_81807da6b7239faa');
    expect(answers.filter((answer) => answer === true)).toHaveLength(1);
    await expect.poll(() => viewerTabs(context, extensionId), { timeout: CARD_TIMEOUT }).toBe(1);
    await page.waitForTimeout(SETTLE_MS);
    expect(viewerTabs(context, extensionId)).toBe(1);
  });
});

test.describe('2. the page cannot switch Sourcelight off or learn its id', () => {
  test('no start-up message names the extension; re-sending WXT’s handshake stops nothing', async ({ page, baseURL, extensionId }) => {
    await page.addInitScript(() => {
      const heard: string[] = [];
      (window as unknown as { __heard: string[] }).__heard = heard;
      window.addEventListener('message', (event) => heard.push(JSON.stringify(event.data)), true);
    });
    await openNews(page, baseURL);
    const heard = await page.evaluate(() => (window as unknown as { __heard: string[] }).__heard);
    expect(heard.filter((data) => data.includes(extensionId) || data.includes('wxt'))).toEqual([]);

    await page.evaluate((id) => {
      const type = `${id}:content:wxt:content-script-started`;
      window.postMessage({ type, contentScriptName: 'content', messageId: 'attacker' }, '*');
      document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: 'content', messageId: 'attacker' } }));
      const p = document.createElement('p');
      p.id = 'after-handshake';
      p.textContent = 'Iraq wants departure of MKO terrorists. ' + document.querySelector('blockquote')!.textContent;
      document.body.append(p);
    }, extensionId);
    // Still running: the text added after the "handshake" is read and painted.
    await expect
      .poll(async () => (await highlightedPassages(page, '#after-handshake')).length, { timeout: PAINT_TIMEOUT })
      .toBeGreaterThan(0);
  });

  test('highlights and their sheet come back after the page clears them', async ({ page, baseURL }) => {
    await openNews(page, baseURL);
    const before = await highlightedPassages(page);
    await page.evaluate(() => {
      CSS.highlights.clear();
      document.adoptedStyleSheets = [];
    });
    expect((await pageView(page)).registry).toEqual([]);
    await expect.poll(async () => highlightedPassages(page), { timeout: PAINT_TIMEOUT }).toEqual(before);
    await expect.poll(async () => (await pageView(page)).sheets, { timeout: PAINT_TIMEOUT }).toBe(1);
    // Emptying the extension's own Highlight object is repaired too.
    await page.evaluate(() => CSS.highlights.forEach((highlight) => highlight.clear()));
    await expect.poll(async () => highlightedPassages(page), { timeout: PAINT_TIMEOUT }).toEqual(before);
  });
});

test.describe('3. the page cannot learn what is in a private corpus', () => {
  test('private matches: painted, but no registry entry, sheet, card or findable text for the page', async ({
    page,
    context,
    baseURL,
  }, testInfo) => {
    await setStorage(context, { settings: { corpusPrivacy: { shipped: true } } });
    await page.goto(`${baseURL}/news.html`);
    // The page's own late update (a second after load) first: the probe below must not race it.
    await page.waitForSelector('body[data-late-inserted="true"]');
    // Painted for the reader (boxes in the closed overlay)...
    await expect.poll(async () => overlayBoxes(page), { timeout: PAINT_TIMEOUT }).toBeGreaterThanOrEqual(7);
    await page.screenshot({ path: testInfo.outputPath('private-overlay.png') });
    // ...and nothing the page can read.
    expect(await pageView(page)).toEqual({ registry: [], sheets: 0, rules: [] });

    // Membership probe: the page plants a corpus sentence and a control, and watches.
    const boxesBefore = await overlayBoxes(page);
    await page.evaluate(() => {
      const probe = document.createElement('p');
      probe.textContent = 'Iraq wants departure of MKO terrorists. ' + document.querySelector('blockquote')!.textContent;
      document.body.append(probe);
    });
    await expect.poll(async () => overlayBoxes(page), { timeout: PAINT_TIMEOUT }).toBeGreaterThan(boxesBefore);
    expect(await pageView(page)).toEqual({ registry: [], sheets: 0, rules: [] });

    // The reader hovers a private passage: no card in the page, nothing for window.find.
    const point = await page.evaluate(() => {
      const block = document.querySelector('blockquote')!;
      block.scrollIntoView({ block: 'center' });
      const rect = block.getClientRects()[0]!;
      return { x: rect.left + 20, y: rect.top + 8 };
    });
    await page.mouse.move(1, 1);
    await page.mouse.move(point.x, point.y);
    await page.mouse.move(point.x + 1, point.y);
    await page.waitForTimeout(SETTLE_MS);
    expect((await readCard(page)).present).toBe(false);
    const found = await page.evaluate((title) => {
      const find = (text: string): boolean => (window as unknown as { find(text: string): boolean }).find(text);
      return find(title) || find('Corpus:') || find('similar');
    }, TITLES['000']);
    expect(found).toBe(false);
  });

  test('public matches stay as they were (the shipped corpus is public news)', async ({ page, baseURL }) => {
    await openNews(page, baseURL);
    const view = await pageView(page);
    expect(view.registry).toHaveLength(1);
    expect(view.sheets).toBe(1);
  });
});

test.describe('4. nothing to probe when off or when nothing matched', () => {
  test('switched off: no sheet, no registry entry, no element, ::highlight() probes read defaults', async ({ page, context, baseURL }) => {
    await page.goto(`${baseURL}/negative.html`);
    const probe = (): Promise<{ view: Awaited<ReturnType<typeof pageView>>; added: number; style: string }> =>
      page.evaluate(async () => {
        const sheets = [...document.adoptedStyleSheets];
        const element = document.querySelector('p') ?? document.body;
        return {
          view: {
            registry: [...CSS.highlights.keys()],
            sheets: sheets.length,
            rules: sheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)),
          },
          added: [...document.documentElement.children].filter((e) => e !== document.head && e !== document.body).length,
          style: getComputedStyle(element, '::highlight(sourcelight)').backgroundColor,
        };
      });
    // On, nothing matched: only the empty overlay host (see README) and default styles.
    await page.waitForTimeout(SETTLE_MS);
    const on = await probe();
    expect(on.view).toEqual({ registry: [], sheets: 0, rules: [] });
    expect(on.added).toBeLessThanOrEqual(1);

    await setStorage(context, { settings: { enabled: false } });
    await page.goto(`${baseURL}/news.html`);
    await page.waitForTimeout(SETTLE_MS);
    const off = await probe();
    expect(off).toEqual({ view: { registry: [], sheets: 0, rules: [] }, added: 0, style: on.style });
  });
});
