import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: {
    name: 'Sourcelight',
    description: 'Highlights passages reused from a corpus of news articles, with their source. Runs entirely on your device.',
    // storage: settings and "Not a match here" choices. No host permission is
    // requested: the content script is declared for all pages in the manifest.
    permissions: ['storage'],
    action: { default_title: 'Sourcelight' },
    commands: {
      'next-passage': { suggested_key: { default: 'Alt+Shift+N' }, description: 'Go to the next reused passage' },
      'previous-passage': { suggested_key: { default: 'Alt+Shift+P' }, description: 'Go to the previous reused passage' },
    },
  },
});
