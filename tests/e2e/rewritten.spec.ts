/**
 * Copied and rewritten reuse told apart, in the built extension:
 * - news pages on the same topic as the corpus (same names, same events, own
 *   wording) are never highlighted;
 * - a page that rewrites corpus passages and copies one verbatim paints the
 *   copied one as copied, and its card says so;
 * - the popup counts passages per kind.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { browser } from 'wxt/browser';
import { test, expect } from './fixtures';
import { readCard } from './card';
import { TITLES, trimPunctuation } from './expected';
import { HIGHLIGHT, highlightedPassages, hoverHighlight, readHighlight, REWRITTEN_HIGHLIGHT } from './highlights';

/** The extension API inside the service worker (`worker.evaluate`). */
declare const chrome: typeof browser;

const PAINT_TIMEOUT = 15_000;
const CARD_TIMEOUT = 10_000;

/** Same-topic pages in tests/e2e/pages that reuse nothing from the corpus. */
const SAME_TOPIC_PAGES = ['same-topic-relocation.html', 'same-topic-handover.html', 'same-topic-diyala.html'];

/** A sentence of corpus article 001, copied verbatim into rewritten.html (#r-verbatim). */
const VERBATIM =
  'Iraqi government officials believe the terrorist group is playing a significant role in fueling violence and insecurity in their country';

async function painted(page: Page, name = HIGHLIGHT): Promise<string[]> {
  return (await readHighlight(page, name)).passages.map(trimPunctuation);
}

for (const file of SAME_TOPIC_PAGES) {
  test(`${file}: a same-topic page that reuses nothing is not highlighted`, async ({ page, baseURL }) => {
    await page.goto(`${baseURL}/${file}`);
    // Proof that the extension has read the page: a copied sentence appended
    // after load is painted, and it is the only thing painted.
    await page.evaluate((sentence) => {
      const p = document.createElement('p');
      p.id = 'probe';
      p.textContent = `${sentence}.`;
      document.querySelector('article')!.append(p);
    }, VERBATIM);
    await expect.poll(() => painted(page), { timeout: PAINT_TIMEOUT }).toEqual([VERBATIM]);
    expect((await readHighlight(page, REWRITTEN_HIGHLIGHT)).size, 'rewritten highlights').toBe(0);
    // Without the probe the page's own text paints nothing.
    await page.evaluate(() => document.getElementById('probe')!.remove());
    await expect.poll(async () => (await readHighlight(page)).size, { timeout: PAINT_TIMEOUT }).toBe(0);
    expect((await readHighlight(page, REWRITTEN_HIGHLIGHT)).size).toBe(0);
  });
}

test('rewritten.html: the verbatim passage is painted as copied and its card says Copied', async ({ page, baseURL }) => {
  await page.goto(`${baseURL}/rewritten.html`);
  await expect.poll(() => painted(page), { timeout: PAINT_TIMEOUT }).toContain(VERBATIM);
  expect(await painted(page, REWRITTEN_HIGHLIGHT)).not.toContain(VERBATIM);

  await hoverHighlight(page, 'significant role');
  await expect.poll(async () => (await readCard(page)).visible, { timeout: CARD_TIMEOUT }).toBe(true);
  const card = await readCard(page);
  expect(card.kind).toBe('Copied');
  expect(card.title).toBe(TITLES['001']);
  expect(card.similarity).toMatch(/^100% similar · copied verbatim$/);
  expect(card.sourcePassage).toContain(VERBATIM);
  expect(card.pairs).toEqual([]);
});

async function tabIdOf(context: BrowserContext, page: Page): Promise<number> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await page.bringToFront();
  const active = await worker.evaluate(async () => (await chrome.tabs.query({ active: true })).map((tab) => tab.id));
  if (active.length !== 1 || typeof active[0] !== 'number') throw new Error(`no single active tab: ${JSON.stringify(active)}`);
  return active[0];
}

test('rewritten.html: the popup counts passages per kind and tags none of the copied ones as rewritten', async ({
  page,
  context,
  extensionId,
  baseURL,
}) => {
  await page.goto(`${baseURL}/rewritten.html`);
  await expect.poll(() => highlightedPassages(page), { timeout: PAINT_TIMEOUT }).not.toEqual([]);
  const copied = (await readHighlight(page, HIGHLIGHT)).passages.length;
  const rewritten = (await readHighlight(page, REWRITTEN_HIGHLIGHT)).passages.length;
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${await tabIdOf(context, page)}`);
  await expect(popup.locator('.kind-counts')).toHaveText(`${copied} copied · ${rewritten} rewritten`);
  await expect(popup.locator('button.passage[data-kind="copied"] .passage-kind')).toHaveCount(0);
  await expect(popup.locator('button.passage[data-kind="rewritten"] .passage-kind')).toHaveCount(rewritten);
});
