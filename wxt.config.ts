import { defineConfig } from 'wxt';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: {
    name: 'Sourcelight',
    description: 'Highlights passages reused from a corpus of news articles, with their source. Runs entirely on your device.',
    permissions: ['storage'],
  },
});
