import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import { manifestIcons, writeIcons } from './scripts/icons';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    resolve: {
      alias: [
        // WXT's content-script context announces the extension id to every page and
        // stops when the page repeats the message; page/quiet-context.ts explains.
        {
          find: /^wxt\/utils\/content-script-context$/,
          replacement: fileURLToPath(new URL('./page/quiet-context.ts', import.meta.url)),
        },
      ],
    },
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Sourcelight',
    // Manifest strings come from public/_locales like the pages' (extension/i18n.ts).
    description: '__MSG_extensionDescription__',
    icons: manifestIcons(),
    // storage: settings and "Not a match here" choices. No host permission is
    // requested: the content script is declared for all pages in the manifest.
    permissions: ['storage'],
    default_locale: 'en',
    // The toolbar button: `browser_action` in Manifest V2 (Firefox). Named here, not left to WXT's
    // conversion of `action`, which drops the icon once the popup has created `browser_action`.
    [manifestVersion === 2 ? 'browser_action' : 'action']: { default_title: 'Sourcelight', default_icon: manifestIcons() },
    commands: {
      'next-passage': { suggested_key: { default: 'Alt+Shift+N' }, description: '__MSG_commandNextPassage__' },
      'previous-passage': { suggested_key: { default: 'Alt+Shift+P' }, description: '__MSG_commandPreviousPassage__' },
    },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: 'sourcelight@sourcelight.invalid',
          // Firefox asks extensions to declare what they collect: nothing leaves the device.
          // https://extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/
          data_collection_permissions: { required: ['none'] },
          strict_min_version: '142.0',
        },
      },
    }),
  }),
  hooks: {
    // The content script runs on every page, so it goes without webextension-polyfill (an
    // eighth of its bundle): there `wxt/browser` is WXT's own `@wxt-dev/browser` (Firefox's
    // `browser`, Chrome's `chrome`). It uses only APIs whose two forms agree: i18n and
    // runtime.id; storage and messaging go through libraries that call `chrome.*` themselves.
    // Extension pages and the background keep the polyfill (tabs, downloads, windows).
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'content-script')) return;
      const alias = config.resolve?.alias;
      const entries = Array.isArray(alias) ? alias : Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement }));
      config.resolve = { ...config.resolve, alias: [{ find: /^wxt\/browser$/, replacement: '@wxt-dev/browser' }, ...entries] };
    },
    // The icons are drawn once, in assets/icon.svg; every build renders them into .wxt/ and ships them.
    'build:publicAssets': async (wxt, files) => {
      files.push(...(await writeIcons(path.join(wxt.config.root, 'assets', 'icon.svg'), path.join(wxt.config.wxtDir, 'icons'))));
    },
  },
});
