/**
 * The options page changes what open pages highlight, live (no reload): the
 * minimum match length, the never-run sites; and it lists "Not a match here"
 * choices and the corpus facts.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { browser } from 'wxt/browser';
import { test, expect } from './fixtures';
import { NEWS, TITLES, trimPunctuation } from './expected';
import { highlightedPassages } from './highlights';

/** The extension API inside the service worker (`worker.evaluate`); MV3's `chrome` returns promises like this. */
declare const chrome: typeof browser;

const PAINT_TIMEOUT = 15_000;

/** Words of a passage as the reader counts them. */
const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

async function painted(page: Page): Promise<string[]> {
  return (await highlightedPassages(page)).map(trimPunctuation);
}

async function openNews(page: Page, baseURL: string): Promise<void> {
  await page.goto(`${baseURL}/news.html`);
  await page.waitForSelector('body[data-late-inserted="true"]');
  await expect.poll(() => painted(page), { timeout: PAINT_TIMEOUT }).toContain(trimPunctuation(NEWS.tableTwoSources));
}

async function openOptions(context: BrowserContext, extensionId: string): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('Sourcelight settings');
  return options;
}

test('raising the minimum match length hides a shorter passage on an open page, live; lowering it brings it back', async ({
  page,
  context,
  extensionId,
  baseURL,
}) => {
  const short = trimPunctuation(NEWS.tableTwoSources);
  const long = trimPunctuation(NEWS.inline);
  // The threshold sits between the two passages' lengths.
  const threshold = 30;
  expect(wordCount(NEWS.tableTwoSources)).toBeLessThan(threshold);
  expect(wordCount(NEWS.inline)).toBeGreaterThan(threshold + 5);

  await openNews(page, baseURL);
  const options = await openOptions(context, extensionId);
  const minWords = options.getByRole('spinbutton', { name: 'Minimum match length (words)' });
  await expect(minWords).toHaveValue('8');

  await minWords.fill(String(threshold));
  await minWords.press('Enter');
  await expect(options.getByRole('status').first()).toHaveText('Saved.');
  await expect.poll(() => painted(page), { timeout: PAINT_TIMEOUT }).not.toContain(short);
  expect(await painted(page)).toContain(long);

  await minWords.fill('8');
  await minWords.press('Enter');
  await expect.poll(() => painted(page), { timeout: PAINT_TIMEOUT }).toContain(short);
  expect(await painted(page)).toContain(long);

  // The value is stored: a fresh options page shows it.
  await options.reload();
  await expect(options.getByRole('spinbutton', { name: 'Minimum match length (words)' })).toHaveValue('8');
});

test('an out-of-range value is shown as an error and not saved', async ({ context, extensionId }) => {
  const options = await openOptions(context, extensionId);
  const minWords = options.getByRole('spinbutton', { name: 'Minimum match length (words)' });
  await minWords.fill('3');
  await minWords.press('Enter');
  await expect(minWords).toHaveAttribute('aria-invalid', 'true');
  await expect(options.getByText('Enter a whole number from 4 to 200.')).toBeVisible();
  await options.reload();
  await expect(options.getByRole('spinbutton', { name: 'Minimum match length (words)' })).toHaveValue('8');
});

test('a never-run site loses its highlights live and gets them back when removed', async ({ page, context, extensionId, baseURL }) => {
  await openNews(page, baseURL);
  const hostname = new URL(baseURL).hostname;
  const options = await openOptions(context, extensionId);

  await options.getByRole('textbox', { name: 'Site to add (hostname)' }).fill(`${baseURL}/some/page`);
  await options.getByRole('button', { name: 'Add site' }).click();
  await expect(options.getByRole('button', { name: `Remove ${hostname}` })).toBeVisible();
  await expect.poll(async () => (await painted(page)).length, { timeout: PAINT_TIMEOUT }).toBe(0);

  await options.getByRole('button', { name: `Remove ${hostname}` }).click();
  await expect(options.getByText('None: Sourcelight runs on every site.')).toBeVisible();
  await expect.poll(() => painted(page), { timeout: PAINT_TIMEOUT }).toContain(trimPunctuation(NEWS.tableTwoSources));
});

test('lists "Not a match here" choices by source title and removes them', async ({ context, extensionId }) => {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const docId = await worker.evaluate(async () => {
    const response = await fetch(chrome.runtime.getURL('/corpus/search.json'));
    const file = (await response.json()) as { titles: Array<{ docId: string; title: string }> };
    return file.titles.find((e) => e.title.startsWith('Diyala'))!.docId;
  });
  await worker.evaluate(
    async (id) => chrome.storage.local.set({ dismissals: [{ site: 'news.example', docId: id, passageHash: '0123456789abcdef' }] }),
    docId,
  );

  const options = await openOptions(context, extensionId);
  await expect(options.getByText(`${TITLES['004']} on news.example`)).toBeVisible();
  await options.getByRole('button', { name: `Show again: ${TITLES['004']} on news.example` }).click();
  await expect(options.getByText('None.', { exact: true })).toBeVisible();
  expect(await worker.evaluate(async () => (await chrome.storage.local.get('dismissals')).dismissals)).toEqual([]);
});

test('shows the corpus facts', async ({ context, extensionId }) => {
  const options = await openOptions(context, extensionId);
  const facts = options.locator('.facts');
  await expect(facts.locator('dt')).toHaveText(['Articles', 'Words', 'Corpus version', 'Index format version']);
  await expect(facts.locator('dd').nth(0)).toHaveText(String(Object.keys(TITLES).length));
  await expect(facts.locator('dd').nth(2)).toHaveText(/^[0-9a-f]{8,}$/);
});

test('similarity, highlight style and colour are saved through the settings', async ({ context, extensionId }) => {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const stored = (): Promise<Record<string, unknown>> =>
    worker.evaluate(async () => ((await chrome.storage.local.get('settings')).settings ?? {}) as Record<string, unknown>);
  const options = await openOptions(context, extensionId);

  const similarity = options.getByRole('spinbutton', { name: 'Similarity threshold in percent' });
  await similarity.fill('90');
  await similarity.press('Enter');
  await expect.poll(async () => (await stored()).minSimilarity).toBe(0.9);
  await expect(options.getByRole('slider', { name: 'Similarity threshold' })).toHaveValue('90');

  const copied = options.getByRole('group', { name: 'Copied passages' });
  await copied.getByRole('radio', { name: 'Underline', exact: true }).check();
  await expect.poll(async () => (await stored()).highlightStyle).toBe('underline');

  await copied.getByLabel('Highlight colour').fill('#3366ff');
  await expect.poll(async () => (await stored()).highlightColor).toBe('#3366ff');
  // Earlier choices are kept.
  expect(await stored()).toMatchObject({ minSimilarity: 0.9, highlightStyle: 'underline', enabled: true, minWords: 8 });
});

test('rewritten passages have their own style, colour and switch, saved apart from copied ones', async ({ context, extensionId }) => {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const stored = (): Promise<Record<string, unknown>> =>
    worker.evaluate(async () => ((await chrome.storage.local.get('settings')).settings ?? {}) as Record<string, unknown>);
  const options = await openOptions(context, extensionId);
  const rewritten = options.getByRole('group', { name: 'Rewritten passages' });

  // Defaults: shown, with a wavy violet underline.
  const show = rewritten.getByRole('switch', { name: 'Show rewritten passages' });
  await expect(show).toBeChecked();
  await expect(rewritten.getByRole('radio', { name: 'Wavy underline' })).toBeChecked();
  await expect(rewritten.getByLabel('Highlight colour')).toHaveValue('#8250df');

  await rewritten.getByRole('radio', { name: 'Background', exact: true }).check();
  await expect.poll(async () => (await stored()).rewrittenHighlightStyle).toBe('background');
  await rewritten.getByLabel('Highlight colour').fill('#00aa88');
  await expect.poll(async () => (await stored()).rewrittenHighlightColor).toBe('#00aa88');
  await show.uncheck();
  await expect.poll(async () => (await stored()).showRewritten).toBe(false);
  // The copied passages' settings are untouched.
  const copied = options.getByRole('group', { name: 'Copied passages' });
  await expect(copied.getByRole('radio', { name: 'Background', exact: true })).toBeChecked();
  expect(await stored()).toMatchObject({ highlightStyle: 'background', highlightColor: '#ffc800' });
});
