import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXTENSION_DIR, extensionLaunchOptions } from '../../scripts/browser';
import { test, expect } from './fixtures';
import { DEMO_IN_ORDER, NEWS, NEWS_IN_ORDER, NEWS_ORIGINAL_NEIGHBOURS, trimPunctuation } from './expected';
import { firstCharHighlighted, HIGHLIGHT, highlightedPassages, readHighlight, type HighlightSnapshot } from './highlights';

/** Polling budget for the extension to find and paint matches (it does not depend on it being slow). */
const PAINT_TIMEOUT = 15_000;

const trimmed = (passages: string[]): string[] => passages.map(trimPunctuation);
const expectedTrimmed = (...passages: string[]): string[] => passages.map(trimPunctuation);

test.describe('highlights on a news page', () => {
  test.beforeEach(async ({ page, baseURL }) => {
    await page.goto(`${baseURL}/news.html`);
  });

  test('highlights exactly the reused passages, in document order', async ({ page }) => {
    await page.waitForSelector('body[data-late-inserted="true"]');
    await expect
      .poll(async () => trimmed(await highlightedPassages(page)), { timeout: PAINT_TIMEOUT })
      .toEqual(expectedTrimmed(...NEWS_IN_ORDER));

    // Every single range lies within one reused passage: no range reaches into the page's own text.
    const snapshot = await readHighlight(page);
    const allowed = expectedTrimmed(...NEWS_IN_ORDER);
    for (const text of snapshot.rangeTexts) {
      expect(allowed.some((passage) => passage.includes(trimPunctuation(text))), `range "${text}"`).toBe(true);
    }
  });

  test('a sentence opening with a drop cap is highlighted from the drop-cap letter', async ({ page }) => {
    await expect
      .poll(async () => trimmed(await highlightedPassages(page, '#p-dropcap')), { timeout: PAINT_TIMEOUT })
      .toEqual(expectedTrimmed(NEWS.dropCap));
    expect(await firstCharHighlighted(page, '.dropcap')).toBe(true);
  });

  test('a sentence broken by <br> is one highlighted passage', async ({ page }) => {
    await expect
      .poll(async () => trimmed(await highlightedPassages(page, '#p-br')), { timeout: PAINT_TIMEOUT })
      .toEqual(expectedTrimmed(NEWS.lineBreak));
    // Both sides of the <br> are painted.
    const snapshot = await readHighlight(page, HIGHLIGHT, '#p-br');
    const joined = snapshot.rangeTexts.join(' ');
    expect(joined).toContain('any such relocation');
    expect(joined).toContain('with the residents of Camp Ashraf');
  });

  test('words nested in links, <strong> and <em> are highlighted with their sentence', async ({ page }) => {
    await expect
      .poll(async () => trimmed(await highlightedPassages(page, '#p-inline')), { timeout: PAINT_TIMEOUT })
      .toEqual(expectedTrimmed(NEWS.inline));
  });

  test('a passage in a <blockquote>, a <ul> and a <table> cell is highlighted', async ({ page }) => {
    await expect
      .poll(
        async () => [
          trimmed(await highlightedPassages(page, '#quote')),
          trimmed(await highlightedPassages(page, '#facts-list')),
          trimmed(await highlightedPassages(page, '#facts-table')),
        ],
        { timeout: PAINT_TIMEOUT },
      )
      .toEqual([expectedTrimmed(NEWS.blockquote), expectedTrimmed(NEWS.listEdited), expectedTrimmed(NEWS.tableTwoSources)]);
  });

  test('a lightly edited sentence is highlighted whole, edited word included', async ({ page }) => {
    await expect
      .poll(async () => trimmed(await highlightedPassages(page, '#p-surround')), { timeout: PAINT_TIMEOUT })
      .toEqual(expectedTrimmed(NEWS.surrounded));
    expect(trimmed(await highlightedPassages(page, '#li-edited'))).toEqual(expectedTrimmed(NEWS.listEdited));
  });

  test('original words around reused passages are not highlighted', async ({ page }) => {
    await page.waitForSelector('body[data-late-inserted="true"]');
    await expect
      .poll(async () => (await highlightedPassages(page)).length, { timeout: PAINT_TIMEOUT })
      .toBe(NEWS_IN_ORDER.length);
    const snapshot = await readHighlight(page);
    for (const words of NEWS_ORIGINAL_NEIGHBOURS) {
      for (const text of [...snapshot.passages, ...snapshot.rangeTexts]) {
        expect(text, `"${words}" must not be highlighted`).not.toContain(words);
      }
    }
    // Boilerplate: masthead, navigation, byline, sidebar and footer have nothing painted.
    for (const selector of ['header', 'nav', '.byline', 'aside', 'footer', 'h1', '.standfirst']) {
      expect(await highlightedPassages(page, selector), selector).toEqual([]);
    }
  });

  test('a paragraph inserted after load is highlighted', async ({ page }) => {
    await page.waitForSelector('#p-late');
    await expect
      .poll(async () => trimmed(await highlightedPassages(page, '#p-late')), { timeout: PAINT_TIMEOUT })
      .toEqual(expectedTrimmed(NEWS.late));
    // The passages found before the insertion are still there.
    expect(trimmed(await highlightedPassages(page))).toEqual(expectedTrimmed(...NEWS_IN_ORDER));
  });
});

test('a page on the same topic with no reused text has no highlight', async ({ page, baseURL }) => {
  // Positive control: the extension is up and painting in this browser.
  await page.goto(`${baseURL}/news.html`);
  await expect
    .poll(async () => (await readHighlight(page)).size, { timeout: PAINT_TIMEOUT })
    .toBeGreaterThan(0);

  await page.goto(`${baseURL}/negative.html`);
  await page.waitForSelector('body[data-late-inserted="true"]');
  // Give the extension a fair chance (initial scan and the late paragraph) to paint
  // something, checking all along that it never does.
  const samples: HighlightSnapshot[] = [];
  for (let i = 0; i < 15; i++) {
    samples.push(await readHighlight(page));
    await page.waitForTimeout(200);
  }
  samples.push(await readHighlight(page));
  for (const sample of samples) {
    expect(sample.size, `unexpected highlight: ${JSON.stringify(sample.rangeTexts)}`).toBe(0);
  }
});

test('the demo page (demo/news.html) highlights its four reused passages', async ({ page, baseURL }) => {
  await page.goto(`${baseURL}/demo/news.html`);
  await expect
    .poll(async () => trimmed(await highlightedPassages(page)), { timeout: PAINT_TIMEOUT })
    .toEqual(expectedTrimmed(...DEMO_IN_ORDER));
});

test('pages loaded while Chromium registers the extension\'s worker anew get their highlights', async ({ baseURL }) => {
  // A profile whose worker registrations are gone (the "Service Worker" folder)
  // makes Chromium register the worker again at launch. A message sent in that
  // moment was rejected or never answered, and the page kept no highlights: 5 of
  // 8 such launches before the content script pinged first (page/match-client.ts),
  // so six launches fail a regression here in nearly every run.
  test.setTimeout(120_000);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'sourcelight-reregister-'));
  try {
    for (let launch = 0; launch <= 6; launch++) {
      rmSync(path.join(profile, 'Default', 'Service Worker'), { recursive: true, force: true });
      const context = await chromium.launchPersistentContext(profile, extensionLaunchOptions(EXTENSION_DIR, { headless: true }));
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto(`${baseURL}/demo/news.html`);
        // The first launch makes the profile; each later one registers the worker anew.
        await expect
          .poll(async () => trimmed(await highlightedPassages(page)), { timeout: PAINT_TIMEOUT, message: `launch ${launch}` })
          .toEqual(expectedTrimmed(...DEMO_IN_ORDER));
      } finally {
        await context.close();
      }
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
