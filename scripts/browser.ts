/**
 * Launches the system Chromium with the built extension loaded, for the e2e
 * tests and the demo. Never downloads a browser.
 */
import { chromium, type BrowserContext } from '@playwright/test';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXTENSION_DIR = path.join(PROJECT_ROOT, '.output', 'chrome-mv3');
export const CHROMIUM_PATH = process.env.SOURCELIGHT_CHROMIUM ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** Closes the browser and removes its temporary profile. */
  close(): Promise<void>;
}

/** Throws a helpful error when the extension or the browser is missing. */
export function assertPrerequisites(): void {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run \`npm run build\` first.`);
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: run \`bash scripts/ensure-browsers.sh chromium\`.`);
  }
}

/**
 * The id Chromium gives an unpacked extension: SHA-256 of the manifest's `key`
 * when it has one, else of the extension folder's absolute path; first 32 hex
 * digits, written with the letters a–p.
 */
export function unpackedExtensionId(dir: string = EXTENSION_DIR): string {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { key?: string };
  const input = manifest.key ? Buffer.from(manifest.key, 'base64') : Buffer.from(realpathSync(dir));
  const hex = createHash('sha256').update(input).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/** How long to wait for the extension's service worker at launch. */
const SERVICE_WORKER_TIMEOUT = 30_000;

/**
 * Options for `chromium.launchPersistentContext` that load the unpacked extension
 * in `extensionDir` into the system Chromium. The flags keep a closed-network
 * machine quiet: no background networking, component updates or sync.
 */
export function extensionLaunchOptions(
  extensionDir: string,
  options: { headless: boolean; viewport?: { width: number; height: number } },
): Parameters<typeof chromium.launchPersistentContext>[1] {
  return {
    executablePath: CHROMIUM_PATH,
    headless: options.headless,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    // Playwright passes --disable-extensions by default.
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  };
}

export async function launchWithExtension(options: {
  headless: boolean;
  viewport?: { width: number; height: number };
}): Promise<ExtensionBrowser> {
  assertPrerequisites();
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'sourcelight-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, extensionLaunchOptions(EXTENSION_DIR, options));
  try {
    let extensionId: string;
    let [worker] = context.serviceWorkers();
    try {
      worker ??= await context.waitForEvent('serviceworker', { timeout: SERVICE_WORKER_TIMEOUT });
      extensionId = new URL(worker.url()).host;
    } catch {
      // A busy machine can start the worker late; its id does not depend on it running.
      extensionId = unpackedExtensionId();
      console.warn(`launchWithExtension: no service worker after ${SERVICE_WORKER_TIMEOUT / 1000}s; using id ${extensionId}`);
    }
    return {
      context,
      extensionId,
      close: async () => {
        await context.close().catch(() => undefined);
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context.close().catch(() => undefined);
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
