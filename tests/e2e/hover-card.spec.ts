import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { cardIsChildOfHtml, cardRect, clickCardButton, readCard } from './card';
import { NEWS, TITLES, trimPunctuation } from './expected';
import { ACTIVE_HIGHLIGHT, highlightedPassages, hoverHighlight, normalizeSpace, readHighlight } from './highlights';

const PAINT_TIMEOUT = 15_000;
const CARD_TIMEOUT = 10_000;

/** Opens news.html and waits until `passage` is highlighted. */
async function openNewsWith(page: Page, baseURL: string, passage: string): Promise<void> {
  await page.goto(`${baseURL}/news.html`);
  await expect
    .poll(async () => (await highlightedPassages(page)).map(trimPunctuation), { timeout: PAINT_TIMEOUT })
    .toContain(trimPunctuation(passage));
}

async function expectCardVisible(page: Page): Promise<void> {
  await expect.poll(async () => (await readCard(page)).visible, { timeout: CARD_TIMEOUT }).toBe(true);
}

async function expectCardHidden(page: Page): Promise<void> {
  await expect.poll(async () => (await readCard(page)).visible, { timeout: CARD_TIMEOUT }).toBe(false);
}

/** "92% similar" → 92. */
function percent(similarity: string | null): number {
  const match = /(\d{1,3})\s*%\s*similar/i.exec(similarity ?? '');
  if (!match) throw new Error(`not a similarity: ${JSON.stringify(similarity)}`);
  return Number(match[1]);
}

test('hovering a highlight shows a card with the source title and passage', async ({ page, baseURL }) => {
  await openNewsWith(page, baseURL, NEWS.dropCap);
  expect((await readCard(page)).visible).toBe(false);

  await hoverHighlight(page, 'numerous bombings');
  await expectCardVisible(page);

  const card = await readCard(page);
  expect(card.shadowRootType).toBe('closed');
  expect(await cardIsChildOfHtml(page)).toBe(true);
  expect(card.title).toBe(TITLES['000']);
  expect(percent(card.similarity)).toBe(100);
  expect(card.sourcePassage).toContain('act humanely and with respect');
  expect(card.sourcePassage).toContain('numerous bombings and assassination attempts against Iranians');
  expect(card.actions).toEqual(expect.arrayContaining(['open-source', 'copy-citation', 'dismiss']));

  // The hovered passage, and only it, is in the active highlight.
  await expect
    .poll(async () => (await readHighlight(page, ACTIVE_HIGHLIGHT)).passages.map(trimPunctuation))
    .toEqual([trimPunctuation(NEWS.dropCap)]);
});

test('a passage taller than the window, both ends off screen, gets its card inside the window', async ({ page, baseURL }) => {
  // A narrow, low window: the passage's lines run past both edges once its middle is centred.
  const viewport = { width: 320, height: 200 };
  await page.setViewportSize(viewport);
  await openNewsWith(page, baseURL, NEWS.dropCap);
  const passage = await page.evaluate(() => {
    const paragraph = [...document.querySelectorAll('p')].find((p) => p.textContent?.includes('numerous bombings'))!;
    paragraph.scrollIntoView({ block: 'center', behavior: 'instant' });
    const rect = paragraph.getBoundingClientRect();
    return { top: rect.top, bottom: rect.bottom };
  });
  expect(passage.top).toBeLessThan(0);
  expect(passage.bottom).toBeGreaterThan(viewport.height);
  // A line of the passage in the window's upper half, as a reader pointing at it.
  const point = await page.evaluate(() => {
    for (const [, highlight] of CSS.highlights) {
      for (const range of highlight as unknown as Iterable<Range>) {
        for (const rect of range.getClientRects()) if (rect.top > 30 && rect.bottom < 90 && rect.width > 40) return { x: rect.left + 10, y: (rect.top + rect.bottom) / 2 };
      }
    }
    return null;
  });
  expect(point).not.toBeNull();
  await page.mouse.move(1, 1);
  await page.mouse.move(point!.x, point!.y);
  await page.mouse.move(point!.x + 1, point!.y);
  await expectCardVisible(page);
  const box = (await cardRect(page))!;
  // Inside the window (which half it keeps to, away from the pointer, is unit-tested in page/card-position.test.ts;
  // this window is too low for the card to clear the pointer).
  expect(box.top).toBeGreaterThanOrEqual(0);
  expect(box.bottom).toBeLessThanOrEqual(viewport.height);
  expect(box.left).toBeGreaterThanOrEqual(0);
  expect(box.right).toBeLessThanOrEqual(viewport.width);
  await page.screenshot({ path: test.info().outputPath('pinned-card.png') });
});

test('Escape hides the card', async ({ page, baseURL }) => {
  await openNewsWith(page, baseURL, NEWS.inline);
  await hoverHighlight(page, 'Washington hopes the');
  await expectCardVisible(page);
  await page.keyboard.press('Escape');
  await expectCardHidden(page);
});

test('moving the mouse away hides the card', async ({ page, baseURL }) => {
  await openNewsWith(page, baseURL, NEWS.inline);
  await hoverHighlight(page, 'Washington hopes the');
  await expectCardVisible(page);
  // A corner of the page with no text and no card.
  await page.mouse.move(2, 2);
  await page.mouse.move(3, 3);
  await expectCardHidden(page);
  expect((await readHighlight(page, ACTIVE_HIGHLIGHT)).size).toBe(0);
});

test('the dismiss button hides the card', async ({ page, baseURL }) => {
  await openNewsWith(page, baseURL, NEWS.blockquote);
  await hoverHighlight(page, 'historical ties');
  await expectCardVisible(page);
  await clickCardButton(page, 'dismiss');
  await expectCardHidden(page);
});

test('a lightly edited passage is less than 100% similar and the diff shows the edit', async ({ page, baseURL }) => {
  await openNewsWith(page, baseURL, NEWS.listEdited);
  await hoverHighlight(page, 'security guarantees');
  await expectCardVisible(page);
  const card = await readCard(page);
  expect(card.title).toBe(TITLES['002']);
  const similarity = percent(card.similarity);
  expect(similarity).toBeLessThan(100);
  expect(similarity).toBeGreaterThanOrEqual(80);
  // The source says "disputed" where the page says "rejected": the diff marks it.
  const changed = [...card.insertions, ...card.deletions];
  expect(changed.some((word) => /disputed|rejected/.test(word ?? '')), `ins/del: ${JSON.stringify(changed)}`).toBe(true);
  expect(card.sourcePassage).toContain('no security guarantees had been granted to MKO members');
});

test('a passage found in two source articles lists both', async ({ page, baseURL }) => {
  await openNewsWith(page, baseURL, NEWS.tableTwoSources);
  await hoverHighlight(page, 'prison camps');
  await expectCardVisible(page);
  const card = await readCard(page);
  expect([TITLES['003'], TITLES['004']]).toContain(card.title);
  expect(card.sources.length).toBeGreaterThanOrEqual(2);
  expect(card.sources.some((item) => item?.includes(TITLES['003']))).toBe(true);
  expect(card.sources.some((item) => item?.includes(TITLES['004']))).toBe(true);
});

test('"Copy citation" puts a citation naming the source on the clipboard', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await openNewsWith(page, baseURL, NEWS.inline);
  await hoverHighlight(page, 'Washington hopes the');
  await expectCardVisible(page);
  await clickCardButton(page, 'copy-citation');
  await expect
    .poll(async () => normalizeSpace(await page.evaluate(() => navigator.clipboard.readText())))
    .toContain(TITLES['000']);
});

test('"Open source" opens the article in the viewer with the passage marked and in view', async ({
  page,
  context,
  baseURL,
  extensionId,
}) => {
  await openNewsWith(page, baseURL, NEWS.blockquote);
  await hoverHighlight(page, 'historical ties');
  await expectCardVisible(page);
  expect((await readCard(page)).title).toBe(TITLES['000']);

  const viewerPromise = context.waitForEvent('page');
  await clickCardButton(page, 'open-source');
  const viewer = await viewerPromise;
  await viewer.waitForLoadState('domcontentloaded');

  expect(viewer.url()).toMatch(new RegExp(`^chrome-extension://${extensionId}/source\\.html(\\?|#|$)`));
  await expect(viewer.locator('h1')).toHaveText(TITLES['000']);

  // The viewer may mark every passage of this article the page reused; the active one is in view.
  const mark = viewer.locator('mark', { hasText: 'historical ties with some groups' });
  await expect(mark).toHaveCount(1);
  await expect(mark).toBeVisible();
  await expect(mark).toBeInViewport();
  const marked = trimPunctuation(await mark.innerText());
  expect(marked).toContain(trimPunctuation(NEWS.blockquote));
});
