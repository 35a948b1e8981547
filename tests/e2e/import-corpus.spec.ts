/**
 * Bring your own corpus: a JSONL corpus imported through the options page (its
 * bad line reported, the valid part imported) highlights its passages on a page,
 * with the imported article as the source in the card and the viewer; it is
 * still there after the browser restarts with the same profile; it can be
 * switched off, renamed, exported and deleted. A corpus stored whole by an
 * earlier version (database version 1) is split in place and still matches; one
 * the previous version stored split (index format 4) is read as it is. A
 * corpus stored in segments is matched, shown, searched, exported and deleted
 * across all of them. A cancelled import leaves nothing in the database.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertPrerequisites, EXTENSION_DIR, extensionLaunchOptions, PROJECT_ROOT, unpackedExtensionId } from '../../scripts/browser';
import { generateLargeCorpus } from '../../scripts/large-corpus';
import { buildCorpusData } from '../../lib/build-corpus-data';
import { INDEX_FORMAT_VERSION } from '../../lib/index-format';
import { splitIndex, SPLIT_FORMAT_VERSION, type SplitParts } from '../../lib/split-index';
import { asFormat4 } from '../../lib/split-index.fixture';
import { SEGMENT_PART_STRIDE } from '../../extension/corpus-store/corpus-db';
import { SEARCH_INDEX_VERSION } from '../../lib/search-index';
import { startStaticServer, type StaticServer } from '../../scripts/static-server';
import { clickCardButton, readCard } from './card';
import { NEWS, trimPunctuation } from './expected';
import { test, expect } from './fixtures';
import { highlightedPassages, hoverHighlight, normalizeSpace } from './highlights';
import { PRESS_ARTICLES, REUSED_PASSAGE, REUSED_TITLE } from './press-corpus';

const PAINT_TIMEOUT = 15_000;
const CORPUS_NAME = 'My press releases';
/** Three valid articles and, on line 3, a line that is not JSON. */
const JSONL = [JSON.stringify(PRESS_ARTICLES[0]), JSON.stringify(PRESS_ARTICLES[1]), '{not json', JSON.stringify(PRESS_ARTICLES[2])].join('\n');

interface Launched {
  context: BrowserContext;
  extensionId: string;
}

/**
 * Chromium with the built extension on the profile in `userDataDir`. The
 * fixture's launcher makes a new profile per test; a restart needs the same one.
 */
async function launch(userDataDir: string): Promise<Launched> {
  assertPrerequisites();
  const context = await chromium.launchPersistentContext(userDataDir, extensionLaunchOptions(EXTENSION_DIR, { headless: true }));
  // The id depends only on the extension's folder: the same after a restart.
  return { context, extensionId: unpackedExtensionId() };
}

async function openOptions(context: BrowserContext, extensionId: string): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('Sourcelight settings');
  return options;
}

/** Imports the test corpus through the file input, choosing "Import the valid part" after its bad line is listed. */
async function importTestCorpus(options: Page): Promise<void> {
  await options.getByLabel('Name of the new corpus').fill(CORPUS_NAME);
  await options.getByLabel('Files to import (.jsonl, .txt, .md or .zip)').setInputFiles({
    name: 'press.jsonl',
    mimeType: 'application/jsonl',
    buffer: Buffer.from(JSONL),
  });
  await expect(options.locator('.problem-list li')).toHaveCount(1);
  await expect(options.locator('.problem-list li')).toContainText('press.jsonl:3: invalid JSON');
  await options.getByRole('button', { name: 'Import the valid part (3 articles)' }).click();
  await expect(options.locator('.corpora-status')).toHaveText(`Imported “${CORPUS_NAME}”: 3 articles.`, { timeout: 30_000 });
  await expect(options.getByRole('switch', { name: CORPUS_NAME })).toBeChecked();
  // Imported corpora are private by default: painted where the page cannot read them and
  // shown in no card (tests/e2e/hostile-page.spec.ts). These tests read the page's
  // highlights and card, so the reader makes this corpus public.
  const privateSwitch = options.locator('li.corpus', { hasText: CORPUS_NAME }).getByRole('switch', { name: /^Private/ });
  await expect(privateSwitch).toBeChecked();
  await privateSwitch.uncheck();
  await expect(options.locator('.corpora-status')).toHaveText('Saved.');
}

async function painted(page: Page): Promise<string[]> {
  return (await highlightedPassages(page)).map(trimPunctuation);
}

/**
 * Expects the loaded page to stay unpainted. Absence has no event to wait for:
 * give the content script time to read the page and hear back (well over what
 * a painted page takes here), then look.
 */
async function expectNothingPainted(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForTimeout(2000);
  expect(await painted(page)).toEqual([]);
}

/** Opens imported.html and waits for the reused passage to be highlighted. */
async function expectReusedPassageHighlighted(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/imported.html`);
  await expect.poll(() => painted(page), { timeout: PAINT_TIMEOUT }).toContain(trimPunctuation(REUSED_PASSAGE));
}

/** Hovers the reused passage and expects the imported article as its source. */
async function expectCardShowsImportedSource(page: Page): Promise<void> {
  await hoverHighlight(page, 'dredging of the inner basin');
  await expect.poll(async () => (await readCard(page)).visible, { timeout: 10_000 }).toBe(true);
  const card = await readCard(page);
  expect(card.title).toBe(REUSED_TITLE);
  expect(card.sourcePassage).toContain('during which the east quay will be closed');
}

/** Makes imported corpus `id` public, as a reader would, so the page's highlights and card can be read (see importTestCorpus). */
async function makePublic(context: Pick<Page, 'evaluate'>, id: string): Promise<void> {
  await context.evaluate(async (id) => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } };
    await chrome.storage.local.set({ settings: { corpusPrivacy: { [id]: false } } });
  }, id);
}

/** One segment of a corpus as the store keeps it, in a form a page script can be handed: head, parts by kind, search data. */
interface StoredSegment {
  head: number[];
  parts: { kind: 'postings' | 'filters' | 'texts'; list: number[][] }[];
  search: number[];
}

/** `parts` and `search` as a `StoredSegment`. */
function storedSegment(parts: SplitParts, search: Uint8Array): StoredSegment {
  return {
    head: [...parts.head],
    parts: (['postings', 'filters', 'texts'] as const).map((kind) => ({ kind, list: parts[kind].map((part) => [...part]) })),
    search: [...search],
  };
}

/**
 * Writes a corpus record and its segments into the corpus database from an
 * extension page, laid out as the store lays them out
 * (extension/corpus-store/corpus-db.ts): parts keyed by the record's data key
 * (its id when it has none), kind and `segment × SEGMENT_PART_STRIDE + n`;
 * search data under the data key, then `<data key>/<segment>`.
 */
async function writeStoredCorpus(extensionPage: Page, record: { id: string; dataKey?: string }, segments: readonly StoredSegment[]): Promise<void> {
  await extensionPage.evaluate(
    async ({ record, segments, stride }) => {
      const dataKey = record.dataKey ?? record.id;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('sourcelight-corpora');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(['corpora', 'parts', 'searches'], 'readwrite');
      tx.objectStore('corpora').put(record);
      segments.forEach((segment, s) => {
        tx.objectStore('parts').put(new Uint8Array(segment.head), [dataKey, 'head', s]);
        for (const { kind, list } of segment.parts) list.forEach((part, n) => tx.objectStore('parts').put(new Uint8Array(part), [dataKey, kind, s * stride + n]));
        tx.objectStore('searches').put({ id: s === 0 ? dataKey : `${dataKey}/${s}`, bytes: new Uint8Array(segment.search) });
      });
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { record, segments, stride: SEGMENT_PART_STRIDE },
  );
}

/**
 * Counts the records of the corpus database, read from an extension page:
 * corpora, parts, searches and staged imports; parts and searches only those
 * stored under data key `key` when given.
 */
async function storedCounts(extensionPage: Page, key?: string): Promise<{ corpora: number; parts: number; searches: number; staging: number }> {
  return extensionPage.evaluate(async (key) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('sourcelight-corpora');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['corpora', 'parts', 'searches', 'staging']);
    const count = (name: string, range?: IDBKeyRange): Promise<number> =>
      new Promise((resolve) => (tx.objectStore(name).count(range).onsuccess = (event) => resolve((event.target as IDBRequest<number>).result)));
    const [corpora, parts, searches, staging] = await Promise.all([
      count('corpora'),
      count('parts', key === undefined ? undefined : IDBKeyRange.bound([key], [key, []])),
      count('searches', key === undefined ? undefined : IDBKeyRange.bound(key, `${key}/\uffff`)),
      count('staging'),
    ]);
    db.close();
    return { corpora: corpora!, parts: parts!, searches: searches!, staging: staging! };
  }, key);
}

test.describe('importing a corpus', () => {
  let server: StaticServer;
  test.beforeAll(async () => {
    server = await startStaticServer({ '/': path.join(PROJECT_ROOT, 'tests', 'e2e', 'pages') });
  });
  test.afterAll(async () => {
    await server.close();
  });

  test('a JSONL corpus imported on the options page highlights its passages, and is still there after a restart', async () => {
    test.setTimeout(120_000);
    const page = readFileSync(path.join(PROJECT_ROOT, 'tests', 'e2e', 'pages', 'imported.html'), 'utf8');
    expect(normalizeSpace(page)).toContain(REUSED_PASSAGE);
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'sourcelight-import-'));
    try {
      // --- First run: import, see it highlighted, open the source. ---
      let browser = await launch(userDataDir);
      try {
        const options = await openOptions(browser.context, browser.extensionId);
        await importTestCorpus(options);
        const tab = await browser.context.newPage();
        await expectReusedPassageHighlighted(tab, server.origin);
        await expectCardShowsImportedSource(tab);

        const [viewer] = await Promise.all([browser.context.waitForEvent('page'), clickCardButton(tab, 'open-source')]);
        await expect(viewer.getByRole('heading', { level: 1 })).toHaveText(REUSED_TITLE);
        await expect(viewer.locator('[data-part="corpus"]')).toHaveText(`Corpus: ${CORPUS_NAME}`);
        await expect(viewer.locator('mark.active')).toContainText('dredging of the inner basin');
      } finally {
        await browser.context.close();
      }

      // --- Second run, same profile: the corpus is still listed and still matches. ---
      browser = await launch(userDataDir);
      try {
        const options = await openOptions(browser.context, browser.extensionId);
        await expect(options.getByRole('switch', { name: CORPUS_NAME })).toBeChecked();
        await expect(options.locator('.corpus-summary')).toContainText('3 articles');
        const tab = await browser.context.newPage();
        await expectReusedPassageHighlighted(tab, server.origin);
        await expectCardShowsImportedSource(tab);
      } finally {
        await browser.context.close();
      }
    } finally {
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});

test('corpora can be switched off, renamed, exported and deleted; the shipped one cannot be deleted', async ({ context, extensionId, page, baseURL }) => {
  test.setTimeout(120_000);
  const options = await openOptions(context, extensionId);
  await importTestCorpus(options);
  const shippedSwitch = options.getByRole('switch', { name: 'Built-in news corpus' });
  await expect(shippedSwitch).toBeChecked();
  // The shipped corpus has no Delete or Replace button; the imported one has both.
  await expect(options.getByRole('button', { name: 'Delete Built-in news corpus' })).toHaveCount(0);
  await expect(options.getByRole('button', { name: `Delete ${CORPUS_NAME}` })).toBeVisible();
  await expect(options.getByRole('button', { name: `Replace the articles of ${CORPUS_NAME}` })).toBeVisible();

  // The corpus search covers the imported corpus too.
  await options.getByRole('searchbox', { name: 'Words to find in the corpus' }).fill('dredging inner basin');
  await expect(options.locator('.search-results .result-title').first()).toHaveText(REUSED_TITLE);

  // Both corpora match side by side.
  await page.goto(`${baseURL}/news.html`);
  await expect.poll(() => painted(page), { timeout: PAINT_TIMEOUT }).toContain(trimPunctuation(NEWS.tableTwoSources));
  await expectReusedPassageHighlighted(page, baseURL);

  // Switched off, a corpus no longer matches (on the next page load).
  await options.getByRole('switch', { name: CORPUS_NAME }).uncheck();
  await expect(options.locator('.corpora-status')).toHaveText('Saved.');
  await page.reload();
  await expectNothingPainted(page);
  await options.getByRole('switch', { name: CORPUS_NAME }).check();
  await expect(options.locator('.corpora-status')).toHaveText('Saved.');
  await expectReusedPassageHighlighted(page, baseURL);

  // The shipped corpus can be switched off too.
  await shippedSwitch.uncheck();
  await expect(options.locator('.corpora-status')).toHaveText('Saved.');
  await page.goto(`${baseURL}/news.html`);
  await page.waitForSelector('body[data-late-inserted="true"]');
  await expectNothingPainted(page);
  await shippedSwitch.check();
  await expect(options.locator('.corpora-status')).toHaveText('Saved.');

  // Renamed: the new name is listed and shown with the source.
  await options.getByRole('button', { name: `Rename ${CORPUS_NAME}` }).click();
  await options.getByLabel(`New name for ${CORPUS_NAME}`).fill('Harbour releases');
  await options.getByRole('button', { name: 'Save name' }).click();
  await expect(options.locator('.corpora-status')).toHaveText('Renamed to “Harbour releases”.');
  await expect(options.getByRole('switch', { name: 'Harbour releases' })).toBeChecked();

  // Exported: the valid articles as JSONL, with their own ids.
  const [download] = await Promise.all([
    options.waitForEvent('download'),
    options.getByRole('button', { name: 'Export Harbour releases as JSONL' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('harbour-releases.jsonl');
  const exported = readFileSync(await download.path(), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; title: string });
  expect(exported.map((doc) => doc.id)).toEqual(['dredging', 'ferry', 'lighthouse']);
  expect(exported[0]).toMatchObject(PRESS_ARTICLES[0]!);

  // Deleted after confirming: gone from the list and from matching.
  await options.getByRole('button', { name: 'Delete Harbour releases' }).click();
  await options.getByRole('button', { name: 'Delete corpus' }).click();
  await expect(options.locator('.corpora-status')).toHaveText('Deleted “Harbour releases”.');
  await expect(options.getByRole('switch', { name: 'Harbour releases' })).toHaveCount(0);
  await page.goto(`${baseURL}/imported.html`);
  await expectNothingPainted(page);
  // The shipped corpus is untouched.
  await page.goto(`${baseURL}/news.html`);
  await expect.poll(() => painted(page), { timeout: PAINT_TIMEOUT }).toContain(trimPunctuation(NEWS.tableTwoSources));
});

test('a corpus stored whole by an earlier version is split when the database is upgraded, and still matches', async ({ context, extensionId, page, baseURL }) => {
  test.setTimeout(120_000);
  const data = buildCorpusData(PRESS_ARTICLES);
  const record = {
    id: 'legacy01',
    name: 'Kept from last year',
    enabled: true,
    revision: 1,
    importedAt: '2026-01-15T09:00:00.000Z',
    documentCount: data.info.documentCount,
    wordCount: data.info.wordCount,
    corpusDigest: data.info.corpusDigest,
    indexFormatVersion: INDEX_FORMAT_VERSION,
    searchFormatVersion: SEARCH_INDEX_VERSION,
    indexBytes: data.index.length,
    searchBytes: data.search.length,
    sources: ['press.jsonl'],
  };
  // What version 1 of the store wrote: one record per store, the index whole. Written from the
  // service worker (the extension's origin) before anything of the extension has opened the database.
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await worker.evaluate(
    async ({ record, index, search }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('sourcelight-corpora', 1);
        request.onupgradeneeded = () => {
          for (const name of ['corpora', 'indexes', 'searches']) request.result.createObjectStore(name, { keyPath: 'id' });
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(['corpora', 'indexes', 'searches'], 'readwrite');
      tx.objectStore('corpora').put(record);
      tx.objectStore('indexes').put({ id: record.id, bytes: new Uint8Array(index) });
      tx.objectStore('searches').put({ id: record.id, bytes: new Uint8Array(search) });
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { record, index: [...data.index], search: [...data.search] },
  );
  await makePublic(worker, record.id);

  await expectReusedPassageHighlighted(page, baseURL!);
  await expectCardShowsImportedSource(page);
  const options = await openOptions(context, extensionId);
  await expect(options.getByRole('switch', { name: 'Kept from last year' })).toBeChecked();
  const item = options.locator('li.corpus', { hasText: 'Kept from last year' });
  await expect(item.locator('.corpus-summary')).toContainText('3 articles');
  // Split, not asked to be imported again.
  await expect(item.locator('.corpus-reimport')).toHaveCount(0);
  const stored = await options.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('sourcelight-corpora');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const parts = await new Promise<number>((resolve) => {
      const request = db.transaction('parts').objectStore('parts').count(IDBKeyRange.bound([id], [id, []]));
      request.onsuccess = () => resolve(request.result);
    });
    const stores = [...db.objectStoreNames];
    db.close();
    return { version: db.version, stores, parts };
  }, record.id);
  expect(stored).toMatchObject({ version: 3, stores: ['corpora', 'parts', 'searches', 'staging'] });
  expect(stored.parts).toBeGreaterThan(3);
});

test('a corpus the previous version stored split (index format 4) still matches and is not asked to be imported again', async ({ context, extensionId, page, baseURL }) => {
  test.setTimeout(120_000);
  const data = buildCorpusData(PRESS_ARTICLES);
  const parts = asFormat4(splitIndex(data.index));
  const record = {
    id: 'format4x1',
    name: 'Split last month',
    enabled: true,
    revision: 1,
    importedAt: '2026-11-01T09:00:00.000Z',
    documentCount: data.info.documentCount,
    wordCount: data.info.wordCount,
    corpusDigest: data.info.corpusDigest,
    indexFormatVersion: 4,
    searchFormatVersion: SEARCH_INDEX_VERSION,
    indexBytes: 1,
    searchBytes: data.search.length,
    sources: ['press.jsonl'],
  };
  const options = await openOptions(context, extensionId);
  await expect(options.getByRole('switch', { name: 'Built-in news corpus' })).toBeVisible();
  // As format 4 laid a one-segment corpus out: every part under the corpus's id.
  await writeStoredCorpus(options, record, [storedSegment(parts, data.search)]);
  await makePublic(options, record.id);
  await options.reload();
  const item = options.locator('li.corpus', { hasText: 'Split last month' });
  await expect(item.locator('.corpus-summary')).toContainText('3 articles');
  await expect(item.locator('.corpus-reimport')).toHaveCount(0);

  await expectReusedPassageHighlighted(page, baseURL!);
  await expectCardShowsImportedSource(page);
});

test('a corpus stored in segments matches, shows, searches, exports and deletes across all of them', async ({ context, extensionId, page, baseURL }) => {
  test.setTimeout(120_000);
  // What an import of a corpus larger than one segment writes (extension/corpus-store/import-corpus.ts): here two
  // segments, the reused article alone in the second. Written from the options page, as the store lays it out.
  const segments = [PRESS_ARTICLES.slice(1), PRESS_ARTICLES.slice(0, 1)].map((documents) => {
    const data = buildCorpusData(documents);
    return { info: data.info, ...storedSegment(splitIndex(data.index), data.search) };
  });
  const record = {
    id: 'segmented1',
    name: 'Harbour archive',
    enabled: true,
    revision: 1,
    importedAt: '2026-11-30T09:00:00.000Z',
    documentCount: 3,
    wordCount: segments[0]!.info.wordCount + segments[1]!.info.wordCount,
    corpusDigest: `${segments[0]!.info.corpusDigest}+${segments[1]!.info.corpusDigest}`,
    indexFormatVersion: SPLIT_FORMAT_VERSION,
    searchFormatVersion: SEARCH_INDEX_VERSION,
    indexBytes: 1,
    searchBytes: 1,
    sources: ['archive.jsonl'],
    dataKey: 'segdata01',
    segments: 2,
  };
  const options = await openOptions(context, extensionId);
  // The options page has opened the database with the current schema by the time it lists the corpora.
  await expect(options.getByRole('switch', { name: 'Built-in news corpus' })).toBeVisible();
  await writeStoredCorpus(options, record, segments);
  await makePublic(options, record.id);
  const partCount = segments.reduce((sum, segment) => sum + 1 + segment.parts.reduce((n, { list }) => n + list.length, 0), 0);
  expect(await storedCounts(options, record.dataKey)).toEqual({ corpora: 1, parts: partCount, searches: 2, staging: 0 });
  await options.reload();
  const item = options.locator('li.corpus', { hasText: 'Harbour archive' });
  await expect(item.locator('.corpus-summary')).toContainText('3 articles');

  // Matched through the second segment, its source shown in the card and opened in the viewer.
  await expectReusedPassageHighlighted(page, baseURL!);
  await expectCardShowsImportedSource(page);
  const [viewer] = await Promise.all([context.waitForEvent('page'), clickCardButton(page, 'open-source')]);
  await expect(viewer.getByRole('heading', { level: 1 })).toHaveText(REUSED_TITLE);
  await expect(viewer.locator('[data-part="corpus"]')).toHaveText('Corpus: Harbour archive');
  await expect(viewer.locator('mark.active')).toContainText('dredging of the inner basin');
  await viewer.close();

  // Searched in both segments.
  await options.getByRole('searchbox', { name: 'Words to find in the corpus' }).fill('dredging inner basin');
  await expect(options.locator('.search-results .result-title').first()).toHaveText(REUSED_TITLE);
  await options.getByRole('searchbox', { name: 'Words to find in the corpus' }).fill('lighthouse volunteers');
  await expect(options.locator('.search-results .result-title').first()).toHaveText('Lighthouse open days');

  // Exported whole, a segment after the other.
  const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Export Harbour archive as JSONL' }).click()]);
  const exported = readFileSync(await download.path(), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { id: string }).id);
  expect(exported).toEqual(['ferry', 'lighthouse', 'dredging']);

  // Deleted with every segment's parts and search data.
  await options.getByRole('button', { name: 'Delete Harbour archive' }).click();
  await options.getByRole('button', { name: 'Delete corpus' }).click();
  await expect(options.locator('.corpora-status')).toHaveText('Deleted “Harbour archive”.');
  expect(await storedCounts(options, record.dataKey)).toEqual({ corpora: 0, parts: 0, searches: 0, staging: 0 });
  await page.goto(`${baseURL}/imported.html`);
  await expectNothingPainted(page);
});

test('imports 10,000 articles (about 6 million words) with a progress bar, without blocking the page, and matches them; a cancelled import leaves nothing', async ({
  context,
  extensionId,
  page,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const corpus = generateLargeCorpus({ articles: 10_000, wordsPerArticle: 600 });
  const folder = mkdtempSync(path.join(os.tmpdir(), 'sourcelight-wire-'));
  try {
    const file = path.join(folder, 'wire.jsonl');
    writeFileSync(file, corpus.jsonl);
    const options = await openOptions(context, extensionId);
    // Cancelled while it writes: no corpus, and nothing it wrote is left in the database.
    const progress = options.locator('.import-progress');
    await options.getByLabel('Files to import (.jsonl, .txt, .md or .zip)').setInputFiles(file);
    await expect(progress).toContainText('Saving the corpus…', { timeout: 120_000 });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect(options.locator('.corpora-status')).toHaveText('Cancelled; no corpus was changed.');
    await expect(options.locator('li.corpus', { hasText: 'wire' })).toHaveCount(0);
    await expect.poll(() => storedCounts(options), { timeout: 10_000 }).toEqual({ corpora: 0, parts: 0, searches: 0, staging: 0 });

    // Long tasks on the options page's thread while the worker imports: recorded as a
    // measurement (timings are the benchmarks' business, not a test's).
    await options.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { longTasks: number[] }).longTasks = seen;
      new PerformanceObserver((list) => list.getEntries().forEach((entry) => seen.push(entry.duration))).observe({ type: 'longtask' });
    });

    const startedAt = Date.now();
    await options.getByLabel('Files to import (.jsonl, .txt, .md or .zip)').setInputFiles(file);
    await expect(progress).toContainText(/Indexing articles: [\d,]+ of 10,000/, { timeout: 60_000 });
    const value = Number(await progress.locator('progress').getAttribute('value'));
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThanOrEqual(10_000);
    // Compressing the texts takes seconds after the last article is indexed: the bar moves on through it.
    await expect(progress).toContainText('Compressing the article texts…', { timeout: 120_000 });
    await progress.screenshot({ path: test.info().outputPath('import-compressing.png') });
    // Writing the split index's parts takes seconds too: the bar counts them (1 head + 4,898 parts here).
    await expect(progress).toContainText('Saving the corpus…', { timeout: 120_000 });
    await expect.poll(async () => Number(await progress.locator('progress').getAttribute('max')), { timeout: 60_000 }).toBeGreaterThan(1_000);
    await progress.screenshot({ path: test.info().outputPath('import-saving.png') });
    await expect(options.locator('.corpora-status')).toHaveText('Imported “wire”: 10,000 articles.', { timeout: 240_000 });
    const seconds = (Date.now() - startedAt) / 1000;
    const longTasks = await options.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    const longest = Math.max(0, ...longTasks);
    test.info().annotations.push({
      type: 'measurement',
      description: `imported ${corpus.articleCount} articles, ${corpus.wordCount} words in ${seconds.toFixed(1)} s; longest task on the options page ${Math.round(longest)} ms`,
    });
    await expect(options.locator('.corpus-summary')).toContainText('10,000 articles');
    // Imported corpora are private by default (no page-readable highlight, no card);
    // this test reads both, so the reader makes the corpus public.
    const privateSwitch = options.locator('li.corpus', { hasText: 'wire' }).getByRole('switch', { name: /^Private/ });
    await expect(privateSwitch).toBeChecked();
    await privateSwitch.uncheck();
    await expect(options.locator('.corpora-status')).toHaveText('Saved.');

    // Searched through its word index (6 million words: extension/corpus-search.ts), which reads the texts of
    // the articles holding every word only. The first article holds these words of its second paragraph, and
    // its title none of them, so it is found through its text.
    expect((await storedCounts(options)).searches).toBe(2); // its search.json and its word index
    const secondParagraph = corpus.sample.text.split('\n\n')[1]!;
    const queryWords = [...new Set(secondParagraph.split(/\s+/).filter((word) => /^[a-z]{6,}$/.test(word) && !corpus.sample.title.includes(word)))].slice(0, 2);
    expect(queryWords).toHaveLength(2);
    const searchedAt = Date.now();
    await options.getByRole('searchbox', { name: 'Words to find in the corpus' }).fill(queryWords.join(' '));
    await expect(options.locator('.search-results .result-title', { hasText: corpus.sample.title })).toHaveCount(1, { timeout: 30_000 });
    test.info().annotations.push({ type: 'measurement', description: `first search of the corpus: results in ${((Date.now() - searchedAt) / 1000).toFixed(1)} s` });
    await options.locator('section.search').screenshot({ path: test.info().outputPath('search-word-index.png') });

    // A page reusing a paragraph of the corpus has it highlighted, sourced from the corpus.
    const paragraph = corpus.sample.text.split('\n\n')[0]!;
    await page.route(`${baseURL}/wire.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>Wire copy</title><article><p>Our own words open the page, as every story does.</p><p id="reused">${escapeHtml(paragraph)}</p></article>`,
      }),
    );
    await page.goto(`${baseURL}/wire.html`);
    await expect.poll(async () => (await highlightedPassages(page, '#reused')).join(' ').length, { timeout: 30_000 }).toBeGreaterThan(paragraph.length / 2);
    await hoverHighlight(page, '');
    await expect.poll(async () => (await readCard(page)).title ?? '', { timeout: 10_000 }).toMatch(/\(wire-\d{5}\)$/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
