/**
 * Privacy (issue 6): while the user reads, the extension talks to nothing but
 * itself, and what it keeps holds no page text.
 *
 * Every request of the browser context is recorded (pages, frames, content
 * scripts and — with `request.serviceWorker()` — the extension's service
 * worker); the service worker's own network primitives are wrapped as well, so
 * a request the context would not report is still seen. Only the local test
 * server and the extension's own files may appear. Then the extension's
 * storage (local, session, sync, Cache Storage, IndexedDB names) and the
 * pages' own storage are read back and searched for the pages' text.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import type { browser } from 'wxt/browser';
import { EXTENSION_DIR, extensionLaunchOptions, PROJECT_ROOT, unpackedExtensionId } from '../../scripts/browser';
import { test, expect } from './fixtures';
import { clickCardButton, readCard } from './card';
import { NEWS, trimPunctuation } from './expected';
import { highlightedPassages, hoverHighlight } from './highlights';
import { foreignEndpoints, foreignExtensionRequests, foreignPageRequests, pageTextInStorage, readNetLog, shingles as textShinglesOf } from './traffic';

/** The extension API inside the service worker (`worker.evaluate`). */
declare const chrome: typeof browser;

const PAINT_TIMEOUT = 15_000;
const CARD_TIMEOUT = 10_000;

interface SeenRequest {
  url: string;
  method: string;
  type: string;
  fromServiceWorker: boolean;
}

async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/**
 * Wraps fetch, XMLHttpRequest, WebSocket, EventSource and sendBeacon in the
 * service worker so every use is logged (`__networkLog`), whatever the context
 * events report.
 */
async function wrapWorkerNetwork(worker: Worker): Promise<() => Promise<string[]>> {
  await worker.evaluate(() => {
    const scope = globalThis as unknown as Record<string, unknown> & { __networkLog?: string[] };
    if (scope.__networkLog) return;
    const log: string[] = (scope.__networkLog = []);
    const urlOf = (input: unknown): string =>
      typeof input === 'string' ? input : input instanceof URL ? input.href : input instanceof Request ? input.url : String(input);
    const nativeFetch = globalThis.fetch;
    globalThis.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
      log.push(`fetch ${urlOf(input)}`);
      return nativeFetch.call(globalThis, input, init);
    };
    for (const name of ['XMLHttpRequest', 'WebSocket', 'EventSource']) {
      const Native = scope[name] as (new (...args: unknown[]) => object) | undefined;
      if (typeof Native !== 'function') continue;
      scope[name] = new Proxy(Native, {
        construct(target, args: unknown[]) {
          log.push(`${name} ${urlOf(args[0])}`);
          return Reflect.construct(target, args) as object;
        },
      });
    }
    const nav = globalThis.navigator as Navigator & { sendBeacon?: (url: string, data?: unknown) => boolean };
    if (typeof nav.sendBeacon === 'function') {
      const nativeBeacon = nav.sendBeacon.bind(nav);
      nav.sendBeacon = (url: string, data?: unknown) => {
        log.push(`sendBeacon ${url}`);
        return nativeBeacon(url, data as BodyInit);
      };
    }
  });
  return () => worker.evaluate(() => (globalThis as unknown as { __networkLog: string[] }).__networkLog.slice());
}

/** Everything the extension keeps, as one JSON string per store. */
async function dumpExtensionStorage(worker: Worker): Promise<Record<string, unknown>> {
  return worker.evaluate(async () => {
    const cacheNames = typeof caches !== 'undefined' ? await caches.keys() : [];
    const cached: string[] = [];
    for (const name of cacheNames) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) cached.push(request.url);
    }
    const databases = typeof indexedDB.databases === 'function' ? await indexedDB.databases() : [];
    // Every record of every object store, binary data reduced to its size.
    const indexedDBContent: Record<string, string> = {};
    for (const { name } of databases) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const storeName of [...db.objectStoreNames]) {
        const records = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(storeName, 'readonly').objectStore(storeName).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        indexedDBContent[`${name}/${storeName}`] = JSON.stringify(records, (_key, value: unknown) =>
          value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? `<${(value as ArrayBuffer).byteLength} bytes>` : value,
        );
      }
      db.close();
    }
    return {
      local: await chrome.storage.local.get(null),
      session: await chrome.storage.session.get(null),
      sync: await chrome.storage.sync.get(null),
      caches: cached,
      indexedDB: indexedDBContent,
    };
  });
}

/** Lower-cased runs of eight words of the page's visible text: any one of them in storage is page text. */
async function textShingles(page: Page, words = 8): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const tokens = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const shingles = new Set<string>();
  for (let i = 0; i + words <= tokens.length; i++) shingles.add(tokens.slice(i, i + words).join(' '));
  return [...shingles];
}

/** Text of the shipped corpus (corpus-index/corpus/*.md). */
function shippedCorpusText(): string {
  const dir = path.join(PROJECT_ROOT, 'corpus-index', 'corpus');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => readFileSync(path.join(dir, name), 'utf8'))
    .join('\n');
}

/** The storage JSON reduced to its words, as the shingles are. */
function words(json: string): string {
  return ` ${json.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).join(' ')} `;
}

test('browsing, hovering and dismissing: no request leaves the machine, no page text is stored', async ({
  page,
  context,
  baseURL,
  extensionId,
}) => {
  test.setTimeout(90_000);
  const requests: SeenRequest[] = [];
  context.on('request', (request) =>
    requests.push({
      url: request.url(),
      method: request.method(),
      type: request.resourceType(),
      fromServiceWorker: request.serviceWorker() !== null,
    }),
  );
  const worker = await serviceWorker(context);
  const workerNetwork = await wrapWorkerNetwork(worker);

  // Browse: the news page (hover a passage, then dismiss it), the demo page,
  // and hostile pages with frames and markup.
  const shingles = new Set<string>();
  await page.goto(`${baseURL}/news.html`);
  await page.waitForSelector('body[data-late-inserted="true"]');
  await expect
    .poll(async () => (await highlightedPassages(page)).map(trimPunctuation), { timeout: PAINT_TIMEOUT })
    .toContain(trimPunctuation(NEWS.late));
  for (const shingle of await textShingles(page)) shingles.add(shingle);
  await hoverHighlight(page, 'historical ties');
  await expect.poll(async () => (await readCard(page)).visible, { timeout: CARD_TIMEOUT }).toBe(true);
  await clickCardButton(page, 'dismiss');
  await expect.poll(async () => (await readCard(page)).visible, { timeout: CARD_TIMEOUT }).toBe(false);
  await expect
    .poll(async () => (await highlightedPassages(page)).map(trimPunctuation), { timeout: PAINT_TIMEOUT })
    .not.toContain(trimPunctuation(NEWS.blockquote));
  const pageStorage = await page.evaluate(() => ({
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    cookie: document.cookie,
  }));

  for (const path of ['/demo/news.html', '/hostile/xss.html', '/hostile/frames.html']) {
    await page.goto(`${baseURL}${path}`);
    await expect.poll(async () => page.evaluate(() => window.__pageOk), { timeout: PAINT_TIMEOUT }).not.toBe(false);
    // Let each page be scanned (the frames page has 50 documents to scan).
    await page.waitForTimeout(path.includes('frames') ? 4000 : 1500);
    for (const shingle of await textShingles(page)) shingles.add(shingle);
  }
  // Reload the news page: the dismissal is read back from storage.
  await page.goto(`${baseURL}/news.html`);
  await expect
    .poll(async () => (await highlightedPassages(page)).map(trimPunctuation), { timeout: PAINT_TIMEOUT })
    .toContain(trimPunctuation(NEWS.dropCap));
  expect((await highlightedPassages(page)).map(trimPunctuation)).not.toContain(trimPunctuation(NEWS.blockquote));

  // --- Network: the local test server and the extension's own files, nothing else. ---
  const ownFiles = `chrome-extension://${extensionId}/`;
  const allowed = (url: string): boolean => url.startsWith(`${baseURL}/`) || url.startsWith(ownFiles) || url === 'about:blank' || url.startsWith('about:srcdoc');
  const foreign = requests.filter((r) => !allowed(r.url));
  expect(foreign, 'requests to anywhere but the test server and the extension').toEqual([]);
  // What the extension itself requested (service worker) is its own files only.
  const fromWorker = requests.filter((r) => r.fromServiceWorker);
  expect(fromWorker.filter((r) => !r.url.startsWith(ownFiles))).toEqual([]);
  const workerLog = await workerNetwork();
  expect(workerLog.filter((entry) => !entry.includes(ownFiles) && !/^fetch \/[^/]/.test(entry))).toEqual([]);
  // Positive control: the recording works — the index was fetched from the extension's own files.
  expect([...fromWorker.map((r) => r.url), ...workerLog].some((url) => url.includes('/corpus/index.bin'))).toBe(true);
  // Pages' requests to chrome-extension:// URLs would be web-accessible resources: there are none.
  expect(requests.filter((r) => !r.fromServiceWorker && r.url.startsWith('chrome-extension://'))).toEqual([]);
  test.info().annotations.push({
    type: 'requests',
    description: JSON.stringify({
      total: requests.length,
      fromServiceWorker: fromWorker.map((r) => r.url),
      workerLog,
    }),
  });

  // --- Storage: settings and dismissals by hash, no page text. ---
  const { indexedDB: databases, ...stored } = await dumpExtensionStorage(worker);
  const json = JSON.stringify(stored);
  console.log('extension storage', json);
  const storedWords = words(json);
  const leaked = [...shingles].filter((shingle) => storedWords.includes(` ${shingle} `));
  expect(leaked, 'page text found in the extension storage').toEqual([]);
  for (const sentence of [NEWS.blockquote, NEWS.dropCap, NEWS.late]) expect(json).not.toContain(sentence.slice(0, 40));
  // IndexedDB holds corpora (the shipped one, imported ones): corpus text is expected
  // there, so only the pages' own words (not in the corpus) must be absent.
  const corpusWords = words(shippedCorpusText());
  const ownShingles = [...shingles].filter((shingle) => !corpusWords.includes(` ${shingle} `));
  expect(ownShingles.length).toBeGreaterThan(100);
  for (const [store, content] of Object.entries(databases as Record<string, string>)) {
    const storeWords = words(content);
    const found = ownShingles.filter((shingle) => storeWords.includes(` ${shingle} `));
    expect(found, `page text in IndexedDB ${store}`).toEqual([]);
  }
  test.info().annotations.push({
    type: 'storage',
    description: JSON.stringify({ ...stored, indexedDB: Object.fromEntries(Object.entries(databases as Record<string, string>).map(([k, v]) => [k, `${v.length} chars`])) }),
  });

  const local = stored.local as Record<string, unknown>;
  // Only settings-like keys (WXT keeps each item's version under "<key>$").
  for (const key of Object.keys(local)) expect(key, `storage.local key "${key}"`).toMatch(/^(settings|dismissals|shippedCorpus)\$?$/);
  const dismissals = local.dismissals as { site: string; docId: string; passageHash: string }[];
  expect(dismissals).toHaveLength(1);
  expect(dismissals[0]).toEqual({ site: '127.0.0.1', docId: expect.stringMatching(/^000_/), passageHash: expect.stringMatching(/^[0-9a-f]{16}$/) });
  // storage.session holds only the background's gesture guard: document ids per tab, no text.
  expect(Object.keys(stored.session as object).filter((key) => key !== 'gestureGuard')).toEqual([]);
  expect(stored.sync).toEqual({});
  expect(stored.caches).toEqual([]);

  // The pages' own storage is untouched: nothing written into the sites' origins.
  expect(pageStorage).toEqual({ localStorage: 0, sessionStorage: 0, cookie: '' });
  expect(await context.cookies()).toEqual([]);
});

test('popup, options (import and export), viewer and a page: every socket of the browser stays on this machine (NetLog)', async ({
  baseURL,
}) => {
  test.setTimeout(150_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sourcelight-netlog-'));
  const netLog = path.join(dir, 'netlog.json');
  const options = extensionLaunchOptions(EXTENSION_DIR, { headless: true }) ?? {};
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    ...options,
    acceptDownloads: true,
    args: [...(options.args ?? []), `--log-net-log=${netLog}`],
  });
  const extensionId = unpackedExtensionId();
  try {
    // A page: matched, hovered, its source opened in the viewer (a real click).
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${baseURL}/news.html`);
    await expect
      .poll(async () => (await highlightedPassages(page)).map(trimPunctuation), { timeout: PAINT_TIMEOUT })
      .toContain(trimPunctuation(NEWS.late));
    const pageText = await page.evaluate(() => document.body.innerText);
    await hoverHighlight(page, 'historical ties');
    await expect.poll(async () => (await readCard(page)).visible, { timeout: CARD_TIMEOUT }).toBe(true);
    const [viewer] = await Promise.all([context.waitForEvent('page'), clickCardButton(page, 'open-source')]);
    await expect(viewer.locator('h1')).toHaveText(/MKO/);

    // The popup, on that tab.
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.locator('body')).not.toBeEmpty();

    // Options: import a small corpus, export it.
    const settings = await context.newPage();
    await settings.goto(`chrome-extension://${extensionId}/options.html`);
    await settings.getByLabel('Name of the new corpus').fill('Netlog corpus');
    await settings.getByLabel('Files to import (.jsonl, .txt, .md or .zip)').setInputFiles({
      name: 'netlog.jsonl',
      mimeType: 'application/jsonl',
      buffer: Buffer.from(
        `${JSON.stringify({ id: 'n1', title: 'Harbour works', url: 'https://example.com/a', text: 'The harbour authority approved the dredging of the inner basin after months of talks with the fishing cooperatives of the bay.' })}\n`,
      ),
    });
    await expect(settings.locator('.corpora-status')).toContainText('Netlog corpus', { timeout: 30_000 });
    const [download] = await Promise.all([
      settings.waitForEvent('download'),
      settings.getByRole('button', { name: 'Export Netlog corpus as JSONL' }).click(),
    ]);
    expect(readFileSync((await download.path())!, 'utf8')).toContain('dredging of the inner basin');

    // The page again, matched against both corpora, then storage: no page text.
    await page.reload();
    await expect.poll(async () => (await highlightedPassages(page)).length, { timeout: PAINT_TIMEOUT }).toBeGreaterThan(0);
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    // IndexedDB holds corpora (corpus text is expected there); the rest must hold no page text.
    const { local, session, sync, caches } = await dumpExtensionStorage(worker);
    expect(pageTextInStorage({ local, session, sync, caches }, textShinglesOf(pageText))).toEqual([]);
  } finally {
    await context.close();
  }
  const traffic = readNetLog(netLog);
  rmSync(dir, { recursive: true, force: true });
  test.info().annotations.push({ type: 'netlog', description: JSON.stringify({ requests: traffic.requests.length, endpoints: traffic.endpoints.length }) });
  // Positive controls: the log saw the page's request and the test server's socket. (The
  // extension's own files are served inside the browser, without a logged request.)
  expect(traffic.requests.some((r) => r.url === `${baseURL}/news.html`)).toBe(true);
  expect(traffic.endpoints.some((e) => e.includes(new URL(baseURL).port))).toBe(true);
  // Chromium itself still calls home despite the launch flags (update.googleapis.com,
  // accounts.google.com: requests the browser initiates). They are recorded, not failed:
  // what is asserted is that no page and nothing of the extension's goes off the machine.
  const browserOwn = foreignEndpoints(traffic);
  test.info().annotations.push({ type: 'Chromium’s own traffic', description: JSON.stringify(browserOwn) });
  const origins = new Set([`chrome-extension://${extensionId}`, new URL(baseURL).origin]);
  const initiated = traffic.requests.filter((r) => r.initiator !== null && origins.has(r.initiator));
  expect(foreignEndpoints({ requests: initiated, endpoints: initiated.map((r) => r.url) }), 'requests of pages or the extension off this machine').toEqual([]);
  expect(foreignExtensionRequests(traffic, extensionId), 'requests of the extension beyond its own files').toEqual([]);
  expect(foreignPageRequests({ requests: initiated, endpoints: [] }, extensionId, baseURL), 'requests of the pages beyond the test server').toEqual([]);
});

declare global {
  interface Window {
    __pageOk?: boolean;
  }
}
