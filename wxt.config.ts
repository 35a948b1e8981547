import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Sourcelight',
    // Manifest strings come from public/_locales like the pages' (lib/i18n.ts).
    description: '__MSG_extensionDescription__',
    // storage: settings and "Not a match here" choices. No host permission is
    // requested: the content script is declared for all pages in the manifest.
    permissions: ['storage'],
    default_locale: 'en',
    action: { default_title: 'Sourcelight' },
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
});
