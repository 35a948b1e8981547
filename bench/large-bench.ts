/**
 * Large-corpus benchmark (`npm run bench:large`; not part of the tests): what a
 * corpus of 100,000 imported articles costs the extension in headless
 * Chromium, this tree's build side by side with an earlier commit's, in one
 * run, on the same corpus and the same pages.
 *
 *   npm run bench:large [-- --articles 100000] [--words 600] [--runs 5] [--baseline 7da8c59 | --no-baseline] [--keep]
 *
 * The corpus is `scripts/large-corpus.ts`'s (seed 1, articles of at least
 * `--words` words: at the defaults, the 100,000 articles, 64.9 M words and
 * 396 MB JSONL of docs/performance.md's measurements at that size), written
 * once to a temporary file. The baseline (default: 7da8c59, the last commit
 * before packed postings, which stores each segment's posting parts as
 * separate records) is unpacked with `git archive` and built in a temporary
 * folder (bench/baseline.ts); this tree's build is a copy of
 * `.output/chrome-mv3` (run `npm run build` first).
 *
 * For each build, on a fresh profile:
 * 1. import: Chromium with the extension opens its options page, names a new
 *    corpus and gives the JSONL to the corpora section's file input; timed
 *    from the file picked to the "Imported …" status. The corpus is then made
 *    public (imported corpora are private by default, painted where the page
 *    cannot read the highlights), and the options page sums the data of every
 *    record of the extension's IndexedDB (index parts and search data) and
 *    reads the corpus's word count from its record;
 * 2. pages, after a relaunch on the same profile: a 2k-word page (4 corpus
 *    articles, the first 500 words of each) and a 10k-word page (20 articles)
 *    served from 127.0.0.1. One 2k page after launch (not counted: it compiles
 *    the content script and fills the HTTP cache), then `--runs` times the 2k
 *    page right after the service worker was stopped (CDP
 *    `ServiceWorker.stopAllWorkers`), then `--runs` times the 10k page with
 *    the worker warm; each timed from DOMContentLoaded to the first highlight
 *    (bench/browser-bench.ts), the highlights counted half a second later;
 * 3. the worker's memory after those pages: CDP `Runtime.getHeapUsage` on the
 *    worker target after a garbage collection, JavaScript heap plus backing
 *    stores (array buffers);
 * 4. where each page of step 2 spent its time in the background, from the
 *    worker's step marks (extension/step-marks.ts), read after the page;
 * 5. the corpus search on a freshly opened options page: each of
 *    `SEARCH_QUERIES` in turn (the first loads the corpus's search data), timed
 *    in the page from the query entered to the results shown; then the options
 *    page's memory, as in step 3.
 *
 * Prints a Markdown table, a column a build, then the steps table (a row a
 * build and page; builds older than the marks have none), and writes the raw figures to
 * artifacts/bench-large.json. Everything temporary (corpus, pages, profiles,
 * the copy of this tree's build, a baseline built by this run) is removed at
 * the end unless `--keep`.
 */
import type { BrowserContext, CDPSession, Page, Worker } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CorpusDocument } from '../lib/corpus';
import { assertPrerequisites, CHROMIUM_PATH, EXTENSION_DIR, PROJECT_ROOT } from '../scripts/browser';
import { largeCorpusArticles } from '../scripts/large-corpus';
import { startStaticServer } from '../scripts/static-server';
import { prepareBaseline } from './baseline';
import { launch, load, readPageSteps, renderStepsTable, snapshotExtension, stopWorker, toHtml, workerSession, type PageSteps } from './browser-bench';
import { countWords } from './corpora';
import { median } from './measure';
import type { BenchPage } from './pages';

/** The last commit before packed postings: a record for each segment's posting part. */
const DEFAULT_BASELINE = '7da8c595193c5be3e4b2741292b5d0ee960ca591';
/** Seed and article length of the 100,000-article corpus measured in docs/performance.md, so the figures compare. */
const CORPUS_SEED = 1;
const DEFAULT_WORDS_PER_ARTICLE = 600;
/** Articles generated between two writes of the JSONL: the whole file (≈ 0.4 GB at 100,000) is never in memory. */
const ARTICLES_PER_WRITE = 1000;
/** Articles of the 2k-word and the 10k-word page; each gives its first `PAGE_WORDS_PER_ARTICLE` words. */
const SMALL_PAGE_ARTICLES = 4;
const LARGE_PAGE_ARTICLES = 20;
const PAGE_WORDS_PER_ARTICLE = 500;
/** Added to the page articles' evenly spread numbers, as in the earlier measurements: the same pages again. */
const PAGE_ARTICLE_OFFSET = 17;
/** Fewer articles than this leave the pages' articles too close together (or past the end). */
const MIN_ARTICLES = 100;
const CORPUS_NAME = 'Large bench';
const IMPORT_TIMEOUT_MS = 15 * 60_000;
const IMPORT_POLL_MS = 250;
const IMPORT_PROGRESS_LOG_MS = 30_000;
/** Limit of a step in an extension page that should take seconds (a status, the sum of the stored records). */
const PAGE_STEP_TIMEOUT_MS = 120_000;
/** Longest wait for one query of step 5: the first query over 100,000 articles took 44–56 s before word indexes. */
const SEARCH_TIMEOUT_MS = 300_000;
const RESULTS_FILE = path.join(PROJECT_ROOT, 'artifacts', 'bench-large.json');

const log = (line: string): void => void process.stderr.write(`[large] ${line}\n`);

/** One page load: DOMContentLoaded to the first highlight, and the ranges painted by then plus half a second. */
interface PageRun {
  ms: number;
  copied: number;
  rewritten: number;
}

/** What the import wrote, as the options page reads it back. */
interface StoredData {
  /** Bytes of data (index parts, search data) of every record in the database, summed. */
  bytes: number;
  records: number;
  /** The same, by object store. */
  stores: Record<string, { records: number; bytes: number }>;
  /** Words of the imported corpus, as its record counts them. */
  corpusWords: number;
}

/** Figures of one build; a step that failed leaves its figures and those after it out and says why in `error`. */
interface BuildResult {
  label: string;
  extensionDir: string;
  importSeconds?: number;
  importStatus?: string;
  stored?: StoredData;
  /** Size of the profile's IndexedDB folder on disk after the import (LevelDB and blob files). */
  indexedDbDiskBytes?: number;
  firstPage?: PageRun;
  wakes: PageRun[];
  warm: PageRun[];
  /** The background's steps of each of those pages (extension/step-marks.ts); empty for a build that marks none. */
  wakeSteps: PageSteps[];
  warmSteps: PageSteps[];
  memory?: { heapBytes: number; arrayBufferBytes: number };
  /** Step 5: each query of `SEARCH_QUERIES`, in order, and the options page's memory after them. */
  searches: SearchRun[];
  searchMemory?: { heapBytes: number; arrayBufferBytes: number };
  /** Warnings and errors the extension's service worker logged, in order. */
  workerMessages: string[];
  error?: string;
}

/** One query of step 5. */
interface SearchRun {
  query: string;
  ms: number;
  results: number;
}

/**
 * Queries of step 5: words of the corpus's sentences (scripts/large-corpus.ts
 * draws them from the Brown corpus) common and rare, and words it lacks. The
 * first one also loads the corpus's search data.
 */
const SEARCH_QUERIES = ['county jury', 'government policy', 'atomic energy', 'baseball', 'quartz xylophone'];

/**
 * Runs one query in the options page's search box (Enter, no debounce) and
 * waits for its status line to leave "searching": the time from the key to
 * the results shown, and their number. A script as text, as `COUNT_HIGHLIGHTS`.
 */
function timeSearch(query: string): string {
  return `(async () => {
    const input = document.querySelector('.search-input');
    const status = document.querySelector('.search-status');
    input.value = ${JSON.stringify(query)};
    const started = performance.now();
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    const searching = status.textContent;
    await new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (status.textContent !== searching) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(status, { childList: true, characterData: true, subtree: true });
    });
    return { ms: performance.now() - started, results: document.querySelectorAll('.search-results li').length };
  })()`;
}

/** A build to measure: its extension folder stays the same for the whole run, since the extension's id (and so its IndexedDB) depends on it. */
interface Build {
  key: string;
  label: string;
  extensionDir: string;
}

/** Counts the extension's painted ranges by role (its highlight names are random; rewritten ones end in "-r", active ones in "-active"). A script as text: a function would carry tsx's helpers, unknown in the page. */
const COUNT_HIGHLIGHTS = `(() => {
  let copied = 0, rewritten = 0;
  for (const [name, highlight] of CSS.highlights) {
    if (name.endsWith('-active')) continue;
    if (name.endsWith('-r')) rewritten += highlight.size;
    else copied += highlight.size;
  }
  return { copied, rewritten };
})()`;

/** The import's state as the options page's corpora section shows it. */
const IMPORT_STATE = `(() => {
  const progress = document.querySelector('.import-progress');
  const problems = document.querySelector('.import-problems');
  return {
    status: document.querySelector('.corpora-status')?.textContent ?? '',
    busy: Boolean(progress && !progress.hidden),
    progress: progress ? progress.textContent.replace(/Cancel$/, '').trim() : '',
    problems: problems && !problems.hidden ? problems.textContent : '',
  };
})()`;

/**
 * Sums, in an extension page, the binary data (Uint8Array, ArrayBuffer) of every
 * record of the corpus database, whatever its schema: the two builds may store
 * a corpus in different records. The corpus records give the word count.
 */
const SUM_STORED = `(async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('sourcelight-corpora');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const dataBytes = (value) =>
    value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? value.byteLength
    : value && typeof value === 'object' ? Object.values(value).reduce((sum, field) => sum + dataBytes(field), 0)
    : 0;
  const stores = {};
  let corpusWords = 0;
  for (const name of db.objectStoreNames) {
    const totals = { records: 0, bytes: 0 };
    await new Promise((resolve, reject) => {
      const request = db.transaction(name).objectStore(name).openCursor();
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor) return resolve();
        totals.records++;
        totals.bytes += dataBytes(cursor.value);
        if (name === 'corpora') corpusWords += cursor.value.wordCount;
        cursor.continue();
      };
      request.onerror = () => reject(request.error);
    });
    stores[name] = totals;
  }
  db.close();
  const all = Object.values(stores);
  return { stores, corpusWords, records: all.reduce((sum, s) => sum + s.records, 0), bytes: all.reduce((sum, s) => sum + s.bytes, 0) };
})()`;

/** `promise`, or an error naming `what` once `ms` have passed. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Numbers of the articles the pages are made of: spread evenly over the corpus (early, middle and late ids). */
function pageArticleNumbers(articles: number): number[] {
  const count = SMALL_PAGE_ARTICLES + LARGE_PAGE_ARTICLES;
  return Array.from({ length: count }, (_, i) => Math.floor(((i + 0.5) / count) * articles) + PAGE_ARTICLE_OFFSET);
}

/**
 * Writes the generated corpus to `file` as JSONL, a thousand articles at a
 * time, and keeps the articles the pages are made of.
 */
function writeCorpus(file: string, articles: number, wordsPerArticle: number): { words: number; bytes: number; pageArticles: CorpusDocument[] } {
  const wanted = new Set(pageArticleNumbers(articles));
  const pageArticles: CorpusDocument[] = [];
  const descriptor = openSync(file, 'w');
  let words = 0;
  let bytes = 0;
  let lines: string[] = [];
  const flush = (): void => {
    bytes += writeSync(descriptor, `${lines.join('\n')}\n`);
    lines = [];
  };
  try {
    let number = 0;
    for (const { article, words: articleWords } of largeCorpusArticles({ articles, wordsPerArticle, seed: CORPUS_SEED })) {
      if (wanted.has(number)) pageArticles.push(article);
      words += articleWords;
      lines.push(JSON.stringify(article));
      if (lines.length === ARTICLES_PER_WRITE) flush();
      number++;
    }
    if (lines.length > 0) flush();
  } finally {
    closeSync(descriptor);
  }
  return { words, bytes, pageArticles };
}

/** A page of the first `PAGE_WORDS_PER_ARTICLE` words of each article, its paragraphs kept. */
function pageOf(articles: readonly CorpusDocument[]): BenchPage {
  const paragraphs: string[] = [];
  for (const article of articles) {
    let wordsLeft = PAGE_WORDS_PER_ARTICLE;
    for (const paragraph of article.text.split('\n\n')) {
      if (wordsLeft <= 0) break;
      const words = paragraph.split(/\s+/).filter(Boolean);
      paragraphs.push(words.slice(0, wordsLeft).join(' '));
      wordsLeft -= words.length;
    }
  }
  // Nothing planted: every word of the page is from the corpus.
  return { paragraphs, text: paragraphs.join('\n\n'), planted: [] };
}

/** Total size of the files under `folder`. */
function folderBytes(folder: string): number {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

/** Collects what the extension's service worker logs as warnings or errors, every time it starts. */
function recordWorkerMessages(context: BrowserContext, messages: string[]): void {
  const watch = (worker: Worker): void => {
    if (!worker.url().startsWith('chrome-extension://')) return;
    worker.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') messages.push(`${message.type()}: ${message.text()}`);
    });
  };
  context.serviceWorkers().forEach(watch);
  context.on('serviceworker', watch);
}

/** Opens the extension's options page, once it shows its heading. */
async function openOptions(context: BrowserContext): Promise<Page> {
  const worker = context.serviceWorkers()[0];
  if (!worker) throw new Error('no service worker to find the extension id');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${new URL(worker.url()).host}/options.html`);
  await options.getByRole('heading', { level: 1 }).waitFor({ timeout: 30_000 });
  return options;
}

/** Waits until the import started by the file input ends; returns its status line and seconds. */
async function waitForImport(options: Page): Promise<{ status: string; seconds: number }> {
  const started = Date.now();
  let loggedAt = started;
  for (;;) {
    const state = (await withTimeout(options.evaluate(IMPORT_STATE), PAGE_STEP_TIMEOUT_MS, 'the options page')) as {
      status: string;
      busy: boolean;
      progress: string;
      problems: string;
    };
    // The generated corpus has none; listed, they wait for the user.
    if (state.problems) throw new Error(`the import lists problems: ${state.problems.slice(0, 300)}`);
    if (!state.busy && state.status !== '') return { status: state.status, seconds: (Date.now() - started) / 1000 };
    const now = Date.now();
    if (now - started > IMPORT_TIMEOUT_MS) throw new Error(`the import did not end within ${IMPORT_TIMEOUT_MS / 60_000} min (${state.progress})`);
    if (now - loggedAt >= IMPORT_PROGRESS_LOG_MS) {
      loggedAt = now;
      log(`  import ${((now - started) / 1000).toFixed(0)} s: ${state.progress || '…'} (load ${os.loadavg()[0]!.toFixed(1)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, IMPORT_POLL_MS));
  }
}

/** Imports `corpusFile` on a fresh profile through the options page, makes the corpus public and reads back what was stored. */
async function importCorpus(build: Build, profileDir: string, corpusFile: string, result: BuildResult): Promise<void> {
  const context = await launch(build.extensionDir, profileDir);
  recordWorkerMessages(context, result.workerMessages);
  try {
    const options = await openOptions(context);
    await options.getByLabel('Name of the new corpus').fill(CORPUS_NAME);
    await options.getByLabel('Files to import (.jsonl, .txt, .md or .zip)').setInputFiles(corpusFile);
    const { status, seconds } = await waitForImport(options);
    result.importStatus = status;
    if (!status.startsWith('Imported')) throw new Error(`the import failed: ${status}`);
    result.importSeconds = seconds;
    log(`  imported in ${seconds.toFixed(1)} s: ${status}`);
    const privateSwitch = options.locator('li.corpus', { hasText: CORPUS_NAME }).getByRole('switch', { name: /^Private/ });
    if (await privateSwitch.isChecked({ timeout: 30_000 })) {
      await privateSwitch.uncheck({ timeout: 30_000 });
      await options.waitForFunction(`document.querySelector('.corpora-status')?.textContent === 'Saved.'`, null, { timeout: 30_000 });
    }
    result.stored = (await withTimeout(options.evaluate(SUM_STORED), PAGE_STEP_TIMEOUT_MS, 'summing the stored records')) as StoredData;
  } finally {
    await context.close();
  }
  result.indexedDbDiskBytes = folderBytes(path.join(profileDir, 'Default', 'IndexedDB'));
}

/** Waits until the extension's service worker has a version activated (CDP reports the versions there are on `enable`, then each change). */
async function waitForActivatedWorker(cdp: CDPSession): Promise<void> {
  let onUpdate: ((event: { versions: { scriptURL: string; status: string }[] }) => void) | undefined;
  const activated = new Promise<void>((resolve) => {
    onUpdate = ({ versions }) => {
      if (versions.some((version) => version.scriptURL.startsWith('chrome-extension://') && version.status === 'activated')) resolve();
    };
    cdp.on('ServiceWorker.workerVersionUpdated', onUpdate);
  });
  try {
    await cdp.send('ServiceWorker.enable');
    await withTimeout(activated, 30_000, "the service worker's activation");
  } finally {
    cdp.off('ServiceWorker.workerVersionUpdated', onUpdate!);
  }
}

/**
 * Loads `url`, waits for its highlights and counts them; then, with `steps`,
 * reads the background's step marks of the page into `steps.into` (after the
 * page is measured: an attached session keeps the worker running).
 */
async function timedLoad(page: Page, url: string, steps?: { cdp: CDPSession; into: PageSteps[] }): Promise<PageRun> {
  const state = await load(page, url, true);
  const counts = (await withTimeout(page.evaluate(COUNT_HIGHLIGHTS), PAGE_STEP_TIMEOUT_MS, 'counting highlights')) as { copied: number; rewritten: number };
  if (steps) {
    const read = await withTimeout(readPageSteps(steps.cdp, page, state), PAGE_STEP_TIMEOUT_MS, 'reading the step marks');
    if (read) steps.into.push(read);
  }
  return { ms: state.ready - state.dcl, ...counts };
}

/** Relaunches on the imported profile and measures the pages and the worker's memory (steps 2 and 3 of the header). */
async function measurePages(build: Build, profileDir: string, urls: { small: string; large: string }, runs: number, result: BuildResult): Promise<void> {
  // Chromium keeps the worker's registration and a copy of its script in the
  // profile, and may run that copy rather than the extension folder's: earlier
  // measurements at this size ran a stale script so (docs/performance.md,
  // "Correction"). Without it, the relaunch registers the worker from the
  // extension's folder, as the import's launch did.
  rmSync(path.join(profileDir, 'Default', 'Service Worker'), { recursive: true, force: true });
  const context = await launch(build.extensionDir, profileDir);
  recordWorkerMessages(context, result.workerMessages);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    // The worker registered anew (above) is installed and activated in the
    // first few hundred ms. A page loaded meanwhile never got its highlights in
    // 5 of 10 relaunches before the content script pinged first (ac078aa,
    // page/match-client.ts); builds older than that still need the wait, and
    // the first page should not measure the registration anyway.
    await waitForActivatedWorker(cdp);
    result.firstPage = await timedLoad(page, urls.small);
    for (let run = 0; run < runs; run++) {
      await stopWorker(cdp);
      result.wakes.push(await timedLoad(page, urls.small, { cdp, into: result.wakeSteps }));
      log(`  2k page after the worker stopped ${run + 1}/${runs}: ${result.wakes[run]!.ms.toFixed(0)} ms`);
    }
    for (let run = 0; run < runs; run++) {
      result.warm.push(await timedLoad(page, urls.large, { cdp, into: result.warmSteps }));
      log(`  warm 10k page ${run + 1}/${runs}: ${result.warm[run]!.ms.toFixed(0)} ms`);
    }
    const worker = await workerSession(cdp);
    if (!worker) throw new Error('no service worker after the pages');
    await worker.call('HeapProfiler.collectGarbage');
    const usage = await worker.call('Runtime.getHeapUsage');
    result.memory = { heapBytes: usage.usedSize ?? 0, arrayBufferBytes: usage.backingStorageSize ?? 0 };
    await measureSearch(context, result);
  } finally {
    await context.close();
  }
}

/** Step 5 of the header: the corpus search on a new options page, and that page's memory after it. */
async function measureSearch(context: BrowserContext, result: BuildResult): Promise<void> {
  const options = await openOptions(context);
  await options.locator('.search-input').waitFor({ timeout: 30_000 });
  for (const query of SEARCH_QUERIES) {
    const run = (await withTimeout(options.evaluate(timeSearch(query)), SEARCH_TIMEOUT_MS, `searching for "${query}"`)) as Omit<SearchRun, 'query'>;
    result.searches.push({ query, ...run });
    log(`  search "${query}": ${run.results} results in ${run.ms.toFixed(0)} ms`);
  }
  const cdp = await context.newCDPSession(options);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  result.searchMemory = { heapBytes: usage.usedSize, arrayBufferBytes: (usage as { backingStorageSize?: number }).backingStorageSize ?? 0 };
}

/** The commit this tree is at, and whether the extension's sources then differ from it. */
function treeState(): { head: string; changed: boolean } {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
  const changed = git('status', '--porcelain', '--', 'lib', 'extension', 'entrypoints', 'page', 'ui', 'corpus-index', 'wxt.config.ts') !== '';
  return { head: git('rev-parse', '--short', 'HEAD'), changed };
}

/** The Markdown table: a row a figure, a column a build. */
function renderTable(results: readonly BuildResult[]): string {
  const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
  const runsOf = (runs: readonly PageRun[]): string => runs.map((run) => run.ms.toFixed(0)).join(', ');
  const highlightsOf = (runs: readonly PageRun[]): string => runs.map((run) => `${run.copied} + ${run.rewritten}`).join(', ');
  const cell = (result: BuildResult, figure: (result: BuildResult) => string | undefined): string => figure(result) ?? '–';
  const rows: [string, (result: BuildResult) => string | undefined][] = [
    ['import, file picked → "Imported"', (r) => (r.importSeconds === undefined ? undefined : `${r.importSeconds.toFixed(1)} s`)],
    ['stored: data of the IndexedDB records = bytes per corpus word', (r) => (r.stored ? `${mb(r.stored.bytes)} MB = ${(r.stored.bytes / r.stored.corpusWords).toFixed(2)} (${r.stored.records.toLocaleString('en-US')} records)` : undefined)],
    ['IndexedDB folder on disk', (r) => (r.indexedDbDiskBytes === undefined ? undefined : `${mb(r.indexedDbDiskBytes)} MB`)],
    ['first 2k page after launch (not counted)', (r) => (r.firstPage ? `${r.firstPage.ms.toFixed(0)} ms` : undefined)],
    ['2k page after the worker stops, each run', (r) => (r.wakes.length ? `${runsOf(r.wakes)} ms` : undefined)],
    ['2k page after the worker stops, median', (r) => (r.wakes.length ? `**${median(r.wakes.map((run) => run.ms)).toFixed(0)} ms**` : undefined)],
    ['warm 10k page, each run', (r) => (r.warm.length ? `${runsOf(r.warm)} ms` : undefined)],
    ['warm 10k page, median', (r) => (r.warm.length ? `**${median(r.warm.map((run) => run.ms)).toFixed(0)} ms**` : undefined)],
    ['worker memory after the pages: heap + array buffers', (r) => (r.memory ? `${mb(r.memory.heapBytes)} + ${mb(r.memory.arrayBufferBytes)} = ${mb(r.memory.heapBytes + r.memory.arrayBufferBytes)} MB` : undefined)],
    ['corpus search on the options page, first query (loads the search data)', (r) => (r.searches[0] ? `${r.searches[0].ms.toFixed(0)} ms` : undefined)],
    ['later queries', (r) => (r.searches.length > 1 ? `${r.searches.slice(1).map((run) => run.ms.toFixed(0)).join(', ')} ms` : undefined)],
    ['results a query, in order', (r) => (r.searches.length ? r.searches.map((run) => run.results).join(', ') : undefined)],
    ['options page memory after the queries: heap + array buffers', (r) => (r.searchMemory ? `${mb(r.searchMemory.heapBytes)} + ${mb(r.searchMemory.arrayBufferBytes)} MB` : undefined)],
    ['highlights (copied + rewritten ranges): 2k page, first then each run', (r) => (r.firstPage ? highlightsOf([r.firstPage, ...r.wakes]) : undefined)],
    ['highlights: warm 10k page, each run', (r) => (r.warm.length ? highlightsOf(r.warm) : undefined)],
    // First lines only (a stack follows in the JSON): a table cell is one line.
    ['service worker warnings and errors', (r) => (r.workerMessages.length ? `${r.workerMessages.length}: ${[...new Set(r.workerMessages.map((message) => message.split('\n')[0]))].join('; ')}` : 'none')],
  ];
  if (results.some((result) => result.error)) rows.push(['failed', (r) => r.error]);
  return [
    `| | ${results.map((result) => result.label).join(' | ')} |`,
    `| --- | ${results.map(() => '---').join(' | ')} |`,
    ...rows.map(([name, figure]) => `| ${name} | ${results.map((result) => cell(result, figure).replace(/\|/g, '\\|')).join(' | ')} |`),
  ].join('\n');
}

/** Reads the command line; throws on a bad value. */
function readOptions(): { articles: number; words: number; runs: number; baseline: string | null; keep: boolean } {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '100000' },
      words: { type: 'string', default: String(DEFAULT_WORDS_PER_ARTICLE) },
      runs: { type: 'string', default: '5' },
      baseline: { type: 'string', default: DEFAULT_BASELINE },
      'no-baseline': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const positive = (name: string, text: string, least: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < least) throw new Error(`--${name} must be a whole number of at least ${least}, not ${text}`);
    return value;
  };
  return {
    articles: positive('articles', values.articles, MIN_ARTICLES),
    words: positive('words', values.words, PAGE_WORDS_PER_ARTICLE),
    runs: positive('runs', values.runs, 1),
    baseline: values['no-baseline'] ? null : values.baseline,
    keep: values.keep,
  };
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const options = readOptions();
  assertPrerequisites();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'sourcelight-large-'));
  const cleanups: string[] = [workDir];
  try {
    const builds: Build[] = [];
    if (options.baseline) {
      const baseline = prepareBaseline(options.baseline, log);
      if (baseline.builtNow) cleanups.push(baseline.root);
      builds.push({ key: 'baseline', label: `baseline ${options.baseline.slice(0, 7)}`, extensionDir: baseline.extensionDir });
    }
    // `npm run build` is not part of the run: the build may be older than HEAD, so the summary gives its time too.
    const treeBuiltAt = statSync(path.join(EXTENSION_DIR, 'manifest.json')).mtime;
    const tree = treeState();
    const treeBuild = await snapshotExtension();
    cleanups.push(treeBuild);
    builds.push({ key: 'tree', label: `this tree (${tree.head})`, extensionDir: treeBuild });

    log(`generating ${options.articles} articles of at least ${options.words} words`);
    const corpusFile = path.join(workDir, 'corpus.jsonl');
    const corpus = writeCorpus(corpusFile, options.articles, options.words);
    log(`  ${corpus.words.toLocaleString('en-US')} words, ${(corpus.bytes / 1e6).toFixed(1)} MB JSONL`);
    const small = pageOf(corpus.pageArticles.slice(0, SMALL_PAGE_ARTICLES));
    const large = pageOf(corpus.pageArticles.slice(SMALL_PAGE_ARTICLES));
    const pagesDir = path.join(workDir, 'pages');
    mkdirSync(pagesDir);
    writeFileSync(path.join(pagesDir, 'small.html'), toHtml(small, 'Harbour and wire copy, 2,000 words'));
    writeFileSync(path.join(pagesDir, 'large.html'), toHtml(large, 'Harbour and wire copy, 10,000 words'));
    const server = await startStaticServer({ '/': pagesDir });
    const urls = { small: `${server.origin}/small.html`, large: `${server.origin}/large.html` };

    const results: BuildResult[] = [];
    try {
      for (const build of builds) {
        const result: BuildResult = { label: build.label, extensionDir: build.extensionDir, wakes: [], warm: [], wakeSteps: [], warmSteps: [], searches: [], workerMessages: [] };
        results.push(result);
        const profileDir = path.join(workDir, `profile-${build.key}`);
        try {
          log(`${build.label}: import`);
          await importCorpus(build, profileDir, corpusFile, result);
          log(`${build.label}: pages`);
          await measurePages(build, profileDir, urls, options.runs, result);
        } catch (error) {
          result.error = (error as Error).message.split('\n')[0];
          log(`${build.label} failed: ${result.error}`);
        }
      }
    } finally {
      await server.close();
    }

    const seconds = (performance.now() - startedAt) / 1000;
    const chromium = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const summary = [
      `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'} (load average ${os.loadavg().map((v) => v.toFixed(1)).join(' / ')} at the end), ${chromium} headless, Node ${process.version}; the run took ${seconds.toFixed(0)} s.`,
      `Command: \`${['npm run bench:large', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ')}\`. Corpus: ${options.articles.toLocaleString('en-US')} generated articles of at least ${options.words} words (scripts/large-corpus.ts, seed ${CORPUS_SEED}), ${corpus.words.toLocaleString('en-US')} words, ${(corpus.bytes / 1e6).toFixed(1)} MB JSONL. Pages: ${countWords(small.text).toLocaleString('en-US')} and ${countWords(large.text).toLocaleString('en-US')} words (${SMALL_PAGE_ARTICLES} and ${LARGE_PAGE_ARTICLES} corpus articles, ${PAGE_WORDS_PER_ARTICLE} words each); ${options.runs} runs; times from DOMContentLoaded to the first highlight. This tree's build: .output/chrome-mv3 of ${treeBuiltAt.toISOString().slice(0, 16).replace('T', ' ')} UTC; HEAD ${tree.head} at the start of the run${tree.changed ? ', with uncommitted changes to the extension\'s sources' : ''}.`,
    ].join('\n');
    const steps = results.flatMap((result) => [
      { label: `${result.label}, 2k page after a wake`, steps: result.wakeSteps },
      { label: `${result.label}, warm 10k page`, steps: result.warmSteps },
    ]);
    const markdown = `${summary}\n\n${renderTable(results)}${steps.some((row) => row.steps.length > 0) ? `\n\n${renderStepsTable(steps)}` : ''}`;
    process.stdout.write(`${markdown}\n`);
    mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(
      RESULTS_FILE,
      JSON.stringify({ measuredAt: new Date().toISOString(), seconds, options, chromium, corpus: { words: corpus.words, bytes: corpus.bytes }, results }, null, 1),
    );
    log(`raw figures in ${RESULTS_FILE}`);
  } finally {
    if (options.keep) log(`kept: ${cleanups.join(', ')}`);
    else for (const folder of cleanups) rmSync(folder, { recursive: true, force: true });
  }
}

await main();
