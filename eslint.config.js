import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The layers (docs/architecture.md): a folder may import only from the layers
 * under it. `lib/` is the pure core (no DOM, no extension APIs), shared by the
 * extension and the Node tools; `extension/` is the plumbing (messaging,
 * storage, i18n, corpus store, match service); `page/` the content script's DOM
 * work; `ui/` the extension pages, with their shared kit in `ui/kit/`;
 * `corpus-index/` the index builder (Node). `entrypoints/` wire them all.
 */
const FORBIDDEN_IMPORTS = {
  lib: ['extension', 'page', 'ui', 'corpus-index', 'entrypoints', 'bench', 'scripts', 'tests'],
  extension: ['page', 'ui', 'corpus-index', 'entrypoints', 'bench', 'scripts', 'tests'],
  page: ['ui', 'corpus-index', 'entrypoints', 'bench', 'scripts', 'tests'],
  ui: ['page', 'corpus-index', 'entrypoints', 'bench', 'scripts', 'tests'],
  'ui/kit': ['ui/popup', 'ui/options', 'ui/source-view'],
  'corpus-index': ['extension', 'page', 'ui', 'entrypoints'],
};

/** Folders of tools and fixtures: tests may import them (a shared fixture, the Node corpus loader), code may not. */
const TOOLING = new Set(['corpus-index', 'bench', 'scripts', 'tests']);

/** `import-x/no-restricted-paths` with the layer zones; `forTests` lets tests use the tooling folders. */
function layerRule(forTests) {
  const zones = Object.entries(FORBIDDEN_IMPORTS).map(([target, from]) => ({
    target: `./${target}`,
    from: from.filter((folder) => !(forTests && TOOLING.has(folder))).map((folder) => `./${folder}`),
    message: 'See docs/architecture.md for what may import what.',
  }));
  return ['error', { zones: zones.filter((zone) => zone.from.length > 0) }];
}

/** Globals the pure core may not touch: the page and the extension APIs. */
const NOT_IN_CORE = ['document', 'window', 'browser', 'chrome', 'indexedDB', 'localStorage', 'navigator', 'location'];
const CORE_MESSAGE = 'lib/ is the pure core: no DOM, no extension APIs (docs/architecture.md).';

export default tseslint.config(
  { ignores: ['.output/', '.wxt/', 'node_modules/', 'public/', 'test-results/', 'playwright-report/', 'artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.css'] })] },
    rules: { 'import-x/no-restricted-paths': layerRule(false) },
  },
  { files: ['**/*.test.ts'], rules: { 'import-x/no-restricted-paths': layerRule(true) } },
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...NOT_IN_CORE.map((name) => ({ name, message: CORE_MESSAGE }))],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['wxt', 'wxt/*', '@webext-core/*', 'webextension-polyfill', 'idb', '@wxt-dev/*'], message: CORE_MESSAGE }] },
      ],
    },
  },
);
