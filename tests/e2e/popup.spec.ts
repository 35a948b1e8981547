/**
 * The toolbar popup, opened as a page on a given tab (`popup.html?tab=<id>`):
 * its summary and list agree with what the page paints, its switches turn the
 * page's highlights off and on live, and it stays friendly on pages it cannot read.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import type { browser } from 'wxt/browser';
import { test, expect } from './fixtures';
import { NEWS, TITLES, trimPunctuation } from './expected';
import { ACTIVE_HIGHLIGHT, readHighlight } from './highlights';

/** The extension API inside the service worker (`worker.evaluate`); MV3's `chrome` returns promises like this. */
declare const chrome: typeof browser;

const PAINT_TIMEOUT = 15_000;

/** The extension's service worker. */
async function serviceWorker(context: BrowserContext) {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/**
 * Id of the tab showing `page`, asked of the extension's service worker. The
 * extension has no "tabs" permission, so `tabs.query({ url })` cannot see URLs
 * (it finds nothing); when it finds nothing, the page is brought to the front
 * and the one active tab is taken instead.
 */
async function tabIdOf(context: BrowserContext, page: Page): Promise<number> {
  const worker = await serviceWorker(context);
  const byUrl = await worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]?.id, page.url());
  if (typeof byUrl === 'number') return byUrl;
  await page.bringToFront();
  const active = await worker.evaluate(async () => (await chrome.tabs.query({ active: true })).map((tab) => tab.id));
  if (active.length !== 1 || typeof active[0] !== 'number') throw new Error(`no single active tab for ${page.url()}: ${JSON.stringify(active)}`);
  return active[0];
}

/** Number of ranges in the page's `sourcelight` highlight (0 when none is registered). */
async function highlightSize(page: Page): Promise<number> {
  return (await readHighlight(page)).size;
}

/**
 * Opens the news page and waits until all its passages are painted, the late one
 * included, and returns the number of ranges painted. A range count alone does not
 * say the page is done: a passage across inline elements is several ranges, so a
 * count of 8 can be reached before the late paragraph is painted.
 */
async function openNewsPage(page: Page, baseURL: string): Promise<number> {
  await page.goto(`${baseURL}/news.html`);
  await page.waitForSelector('body[data-late-inserted="true"]');
  await expect
    .poll(async () => (await readHighlight(page)).passages.map(trimPunctuation), { timeout: PAINT_TIMEOUT })
    .toContain(trimPunctuation(NEWS.late));
  return highlightSize(page);
}

async function openPopup(context: BrowserContext, extensionId: string, tabId: number): Promise<Page> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
  return popup;
}

test.describe('popup on a page with reused passages', () => {
  test('summary and source list match the page’s highlights', async ({ page, context, extensionId, baseURL }) => {
    const painted = await openNewsPage(page, baseURL);
    const popup = await openPopup(context, extensionId, await tabIdOf(context, page));

    const summary = popup.locator('.summary');
    await expect(summary).toHaveText(
      new RegExp(`^${painted} passages from ${Object.keys(TITLES).length} corpus articles · \\d+% of this page’s text reused$`),
    );
    const percent = Number(/· (\d+)%/.exec((await summary.textContent()) ?? '')?.[1]);
    expect(percent).toBeGreaterThan(0);
    expect(percent).toBeLessThan(100);

    // One group per source article, titled as in the corpus.
    const groups = popup.locator('.group');
    await expect(groups).toHaveCount(Object.keys(TITLES).length);
    expect((await popup.locator('.group-title').allTextContents()).sort()).toEqual(Object.values(TITLES).sort());

    // Every painted passage is listed (a passage with two sources is listed under both).
    const indexes = await popup.locator('button.passage').evaluateAll((buttons) => buttons.map((b) => Number(b.getAttribute('data-index'))));
    expect(new Set(indexes).size).toBe(painted);
    expect(indexes.length).toBeGreaterThan(painted); // the table passage has two sources

    // Each group states best similarity and coverage of its article, and names its corpus (public here).
    await expect(popup.locator('.group-meta').first()).toContainText('Corpus: Built-in news corpus');
    await expect(popup.locator('.private-tag')).toHaveCount(0);
    for (const group of await groups.all()) {
      await expect(group.locator('.best-similarity')).toHaveText(/^Best match \d+%$/);
      await expect(group.locator('.coverage')).toHaveText(/^(\d+|<1)% of the article reused here$/);
    }
  });

  test('the site switch turns the page’s highlights off and on, live', async ({ page, context, extensionId, baseURL }) => {
    const painted = await openNewsPage(page, baseURL);
    const hostname = new URL(baseURL).hostname;
    const popup = await openPopup(context, extensionId, await tabIdOf(context, page));
    await expect(popup.locator('.summary')).toBeVisible();

    const siteSwitch = popup.getByRole('switch', { name: `On for ${hostname}` });
    const globalSwitch = popup.getByRole('switch', { name: 'On everywhere' });
    await expect(siteSwitch).toBeChecked();
    await expect(globalSwitch).toBeChecked();

    await siteSwitch.uncheck();
    await expect.poll(() => highlightSize(page), { timeout: PAINT_TIMEOUT }).toBe(0);
    await expect(popup.locator('.page-status')).toHaveText(`Sourcelight is off for ${hostname}.`);
    await expect(popup.locator('button.passage')).toHaveCount(0);

    await siteSwitch.check();
    await expect.poll(() => highlightSize(page), { timeout: PAINT_TIMEOUT }).toBe(painted);
    await expect(popup.locator('.summary')).toHaveText(new RegExp(`^${painted} passages from `), { timeout: PAINT_TIMEOUT });

    // The master switch does the same for every site.
    await globalSwitch.uncheck();
    await expect.poll(() => highlightSize(page), { timeout: PAINT_TIMEOUT }).toBe(0);
    await expect(siteSwitch).toBeChecked();
    await globalSwitch.check();
    await expect.poll(() => highlightSize(page), { timeout: PAINT_TIMEOUT }).toBe(painted);
  });

  test('clicking a passage focuses it on the page; "Open in viewer" opens the source', async ({ page, context, extensionId, baseURL }) => {
    await openNewsPage(page, baseURL);
    const popup = await openPopup(context, extensionId, await tabIdOf(context, page));

    const tableGroup = popup.locator('.group', { hasText: TITLES['003'] });
    const passage = tableGroup.locator('button.passage').first();
    await expect(passage).toContainText('Human Rights Watch report');
    await passage.click();
    await expect
      .poll(async () => (await readHighlight(page, ACTIVE_HIGHLIGHT)).rangeTexts.join(' '), { timeout: PAINT_TIMEOUT })
      .toContain('A May 2005 Human Rights Watch report accused the MKO');

    await popup.bringToFront();
    const [viewer] = await Promise.all([context.waitForEvent('page'), tableGroup.getByRole('link', { name: /source viewer/ }).click()]);
    await viewer.waitForLoadState();
    expect(new URL(viewer.url()).pathname).toBe('/source.html');
    await expect(viewer.locator('h1')).toHaveText(TITLES['003']);
    await expect(viewer.locator('mark.active')).toContainText('Human Rights Watch report accused the MKO');
  });

  test('exports the rows as CSV, JSON and Markdown', async ({ page, context, extensionId, baseURL }) => {
    await openNewsPage(page, baseURL);
    const popup = await openPopup(context, extensionId, await tabIdOf(context, page));
    await expect(popup.locator('.summary')).toBeVisible();
    const rowCount = await popup.locator('button.passage').count();

    const download = async (name: string): Promise<{ fileName: string; text: string }> => {
      const [file] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name }).click()]);
      return { fileName: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
    };

    const csv = await download('Download the passages as CSV');
    expect(csv.fileName).toMatch(/^sourcelight-127\.0\.0\.1-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.text.split('\r\n')[0]).toBe(
      'page_url,page_title,passage_index,page_text,source_title,source_id,source_url,source_outlet,source_published,source_passage,similarity,kind,source_corpus,source_private,other_sources',
    );
    const json = JSON.parse((await download('Download the passages as JSON')).text) as { rows: unknown[]; pageUrl: string };
    expect(json.rows).toHaveLength(rowCount);
    expect(json.pageUrl).toBe(page.url());
    const markdown = (await download('Download the passages as Markdown')).text;
    expect(markdown.match(/^\d+\. “/gm)).toHaveLength(rowCount);
    expect(markdown.match(/^ {3}> /gm)).toHaveLength(rowCount);
    await expect(popup.locator('.export-status')).toHaveText(/^Saved sourcelight-.*\.md\.$/);
  });

  test('the corpus search finds a passage and opens it in the viewer', async ({ page, context, extensionId, baseURL }) => {
    await openNewsPage(page, baseURL);
    const popup = await openPopup(context, extensionId, await tabIdOf(context, page));

    await popup.getByRole('searchbox', { name: 'Words to find in the corpus' }).fill('Diyala province');
    const results = popup.locator('button.search-result');
    await expect(results.first()).toBeVisible();
    await expect(popup.locator('.search-status')).toHaveText(/passages? found\.$/);
    await expect(results.first()).toContainText('Diyala');

    const [viewer] = await Promise.all([context.waitForEvent('page'), results.first().click()]);
    await viewer.waitForLoadState();
    await expect(viewer.locator('mark.active')).toContainText('Diyala');
  });
});

test('the popup labels sources from a corpus the reader marked private', async ({ page, context, extensionId, baseURL }) => {
  const worker = await serviceWorker(context);
  await worker.evaluate(async () => chrome.storage.local.set({ settings: { corpusPrivacy: { shipped: true } } }));
  await page.goto(`${baseURL}/news.html`);
  await page.waitForSelector('body[data-late-inserted="true"]');
  const popup = await openPopup(context, extensionId, await tabIdOf(context, page));
  // Private passages are painted in a closed overlay the test cannot count; the popup's list is the reader's view of them.
  await expect
    .poll(
      async () => {
        await popup.reload();
        return popup.locator('.group').count();
      },
      { timeout: PAINT_TIMEOUT },
    )
    .toBe(Object.keys(TITLES).length);
  for (const group of await popup.locator('.group').all()) {
    const tag = group.locator('.private-tag');
    await expect(tag).toHaveText('Private');
    await expect(tag).toHaveAttribute('title', 'From a corpus you marked private: the page cannot read these matches.');
    await expect(group.locator('.group-meta')).toContainText('Corpus: Built-in news corpus');
  }
  await popup.screenshot({ path: test.info().outputPath('popup-private.png'), fullPage: true });
});

test('a tab without the content script gets a friendly message, not an error', async ({ context, extensionId }) => {
  // An extension page: content scripts never run there, as on chrome:// pages.
  const other = await context.newPage();
  await other.goto(`chrome-extension://${extensionId}/source.html`);
  const tabId = await tabIdOf(context, other);
  const popup = await openPopup(context, extensionId, tabId);

  await expect(popup.locator('.page-status')).toContainText('Sourcelight can’t check this page.', { timeout: PAINT_TIMEOUT });
  await expect(popup.getByRole('button', { name: 'Try again' })).toBeVisible();
  await expect(popup.getByRole('switch', { name: 'On everywhere' })).toBeVisible();
  await expect(popup.getByRole('switch', { name: /^On for / })).toBeHidden();
  await expect(popup.locator('.export')).toBeHidden();
});
