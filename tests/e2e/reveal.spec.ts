/**
 * Text revealed after load (issue 11): each page in tests/e2e/pages/reveal hides
 * a reused passage the way news sites do and reveals it from its own script
 * (`window.__reveal()`) or on a real click. The passage gets highlighted, the
 * badge and the popup follow, and hiding it again takes it off the count.
 * Also: changes inside an open shadow root, a `pushState` route change, a page
 * that never stops toggling classes, and passages in a same-origin frame.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { NEWS, REVEAL_PATTERNS, TITLES, trimPunctuation } from './expected';
import { badgeText, contentStats, openPopup, tabIdOf } from './extension';
import { highlightedPassages as documentPassages, hoverHighlight, readHighlight } from './highlights';

const VISIBLE = trimPunctuation(NEWS.blockquote);
const HIDDEN = trimPunctuation(NEWS.late);
const PAINT_TIMEOUT = 15_000;
/** The issue asks for highlights within 1 s of a reveal; polls allow for a busy machine, the latency is recorded. */
const REVEAL_TIMEOUT = 5_000;

/**
 * Highlighted passages of the page, in document order; text in shadow trees
 * (which the document-level reading cannot walk) is read from the ranges.
 */
async function highlightedPassages(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => document.querySelector('news-story') !== null))) return documentPassages(page);
  return (await readHighlight(page)).rangeTexts.map(trimPunctuation);
}

/** Waits until the content script has read the page at least once. */
async function waitForFirstRead(page: Page): Promise<void> {
  await expect.poll(async () => (await contentStats(page))?.reads ?? 0, { timeout: PAINT_TIMEOUT }).toBeGreaterThan(0);
}

/**
 * Calls `reveal` in the page and waits, frame by frame, until a highlight range
 * covers the revealed passage's last words; returns the milliseconds it took
 * (-1 when it did not within the timeout).
 */
async function revealAndTime(page: Page, reveal: () => Promise<void>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __revealedAt: number };
    w.__revealedAt = performance.now();
  });
  await reveal();
  return page.evaluate(async (timeout) => {
    const w = window as unknown as { __revealedAt: number };
    const painted = (): boolean => {
      const highlight = [...CSS.highlights].find(([key]) => /^h[0-9a-z]{16}$/.test(key))?.[1];
      if (!highlight) return false;
      for (const range of highlight as unknown as Iterable<AbstractRange>) {
        const live = document.createRange();
        live.setStart(range.startContainer, range.startOffset);
        live.setEnd(range.endContainer, range.endOffset);
        if (live.toString().includes('financial support')) return true;
      }
      return false;
    };
    while (!painted()) {
      if (performance.now() - w.__revealedAt > timeout) return -1;
      await new Promise(requestAnimationFrame);
    }
    return Math.round(performance.now() - w.__revealedAt);
  }, REVEAL_TIMEOUT);
}

for (const pattern of REVEAL_PATTERNS) {
  test(`reveal: ${pattern.file} — highlighted after the reveal, badge follows, off the count when hidden again`, async ({
    page,
    context,
    baseURL,
  }) => {
    await page.goto(`${baseURL}/reveal/${pattern.file}`);
    const tabId = await tabIdOf(context, page);
    const before = pattern.visibleBefore ? [VISIBLE] : [];
    if (pattern.visibleBefore) {
      await expect.poll(() => highlightedPassages(page), { timeout: PAINT_TIMEOUT }).toEqual(before);
    } else {
      await waitForFirstRead(page);
    }
    // Hidden text is not highlighted and not counted.
    expect(await highlightedPassages(page)).toEqual(before);
    await expect.poll(() => badgeText(context, tabId)).toBe(before.length ? String(before.length) : '');

    const latency = await revealAndTime(page, async () => {
      if (pattern.click) await page.click(pattern.click);
      else await page.evaluate(() => (window as unknown as { __reveal(): void }).__reveal());
    });
    test.info().annotations.push({ type: 'reveal latency', description: `${pattern.file}: ${latency} ms` });
    expect(latency, 'the revealed passage is highlighted').toBeGreaterThanOrEqual(0);
    await expect.poll(() => highlightedPassages(page)).toEqual([VISIBLE, HIDDEN]);
    await expect.poll(() => badgeText(context, tabId)).toBe('2');

    await page.evaluate(() => (window as unknown as { __hide(): void }).__hide());
    await expect.poll(() => highlightedPassages(page), { timeout: REVEAL_TIMEOUT }).toEqual(before);
    await expect.poll(() => badgeText(context, tabId)).toBe(before.length ? String(before.length) : '');
  });
}

test('reveal: hidden="until-found" fires beforematch and the revealed passage is in the popup', async ({ page, context, extensionId, baseURL }) => {
  await page.goto(`${baseURL}/reveal/until-found.html`);
  await expect.poll(() => highlightedPassages(page), { timeout: PAINT_TIMEOUT }).toEqual([VISIBLE]);
  const tabId = await tabIdOf(context, page);
  await page.evaluate(() => (window as unknown as { __reveal(): void }).__reveal());
  await expect.poll(() => page.evaluate(() => (window as unknown as { __beforematch: number }).__beforematch)).toBe(1);
  await expect.poll(() => highlightedPassages(page), { timeout: REVEAL_TIMEOUT }).toEqual([VISIBLE, HIDDEN]);
  const popup = await openPopup(context, extensionId, tabId);
  await expect(popup.locator('.passage-text')).toHaveCount(2);
  expect((await popup.locator('.group-title').allTextContents()).sort()).toEqual([TITLES['000'], TITLES['001']].sort());
});

test('shadow root: a passage added inside an open shadow root opens its card on hover', async ({ page, baseURL }) => {
  await page.goto(`${baseURL}/reveal/shadow.html`);
  await expect.poll(() => highlightedPassages(page), { timeout: PAINT_TIMEOUT }).toEqual([VISIBLE]);
  await page.evaluate(() => (window as unknown as { __reveal(): void }).__reveal());
  await expect.poll(() => highlightedPassages(page), { timeout: REVEAL_TIMEOUT }).toEqual([VISIBLE, HIDDEN]);
  await hoverHighlight(page, 'financial support');
  await expect.poll(() => page.evaluate(() => [...CSS.highlights].find(([key]) => /^h[0-9a-z]{16}-active$/.test(key))?.[1]?.size ?? 0)).toBe(1);
  expect((await readHighlight(page, 'sourcelight-active')).rangeTexts.map(trimPunctuation)).toEqual([HIDDEN]);
});

test('reveal: a stylesheet appended by a script shows the rest of the article', async ({ page, baseURL }) => {
  await page.goto(`${baseURL}/reveal/late-stylesheet.html`);
  await expect.poll(() => highlightedPassages(page), { timeout: PAINT_TIMEOUT }).toEqual([VISIBLE]);
  await page.evaluate(() => (window as unknown as { __appendStylesheet(): void }).__appendStylesheet());
  await expect.poll(() => highlightedPassages(page), { timeout: REVEAL_TIMEOUT }).toEqual([VISIBLE, HIDDEN]);
});

test('route change: pushState to a new article leaves nothing of the old one in highlights, badge or popup', async ({
  page,
  context,
  extensionId,
  baseURL,
}) => {
  await page.goto(`${baseURL}/reveal/route.html`);
  await expect
    .poll(() => highlightedPassages(page), { timeout: PAINT_TIMEOUT })
    .toEqual([VISIBLE, trimPunctuation(NEWS.inline)]);
  const tabId = await tabIdOf(context, page);
  await expect.poll(() => badgeText(context, tabId)).toBe('2');
  const popup = await openPopup(context, extensionId, tabId);
  await expect(popup.locator('.passage-text')).toHaveCount(2);

  await page.evaluate(() => (window as unknown as { __navigate(id: string): void }).__navigate('b'));
  await expect.poll(() => highlightedPassages(page), { timeout: REVEAL_TIMEOUT }).toEqual([trimPunctuation(NEWS.tableTwoSources)]);
  await expect.poll(() => badgeText(context, tabId)).toBe('1');
  await popup.reload();
  // One passage, found in two sources: listed under each, and nothing else.
  await expect(popup.locator('.group-title')).toHaveCount(2);
  expect((await popup.locator('.group-title').allTextContents()).sort()).toEqual([TITLES['003'], TITLES['004']].sort());
  await expect(popup.locator('.passage-text')).toHaveCount(2);
  for (const text of await popup.locator('.passage-text').allTextContents()) expect(text).toContain('Human Rights Watch');

  // Back restores the first article, and only it.
  await page.goBack();
  await expect
    .poll(() => highlightedPassages(page), { timeout: REVEAL_TIMEOUT })
    .toEqual([VISIBLE, trimPunctuation(NEWS.inline)]);
  await expect.poll(() => badgeText(context, tabId)).toBe('2');
});

test('frames: the popup lists passages painted in a same-origin frame with those of the top frame', async ({
  page,
  context,
  extensionId,
  baseURL,
}) => {
  await page.goto(`${baseURL}/reveal/framed.html`);
  await expect.poll(() => highlightedPassages(page), { timeout: PAINT_TIMEOUT }).toEqual([VISIBLE]);
  const frame = page.frameLocator('#embed');
  await expect
    .poll(() => frame.locator('body').evaluate(() => [...CSS.highlights].find(([key]) => /^h[0-9a-z]{16}$/.test(key))?.[1]?.size ?? 0), { timeout: PAINT_TIMEOUT })
    .toBeGreaterThan(0);
  const tabId = await tabIdOf(context, page);
  await expect.poll(() => badgeText(context, tabId)).toBe('2');
  const popup = await openPopup(context, extensionId, tabId);
  // The frame's passage has two sources, so it is listed under both.
  await expect(popup.locator('.passage-text')).toHaveCount(3);
  await expect(popup.locator('.passage-text').filter({ hasText: 'Human Rights Watch' })).toHaveCount(2);
  await expect(popup.locator('.passage-text').filter({ hasText: 'Their presence at Ashraf' })).toHaveCount(1);
  // Showing the frame's passage opens its card in the frame.
  await popup.locator('.passage', { hasText: 'Human Rights Watch' }).first().click();
  await expect
    .poll(() => frame.locator('body').evaluate(() => [...CSS.highlights].find(([key]) => /^h[0-9a-z]{16}-active$/.test(key))?.[1]?.size ?? 0))
    .toBe(1);
});

test('busy page: classes toggled every frame and `hidden` every 50 ms for 10 s cost a bounded number of re-reads', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(60_000);
  await page.goto(`${baseURL}/reveal/busy.html`);
  await expect.poll(() => highlightedPassages(page), { timeout: PAINT_TIMEOUT }).toEqual([VISIBLE]);
  const pageChars = await page.evaluate(() => document.body.textContent!.length);
  const before = (await contentStats(page))!;
  await page.evaluate(() => (window as unknown as { __startBusy(ms: number): void }).__startBusy(10_000));
  const samples: number[] = [];
  while (!(await page.evaluate(() => (window as unknown as { __busy: { done: boolean } }).__busy.done))) {
    samples.push((await highlightedPassages(page)).length);
    await page.waitForTimeout(500);
  }
  const busy = await page.evaluate(() => (window as unknown as { __busy: { frames: number; flips: number; startedAt: number; endedAt: number } }).__busy);
  const after = (await contentStats(page))!;
  const ms = busy.endedAt - busy.startedAt;
  const flushes = after.flushes - before.flushes;
  const reads = after.reads - before.reads;
  const charsRead = after.charsRead - before.charsRead;
  test.info().annotations.push({
    type: 'busy page',
    description: JSON.stringify({ ms: Math.round(ms), frames: busy.frames, flips: busy.flips, records: after.records - before.records, flushes, reads, charsRead }),
  });
  expect(busy.flips).toBeGreaterThan(50);
  // At most one batch per 400 ms, each reading the changed blocks once (carousel and menu)…
  expect(flushes).toBeLessThanOrEqual(Math.ceil(ms / 400) + 2);
  expect(reads).toBeLessThanOrEqual(2 * flushes);
  // …and never more than the page's text per batch.
  expect(charsRead).toBeLessThanOrEqual(flushes * pageChars);
  // The article's highlight stays throughout.
  expect(samples.every((n) => n === 1)).toBe(true);
  expect(await highlightedPassages(page)).toEqual([VISIBLE]);
});
