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
  /** Opens a new tab on a web page and waits for it to load. */
  openPage(pathname: string): Promise<Page>;
  /** Opens a new tab on an extension page (`popup.html?tab=1`) and waits until `ready` is true in it. */
  openExtensionPage(pathname: string, ready: string): Promise<Page>;
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

/** Launches Firefox with the extension and a static server for the test pages. */
export async function launchFirefox(): Promise<FirefoxSession> {
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
    async openPage(pathname) {
      const page = await browser.newPage();
      watchPage(page);
      await page.setViewport({ width: 1280, height: 800 });
      await page.goto(`${server.origin}${pathname}`);
      return page;
    },
    async openExtensionPage(pathname, ready) {
      const page = await browser.newPage();
      watchPage(page);
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
