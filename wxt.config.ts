import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    resolve: {
      alias: [
        // WXT's content-script context announces the extension id to every page and
        // stops when the page repeats the message; lib/page/quiet-context.ts explains.
        {
          find: /^wxt\/utils\/content-script-context$/,
          replacement: fileURLToPath(new URL('./lib/page/quiet-context.ts', import.meta.url)),
        },
      ],
    },
  }),
  manifest: ({ browser }) => ({
    name: 'Sourcelight',
    description: 'Highlights passages reused from a corpus of news articles, with their source. Runs entirely on your device.',
    // storage: settings and "Not a match here" choices. No host permission is
    // requested: the content script is declared for all pages in the manifest.
    permissions: ['storage'],
    default_locale: 'en',
    action: { default_title: 'Sourcelight' },
    commands: {
      'next-passage': { suggested_key: { default: 'Alt+Shift+N' }, description: 'Go to the next reused passage' },
      'previous-passage': { suggested_key: { default: 'Alt+Shift+P' }, description: 'Go to the previous reused passage' },
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
});
