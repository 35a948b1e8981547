/**
 * Privacy in Firefox (issue 12, point 7; tests/e2e/privacy.spec.ts is the
 * Chromium half): while the user browses a page with reused passages, hovers a
 * highlight, opens the source viewer, the popup and the options page (and
 * exports the shipped corpus from it), nothing the browser reports leaves this
 * machine, and `storage.local` holds no page text.
 *
 * What is recorded, and what Firefox does not let us see:
 *
 * - Every `network.beforeRequestSent` event of the WebDriver BiDi session
 *   (Puppeteer subscribes to the `network` module for all contexts), read on the
 *   connection itself so requests of contexts Puppeteer has no `Page` for are
 *   kept too, plus `page.on('request')` of every page the test opens.
 * - The extension's background page is no BiDi browsing context (it is not in
 *   `browsingContext.getTree`), and Firefox reports no network event for it:
 *   a `fetch` the test makes from the background's own window to the local
 *   server is absent from the BiDi events (asserted below, so a Firefox that
 *   starts reporting it shows up here). Its traffic is therefore observed from
 *   inside: an extension page takes the background's window
 *   (`extension.getBackgroundPage()`) and wraps its `fetch`, `XMLHttpRequest`,
 *   `WebSocket`, `EventSource` and `sendBeacon` before browsing, as the Chromium
 *   test wraps its service worker. Requests the background's code cannot make
 *   through these (Firefox's own connections, anything below the DOM) are not
 *   seen by either.
 * - `moz-extension:` loads (the extension pages themselves, their scripts, the
 *   background's `corpus/index.bin`) and the export's `blob:` download are not
 *   reported over BiDi (Firefox 153 ESR) by any context; they cannot leave the
 *   machine, and the allowed list admits them should a later Firefox report
 *   them. An extension page's http request is reported: the test makes one from
 *   the options page to show that pages' traffic is seen.
 * - No equivalent of Chromium's NetLog is used: connections Firefox makes by
 *   itself, below these APIs, are not observed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEWS, NEWS_IN_ORDER, TITLES, trimPunctuation } from '../e2e/expected';
import { snapshotInPage, type HighlightSnapshot } from '../e2e/highlights';
import { pageTextInStorage, shingles } from '../e2e/traffic';
import { EXTENSION_ORIGIN, findInCard, findViewerTab, launchFirefox, pointOf, until, type FirefoxSession } from './firefox';

type ExtensionApi = typeof import('wxt/browser').browser;

interface SeenRequest {
  url: string;
  /** BiDi browsing context id, or the page that reported it. */
  by: string;
}

/** The part of Puppeteer's BiDi connection used here: every protocol event, by method name. */
interface BidiEvents {
  on(event: 'network.beforeRequestSent', listener: (params: { context: string | null; request: { url: string } }) => void): void;
}

const downloads = mkdtempSync(path.join(os.tmpdir(), 'sourcelight-ff-downloads-'));
let firefox: FirefoxSession;
/** Every request Firefox reported over BiDi, from the first page on. */
const bidiRequests: SeenRequest[] = [];
/** Requests reported by `page.on('request')` of the pages this test opened. */
const pageRequests: SeenRequest[] = [];

beforeAll(async () => {
  firefox = await launchFirefox({
    prefs: {
      // The options page's export is an `<a download>`: saved here without asking.
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
    },
  });
  const connection = (firefox.browser as unknown as { connection: BidiEvents }).connection;
  connection.on('network.beforeRequestSent', (params) => bidiRequests.push({ url: params.request.url, by: params.context ?? 'no context' }));
});
afterAll(async () => {
  await firefox?.close();
  rmSync(downloads, { recursive: true, force: true });
});

/** A `prepare` for openPage / openExtensionPage: records the page's requests from its first. */
function recording(name: string): (page: Page) => void {
  return (page) => page.on('request', (request) => pageRequests.push({ url: request.url(), by: name }));
}

function snapshot(page: Page): Promise<HighlightSnapshot> {
  return page.evaluate(snapshotInPage, { name: 'sourcelight', rootSelector: 'body' });
}

async function painted(page: Page): Promise<string[]> {
  return (await snapshot(page)).passages.map(trimPunctuation);
}

/** Moves the real mouse onto the highlight containing `phrase` and waits for the card to name `title`. */
async function hover(page: Page, phrase: string, title: string): Promise<void> {
  await page.bringToFront();
  const point = await pointOf(page, phrase);
  await page.mouse.move(1, 1);
  await page.mouse.move(point.x, point.y);
  await page.mouse.move(point.x + 1, point.y);
  await until(() => findInCard(page, title), 10_000, `the card naming "${title}"`);
}

/** Clicks the card's button labelled `label` (found with find-in-page, as firefox.test.ts does). */
async function clickInCard(page: Page, label: string): Promise<void> {
  const button = await until(() => findInCard(page, label), 5_000, `the card's "${label}" button`);
  await page.mouse.click(button.x, button.y);
}

/** The tab id of `page`: the tab just before an extension page opened right after it. */
async function tabIdOf(page: Page): Promise<number> {
  await page.bringToFront();
  const helper = await firefox.openExtensionPage('/popup.html', "document.querySelector('.popup-header') !== null");
  const id = await helper.evaluate(async () => {
    const api = (globalThis as unknown as { browser: ExtensionApi }).browser;
    const current = await api.tabs.getCurrent();
    const tabs = await api.tabs.query({ windowId: current!.windowId });
    return tabs.find((tab) => tab.index === current!.index - 1)?.id ?? -1;
  });
  await helper.close();
  return id;
}

/**
 * Wraps the network primitives of the background page's window, from the
 * extension page `page` (which must stay open while they are used: the
 * wrappers live in its realm). Returns a reader of the log and an undo.
 */
async function wrapBackgroundNetwork(page: Page): Promise<{ log: () => Promise<string[]>; restore: () => Promise<void> }> {
  const wrapped = await page.evaluate(() => {
    const api = (globalThis as unknown as { browser: ExtensionApi }).browser;
    const background = api.extension.getBackgroundPage() as unknown as (Record<string, unknown> & typeof globalThis) | null;
    if (!background) return false;
    const log: string[] = [];
    const natives: [object, string, unknown][] = [];
    const replace = (owner: object, name: string, value: unknown): void => {
      natives.push([owner, name, (owner as Record<string, unknown>)[name]]);
      (owner as Record<string, unknown>)[name] = value;
    };
    const urlOf = (input: unknown): string =>
      typeof input === 'string' ? input : input instanceof background.URL ? input.href : input instanceof background.Request ? input.url : String(input);
    const nativeFetch = background.fetch;
    replace(background, 'fetch', function (input: RequestInfo | URL, init?: RequestInit) {
      log.push(`fetch ${urlOf(input)}`);
      return nativeFetch.call(background, input, init);
    });
    for (const name of ['XMLHttpRequest', 'WebSocket', 'EventSource']) {
      const Native = background[name] as (new (...args: unknown[]) => object) | undefined;
      if (typeof Native !== 'function') continue;
      replace(
        background,
        name,
        new Proxy(Native, {
          construct(target, args: unknown[]) {
            log.push(`${name} ${urlOf(args[0])}`);
            return Reflect.construct(target, args) as object;
          },
        }),
      );
    }
    // XMLHttpRequest.open gives the URL (the constructor does not).
    const nativeOpen = background.XMLHttpRequest.prototype.open;
    replace(background.XMLHttpRequest.prototype, 'open', function (this: XMLHttpRequest, ...args: unknown[]) {
      log.push(`XMLHttpRequest.open ${urlOf(args[1])}`);
      return (nativeOpen as (...a: unknown[]) => void).apply(this, args);
    });
    const nativeBeacon = background.navigator.sendBeacon.bind(background.navigator);
    replace(background.navigator, 'sendBeacon', (url: string, data?: BodyInit) => {
      log.push(`sendBeacon ${url}`);
      return nativeBeacon(url, data);
    });
    const scope = globalThis as unknown as { __backgroundLog: string[]; __restoreBackground: () => void };
    scope.__backgroundLog = log;
    scope.__restoreBackground = () => {
      for (const [owner, name, value] of natives.reverse()) (owner as Record<string, unknown>)[name] = value;
    };
    return true;
  });
  expect(wrapped, 'the background page is reachable from an extension page').toBe(true);
  return {
    log: () => page.evaluate(() => (globalThis as unknown as { __backgroundLog: string[] }).__backgroundLog.slice()),
    restore: () => page.evaluate(() => (globalThis as unknown as { __restoreBackground: () => void }).__restoreBackground()),
  };
}

/**
 * Makes the background page itself fetch `url` (through its wrapped `fetch`). The extension has
 * no host permission, so the request is `no-cors`: it is sent and answered, the response is opaque.
 */
function fetchFromBackground(page: Page, url: string): Promise<string> {
  return page.evaluate(async (target) => {
    const api = (globalThis as unknown as { browser: ExtensionApi }).browser;
    const background = api.extension.getBackgroundPage() as unknown as typeof globalThis;
    return (await background.fetch(target, { mode: 'no-cors' })).type;
  }, url);
}

describe('Firefox: privacy', () => {
  it('page, hover, source viewer, popup, options and export: no request leaves the machine, no page text is stored', async () => {
    // Before browsing: the background's network primitives, wrapped from an extension page kept open.
    const keeper = await firefox.openExtensionPage('/popup.html', "document.querySelector('.popup-header') !== null", recording('keeper'));
    const background = await wrapBackgroundNetwork(keeper);

    // The news page: matched, a highlight hovered with the real mouse, its source opened from the card.
    const page = await firefox.openPage('/news.html', recording('news'));
    await page.waitForSelector('body[data-late-inserted="true"]');
    const all = NEWS_IN_ORDER.map(trimPunctuation);
    await until(async () => JSON.stringify(await painted(page)) === JSON.stringify(all), 15_000, 'every reused passage painted');
    const pageText = await page.evaluate(() => document.body.innerText);
    await hover(page, 'Their presence at Ashraf', TITLES['000']);
    await clickInCard(page, 'Open source');
    const viewer = await findViewerTab(firefox);
    // Opened by the extension: recorded from here on (BiDi's own events have it from its first request).
    recording('viewer')(viewer);
    const marked = await until(() => viewer.evaluate(() => document.querySelector('mark.active')?.textContent ?? ''), 15_000, 'the marked passage');
    expect(trimPunctuation(marked)).toBe(trimPunctuation(NEWS.blockquote));
    await viewer.close(); // so that the news page is the last tab again (tabIdOf)

    // The popup for that tab.
    const tabId = await tabIdOf(page);
    expect(tabId).toBeGreaterThanOrEqual(0);
    const popup = await firefox.openExtensionPage(`/popup.html?tab=${tabId}`, "document.querySelector('.summary, .status-title') !== null", recording('popup'));
    await until(() => popup.evaluate(() => document.querySelectorAll('.passage-text').length > 0), 10_000, 'the popup listing passages');

    // The options page: export the shipped corpus (an `<a download>` of a Blob, no file dialog).
    const options = await firefox.openExtensionPage('/options.html', "document.querySelector('li.corpus button[data-action=\"export\"]') !== null", recording('options'));
    await options.click('li.corpus button[data-action="export"]');
    const exported = await until(
      () => Promise.resolve(readdirSync(downloads).find((name) => name.endsWith('.jsonl') && !name.endsWith('.part'))),
      30_000,
      'the exported corpus file',
    );
    // Firefox writes into "<name>.part" and moves it over the named file when done.
    const written = (): string | null =>
      readdirSync(downloads).some((name) => name.endsWith('.part')) ? null : readFileSync(path.join(downloads, exported), 'utf8').split('\n')[0]!;
    const firstLine = await until(() => Promise.resolve(written()), 10_000, 'the export written');
    expect(JSON.parse(firstLine)).toMatchObject({ id: expect.any(String), text: expect.any(String) });

    // "Not a match here" on the same passage: the one thing the extension stores about a page. (Done
    // after the popup and options, not right after "Open source": the background takes one action
    // of a tab per second, lib/gesture-guard.ts.)
    await hover(page, 'Their presence at Ashraf', TITLES['000']);
    await clickInCard(page, 'Not a match here');
    await until(async () => !(await painted(page)).includes(trimPunctuation(NEWS.blockquote)), 10_000, 'the dismissed passage to go');

    // Probes, made by the test, not by the extension (the allowed list admits them: they are local).
    // An extension page's own http request is reported over BiDi and by its Page:
    const pageProbe = `${firefox.origin}/privacy-probe-from-options`;
    expect(await options.evaluate(async (url) => (await fetch(url, { mode: 'no-cors' })).type, pageProbe)).toBe('opaque');
    await until(() => Promise.resolve(bidiRequests.some((r) => r.url === pageProbe)), 5_000, 'the options page probe over BiDi');
    expect(pageRequests).toContainEqual({ url: pageProbe, by: 'options' });
    // The background page's is seen by the wrapper only: BiDi does not report it (the background is
    // no browsing context). Should a Firefox report it, this fails: update the README and this file.
    const backgroundProbe = `${firefox.origin}/privacy-probe-from-background`;
    expect(await fetchFromBackground(keeper, backgroundProbe)).toBe('opaque');
    const backgroundLog = await background.log();
    await background.restore();
    expect(backgroundLog).toContain(`fetch ${backgroundProbe}`);
    expect(bidiRequests.map((r) => r.url), 'Firefox reporting the background page over BiDi').not.toContain(backgroundProbe);
    // The wrapper saw the background's real work: the shipped index, loaded from its own files on first use.
    expect(backgroundLog).toContain(`fetch ${EXTENSION_ORIGIN}/corpus/index.bin`);

    const short = (url: string): string => (url.length > 100 ? `${url.slice(0, 100)}…` : url);
    console.log('requests', JSON.stringify({ bidi: bidiRequests.map((r) => short(r.url)), pages: pageRequests.map((r) => `${r.by}: ${short(r.url)}`), background: backgroundLog }));
    // --- Network: the local test server and the extension's own files, nothing else. ---
    const origin = `${firefox.origin}/`;
    const allowed = (url: string): boolean =>
      url.startsWith(origin) ||
      url.startsWith(`${EXTENSION_ORIGIN}/`) ||
      url.startsWith(`blob:${EXTENSION_ORIGIN}/`) ||
      url.startsWith('data:') ||
      url === 'about:blank';
    expect(bidiRequests.filter((r) => !allowed(r.url)), 'requests Firefox reported over BiDi to anywhere but the test server and the extension').toEqual([]);
    expect(pageRequests.filter((r) => !allowed(r.url)), 'requests of the opened pages to anywhere but the test server and the extension').toEqual([]);
    const ownFiles = (entry: string): boolean => entry.includes(`${EXTENSION_ORIGIN}/`) || /^fetch \/[^/]/.test(entry) || entry === `fetch ${backgroundProbe}`;
    expect(backgroundLog.filter((entry) => !ownFiles(entry)), 'requests of the background page beyond its own files').toEqual([]);
    // Positive control: the recording works — the page was seen.
    expect(bidiRequests.some((r) => r.url === `${firefox.origin}/news.html`)).toBe(true);
    expect(pageRequests.some((r) => r.url === `${firefox.origin}/news.html`)).toBe(true);

    // --- Storage: settings and the dismissal by hash, no page text. ---
    const readStorage = () => options.evaluate(async () => {
      const api = (globalThis as unknown as { browser: ExtensionApi }).browser;
      return {
        local: await api.storage.local.get(null),
        session: (await api.storage.session?.get(null)) ?? {},
        sync: await api.storage.sync.get(null),
      };
    });
    const stored = await until(async () => {
      const dump = await readStorage();
      return Array.isArray(dump.local.dismissals) && dump.local.dismissals.length > 0 ? dump : null;
    }, 10_000, 'the dismissal in storage.local');
    console.log('extension storage', JSON.stringify(stored));
    const pageShingles = shingles(pageText);
    expect(pageShingles.length).toBeGreaterThan(100);
    // Positive control: the check finds page text where there is some.
    expect(pageTextInStorage({ text: pageText.replace(/\s+/g, ' ') }, pageShingles)).toEqual(pageShingles);
    expect(pageTextInStorage(stored, pageShingles), 'page text in storage.local, .session or .sync').toEqual([]);
    for (const sentence of [NEWS.blockquote, NEWS.dropCap, NEWS.late]) expect(JSON.stringify(stored)).not.toContain(sentence.slice(0, 40));
    for (const key of Object.keys(stored.local)) expect(key, `storage.local key "${key}"`).toMatch(/^(settings|dismissals|shippedCorpus)\$?$/);
    const dismissals = stored.local.dismissals as { site: string; docId: string; passageHash: string }[];
    expect(dismissals).toEqual([{ site: '127.0.0.1', docId: expect.stringMatching(/^000_/), passageHash: expect.stringMatching(/^[0-9a-f]{16}$/) }]);
    // storage.session holds only the background's gesture guard (document ids per tab).
    expect(Object.keys(stored.session).filter((key) => key !== 'gestureGuard')).toEqual([]);
    expect(stored.sync).toEqual({});

    // The page's own storage is untouched.
    expect(await page.evaluate(() => ({ localStorage: localStorage.length, sessionStorage: sessionStorage.length, cookie: document.cookie }))).toEqual({
      localStorage: 0,
      sessionStorage: 0,
      cookie: '',
    });
    expect(firefox.takeExtensionErrors(), 'errors logged by the extension').toEqual([]);
  });
});
