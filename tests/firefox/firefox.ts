/**
 * Debian's Firefox ESR, headless, driven by puppeteer-core over WebDriver BiDi,
 * with the built `.output/firefox-mv2` installed as a temporary add-on
 * (`browser.installExtension`). Never downloads a browser.
 *
 * Facts this relies on (issue 11): extension pages can only be driven with
 * `--remote-allow-system-access`; the pref `extensions.webextensions.uuids`
 * pins the moz-extension host, so the tests know the pages' URLs; `goto` to a
 * moz-extension URL never resolves, so those are opened without waiting and the
 * tests wait for the page's own state; with `devtools.console.stdout.content`
 * the console of the background page and content scripts reaches stdout, which
 * is how the extension's errors are caught.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type ConsoleMessage, type Page } from 'puppeteer-core';
import { PROJECT_ROOT } from '../../scripts/browser';
import { startStaticServer } from '../../scripts/static-server';

export const FIREFOX_PATH = process.env.SOURCELIGHT_FIREFOX ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = path.join(PROJECT_ROOT, '.output', 'firefox-mv2');
const GECKO_ID = 'sourcelight@sourcelight.invalid';
/** The moz-extension host the tests pin (any UUID works; a fixed one makes URLs known). */
export const EXTENSION_UUID = '5c1e7a1a-5e11-4b1e-8a11-000000000011';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/**
 * Console errors Firefox itself prints on a machine without network (not the
 * extension's): Remote Settings cannot sync its experiments.
 */
const FIREFOX_NOISE = [/^console\.error: RSLoader/, /^console\.error: .*(Remote Settings|nimbus)/i];

export interface FirefoxSession {
  browser: Browser;
  /** Origin of the static server for tests/e2e/pages, e.g. "http://127.0.0.1:41234". */
  origin: string;
  /** Returns and forgets the errors the extension logged since the last call. */
  takeExtensionErrors(): string[];
  /** Opens a new tab on a web page and waits for it to load; `prepare` runs before it navigates. */
  openPage(pathname: string, prepare?: (page: Page) => void): Promise<Page>;
  /**
   * Opens a new tab on an extension page (`popup.html?tab=1`) and waits until `ready` is true in
   * it; `prepare` runs before it navigates.
   */
  openExtensionPage(pathname: string, ready: string, prepare?: (page: Page) => void): Promise<Page>;
  close(): Promise<void>;
}

/** Waits until `check` returns a truthy value; returns it. */
export async function until<T>(check: () => Promise<T>, timeoutMs = 15_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${String(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Centre of the first highlighted range containing `phrase`, scrolled into view. */
export async function pointOf(page: Page, phrase: string): Promise<{ x: number; y: number }> {
  return until(
    () =>
      page.evaluate((wanted) => {
        const highlight = [...CSS.highlights].find(([key]) => /^h[0-9a-z]{16}$/.test(key))?.[1];
        for (const abstract of (highlight ?? []) as Iterable<AbstractRange>) {
          const range = document.createRange();
          range.setStart(abstract.startContainer, abstract.startOffset);
          range.setEnd(abstract.endContainer, abstract.endOffset);
          if (!range.toString().replace(/\s+/g, ' ').includes(wanted)) continue;
          range.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'instant' });
          const rect = range.getClientRects()[0];
          return rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : null;
        }
        return null;
      }, phrase),
    10_000,
    `a highlight containing "${phrase}"`,
  );
}

/**
 * Finds `text` where the page does not have it itself (in the card's shadow
 * tree) and returns the centre of the match, or null.
 */
export async function findInCard(page: Page, text: string): Promise<{ x: number; y: number } | null> {
  return page.evaluate((wanted) => {
    const selection = getSelection();
    selection?.removeAllRanges();
    const find = (window as unknown as { find(text: string, caseSensitive: boolean, backwards: boolean, wrap: boolean): boolean }).find;
    try {
      for (let i = 0; i < 20 && find.call(window, wanted, true, false, false); i++) {
        const node = selection?.anchorNode;
        if (!node || node.getRootNode() === document) continue;
        const rect = selection.getRangeAt(0).getBoundingClientRect();
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      }
      return null;
    } finally {
      selection?.removeAllRanges();
    }
  }, text);
}

/**
 * Launches Firefox with the extension and a static server for the test pages;
 * `prefs` are added to the profile (e.g. a download folder).
 */
export async function launchFirefox(options: { prefs?: Record<string, unknown> } = {}): Promise<FirefoxSession> {
  if (!existsSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No Firefox build at ${FIREFOX_EXTENSION_DIR}: run \`npm run build:firefox\` first.`);
  }
  if (!existsSync(FIREFOX_PATH)) throw new Error(`No Firefox at ${FIREFOX_PATH}: run \`bash scripts/ensure-browsers.sh\`.`);
  const server = await startStaticServer({ '/': path.join(PROJECT_ROOT, 'tests', 'e2e', 'pages') });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    protocol: 'webDriverBiDi',
    args: ['--remote-allow-system-access', '--width=1280', '--height=800'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'devtools.console.stdout.content': true,
      // Quiet on a closed network: no experiments, studies or data reporting.
      'messaging-system.rsexperimentloader.enabled': false,
      'app.normandy.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      ...options.prefs,
    },
  });

  // Console lines of the page's own world, seen over BiDi, are the page's, not the extension's.
  const pageConsole = new Set<string>();
  const stdoutErrors: string[] = [];
  const onOutput = (chunk: Buffer | string): void => {
    for (const line of String(chunk).split('\n')) {
      if (line.startsWith('console.error:') && !FIREFOX_NOISE.some((noise) => noise.test(line))) stdoutErrors.push(line);
      else if (/^JavaScript error: moz-extension:/.test(line)) stdoutErrors.push(line);
    }
  };
  browser.process()?.stdout?.on('data', onOutput);
  browser.process()?.stderr?.on('data', onOutput);
  const extensionPageErrors: string[] = [];
  const watchPage = (page: Page): void => {
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() !== 'error') return;
      if (page.url().startsWith('moz-extension:')) extensionPageErrors.push(`${page.url()}: ${message.text()}`);
      else pageConsole.add(message.text());
    });
    page.on('pageerror', (error) => {
      if (page.url().startsWith('moz-extension:')) extensionPageErrors.push(`${page.url()}: ${String(error)}`);
    });
  };

  try {
    await browser.installExtension(FIREFOX_EXTENSION_DIR);
  } catch (error) {
    await browser.close();
    await server.close();
    throw error;
  }

  return {
    browser,
    origin: server.origin,
    takeExtensionErrors() {
      const fromStdout = stdoutErrors.filter((line) => {
        const text = line.replace(/^console\.error:\s*/, '').replace(/^"|"$/g, '');
        return !pageConsole.has(text);
      });
      // Extension pages' console errors reach stdout too; report each once.
      const errors = [...extensionPageErrors, ...fromStdout.filter((line) => !extensionPageErrors.some((e) => e.endsWith(line.replace(/^console\.error:\s*"?|"$/g, ''))))];
      stdoutErrors.length = 0;
      extensionPageErrors.length = 0;
      return errors;
    },
    async openPage(pathname, prepare) {
      const page = await browser.newPage();
      watchPage(page);
      prepare?.(page);
      await page.setViewport({ width: 1280, height: 800 });
      await page.goto(`${server.origin}${pathname}`);
      return page;
    },
    async openExtensionPage(pathname, ready, prepare) {
      const page = await browser.newPage();
      watchPage(page);
      prepare?.(page);
      void page.goto(`${EXTENSION_ORIGIN}${pathname}`).catch(() => undefined);
      await until(() => page.evaluate(ready), 15_000, `${pathname}: ${ready}`);
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
    },
  };
}

/**
 * The tab showing the source viewer, once one does. Puppeteer does not see
 * moz-extension URLs of tabs it did not open (they read "about:blank"), so each
 * tab is asked where it is.
 */
export async function findViewerTab(firefox: FirefoxSession, timeoutMs = 15_000): Promise<Page> {
  return until(
    async () => {
      for (const candidate of await firefox.browser.pages()) {
        const href = await candidate.evaluate(() => location.href).catch(() => '');
        if (href.startsWith(`${EXTENSION_ORIGIN}/source.html`)) return candidate;
      }
      return null;
    },
    timeoutMs,
    'the source viewer tab',
  );
}
