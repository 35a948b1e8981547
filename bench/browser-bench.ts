/**
 * The extension in a real browser: Chromium with the built extension (its index
 * replaced by each benchmark corpus) loads local pages with planted passages;
 * the page records when highlights appear and every long task.
 */
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { STEP_MARK_PREFIX } from '../extension/step-marks';
import { CHROMIUM_PATH, EXTENSION_DIR, extensionLaunchOptions } from '../scripts/browser';
import { startStaticServer } from '../scripts/static-server';
import { unionLength } from './intervals';
import { median } from './measure';
import type { BenchPage } from './pages';

/** One page size against one corpus, with the extension loaded. */
export interface BrowserPageResult {
  readonly corpus: string;
  readonly pageWords: number;
  readonly planted: number;
  /** Painted passages (highlight ranges) on the last run. */
  readonly highlights: number;
  /** Median milliseconds from DOMContentLoaded until the highlights exist. */
  readonly readyMs: number;
  /** Longest main-thread task from DOMContentLoaded until shortly after the highlights, worst run. */
  readonly longestTaskMs: number;
  /** Median milliseconds of a bare TreeWalker pass collecting every text node's data. */
  readonly treeWalkerMs: number;
  /** JavaScript heap of the page's renderer (page and content script), after garbage collection. */
  readonly heapBytes: number;
  readonly runs: number;
}

/** The same page without the extension: what the page itself costs. */
export interface ControlPageResult {
  readonly pageWords: number;
  readonly longestTaskMs: number;
  readonly heapBytes: number;
  readonly runs: number;
}

/** Everything measured for one corpus. */
export interface BrowserCorpusResult {
  readonly corpus: string;
  /** First page after the browser starts: includes the background loading the index. */
  readonly firstPageMs: number;
  readonly pages: BrowserPageResult[];
}

/** A page to load, with the word count the table shows. */
export interface BrowserPage {
  readonly words: number;
  readonly page: BenchPage;
}

/** Extra time after the highlights appear in which long tasks still count (painting them). */
export const TAIL_MS = 500;
/** How long a page without the extension is watched after DOMContentLoaded. */
export const CONTROL_WINDOW_MS = 2000;
const READY_TIMEOUT_MS = 180_000;

/** Installed in every page before its scripts: records DOMContentLoaded, highlight arrival and long tasks. */
const INIT_SCRIPT = `(() => {
  const state = { dcl: -1, ready: -1, highlights: 0, longTasks: [] };
  Object.defineProperty(window, '__sourcelightBench', { value: state });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const poll = () => {
    const size = [...CSS.highlights].find(([key]) => !key.endsWith('-active'))?.[1]?.size ?? 0;
    if (size > 0) {
      state.ready = performance.now();
      state.highlights = size;
    } else setTimeout(poll, 1);
  };
  document.addEventListener('DOMContentLoaded', () => {
    state.dcl = performance.now();
    poll();
  }, { once: true });
})();`;

/** What the init script recorded. */
export interface PageState {
  dcl: number;
  ready: number;
  highlights: number;
  longTasks: [start: number, duration: number][];
}

/** Writes `page` as an HTML article. */
export function toHtml(page: BenchPage, title: string): string {
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const paragraphs = page.paragraphs.map((paragraph) => `<p>${escape(paragraph)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body { font: 17px/1.5 Georgia, serif; max-width: 42em; margin: 2em auto; padding: 0 1em; }</style>
</head><body><article><h1>${escape(title)}</h1>
${paragraphs}
</article></body></html>
`;
}

/** Launches Chromium with the extension at `extensionDir`, waiting for its background to start. */
export async function launch(extensionDir: string, profileDir: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profileDir, extensionLaunchOptions(extensionDir, { headless: true }));
  if (context.serviceWorkers().length === 0) await context.waitForEvent('serviceworker', { timeout: 30_000 });
  await context.addInitScript(INIT_SCRIPT);
  return context;
}

/** Loads `url` and waits until highlights appear (or, without a deadline, only for DOMContentLoaded). */
export async function load(page: Page, url: string, waitForHighlights: boolean): Promise<PageState> {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  if (waitForHighlights) {
    await page.waitForFunction(() => (window as unknown as { __sourcelightBench: PageState }).__sourcelightBench.ready >= 0, null, {
      timeout: READY_TIMEOUT_MS,
      polling: 100,
    });
    await page.waitForTimeout(TAIL_MS);
  } else {
    await page.waitForTimeout(CONTROL_WINDOW_MS);
  }
  return page.evaluate(() => (window as unknown as { __sourcelightBench: PageState }).__sourcelightBench);
}

/** How long one call to the service worker over CDP may take (a garbage collection of a large heap included). */
const WORKER_CALL_TIMEOUT_MS = 60_000;

/** Whether a CDP target is the extension's service worker. */
function isExtensionWorker(target: { type: string; url: string }): boolean {
  return target.type === 'service_worker' && target.url.startsWith('chrome-extension://');
}

/** Stops every service worker (CDP `ServiceWorker.stopAllWorkers`) and waits until the extension's is gone. */
export async function stopWorker(cdp: CDPSession): Promise<void> {
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  for (let attempt = 0; attempt < 50; attempt++) {
    const { targetInfos } = await cdp.send('Target.getTargets');
    if (!targetInfos.some(isExtensionWorker)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the service worker did not stop within 5 s');
}

/** DevTools protocol calls to the extension's service worker. */
export interface WorkerSession {
  /** Sends `method` with `params`; resolves with its result (`Runtime.getHeapUsage` gives numbers, hence the default). */
  call<T = Record<string, number>>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Detaches from the worker and stops listening for its answers. */
  close(): Promise<void>;
}

/** One page's steps in the background (extension/step-marks.ts), in ms after the page's DOMContentLoaded. */
export interface PageSteps {
  /** When the worker's global was made (negative: it was running before the page). */
  workerOrigin: number;
  /** The worker's script ran up to its main (negative: before the page). */
  started: number | null;
  asked: number | null;
  loaded: number | null;
  matched: number | null;
  explained: number | null;
  /**
   * Part reads by kind: the wall time during which at least one read of the kind
   * was pending (reads of segments overlap; so may reads of different kinds),
   * and the parts and bytes of all of them.
   */
  reads: Record<string, { ms: number; parts: number; bytes: number }>;
  ready: number;
}

/**
 * The background's step marks of the page just loaded (extension/step-marks.ts),
 * on the page's clock: the worker's `performance.timeOrigin` and the page's are
 * both wall-clock times. Read over a session of its own, closed after: call it
 * once the page is measured, since an attached session keeps a worker running.
 * Null when no worker runs, or for a tree that marks nothing (an older baseline).
 */
export async function readPageSteps(cdp: CDPSession, page: Page, state: PageState): Promise<PageSteps | null> {
  const worker = await workerSession(cdp);
  if (!worker) return null;
  const prefix = JSON.stringify(STEP_MARK_PREFIX);
  let evaluated: { result: { value?: string } };
  try {
    evaluated = await worker.call('Runtime.evaluate', {
      expression: `JSON.stringify({ origin: performance.timeOrigin, entries: performance.getEntries().filter((e) => e.name.startsWith(${prefix})).map((e) => ({ name: e.name.slice(${prefix}.length), type: e.entryType, start: e.startTime, duration: e.duration, detail: e.detail ?? null })) })`,
      returnByValue: true,
    });
  } finally {
    await worker.close();
  }
  const marks = JSON.parse(evaluated.result.value ?? '{"origin":0,"entries":[]}') as {
    origin: number;
    entries: { name: string; type: string; start: number; duration: number; detail: { parts: number; bytes: number } | null }[];
  };
  if (!marks.entries.some((entry) => entry.name === 'asked')) return null;
  const dcl = (await page.evaluate(() => performance.timeOrigin)) + state.dcl;
  const at = (name: string): number | null => {
    const entry = marks.entries.find((e) => e.type === 'mark' && e.name === name);
    return entry ? marks.origin + entry.start - dcl : null;
  };
  const reads: PageSteps['reads'] = {};
  const spans = new Map<string, [number, number][]>();
  for (const entry of marks.entries) {
    if (entry.type !== 'measure' || !entry.name.startsWith('read:')) continue;
    const kind = entry.name.slice('read:'.length);
    const sum = (reads[kind] ??= { ms: 0, parts: 0, bytes: 0 });
    sum.parts += entry.detail?.parts ?? 0;
    sum.bytes += entry.detail?.bytes ?? 0;
    const list = spans.get(kind) ?? [];
    list.push([entry.start, entry.start + entry.duration]);
    spans.set(kind, list);
  }
  for (const [kind, list] of spans) reads[kind]!.ms = unionLength(list);
  return {
    workerOrigin: marks.origin - dcl,
    started: at('started'),
    asked: at('asked'),
    loaded: at('loaded'),
    matched: at('matched'),
    explained: at('explained'),
    reads,
    ready: state.ready - state.dcl,
  };
}

/**
 * A Markdown table of where pages' time went in the background: a row for each
 * `rows` entry with pages, each figure the median over its pages.
 */
export function renderStepsTable(rows: readonly { label: string; steps: readonly PageSteps[] }[]): string {
  const lines = [
    "Where a page's time goes in Chromium (the background's step marks, extension/step-marks.ts): medians, in ms after the page's DOMContentLoaded; reads are the wall time with a read of the kind pending, then the parts and MB of all of them.",
    '',
    '| page (pages) | worker started | script ran | text arrived | corpora loaded | reads: postings | reads: filters | reads: texts | matched | explained | first highlight |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { label, steps } of rows) if (steps.length > 0) lines.push(`| ${label} (${steps.length}) | ${stepCells(steps).join(' | ')} |`);
  return lines.join('\n');
}

/** A steps table row's cells: each figure the median over `steps`. */
function stepCells(steps: readonly PageSteps[]): string[] {
  const at = (pick: (s: PageSteps) => number | null): string => {
    const values = steps.map(pick).filter((value): value is number => value !== null);
    if (values.length === 0) return '–';
    const value = median(values);
    return value < 0 ? 'before the page' : value.toFixed(0);
  };
  const read = (kind: string): string => {
    const of = steps.map((s) => s.reads[kind] ?? { ms: 0, parts: 0, bytes: 0 });
    const parts = median(of.map((r) => r.parts));
    return parts === 0 ? 'none' : `${median(of.map((r) => r.ms)).toFixed(0)} ms; ${parts}; ${(median(of.map((r) => r.bytes)) / 1e6).toFixed(1)} MB`;
  };
  return [
    at((s) => s.workerOrigin),
    at((s) => s.started),
    at((s) => s.asked),
    at((s) => s.loaded),
    read('postings'),
    read('filters'),
    read('texts'),
    at((s) => s.matched),
    at((s) => s.explained),
    at((s) => s.ready),
  ];
}

/** A CDP session on the extension's service worker target, or null when none runs. */
export async function workerSession(cdp: CDPSession): Promise<WorkerSession | null> {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find(isExtensionWorker);
  if (!worker) return null;
  // Not flattened: the page's session relays the worker's messages, which Playwright's session API allows.
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  let next = 0;
  const waiting = new Map<number, (result: Record<string, unknown>) => void>();
  const onMessage = (event: { sessionId: string; message: string }): void => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: Record<string, unknown> };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result ?? {});
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  return {
    close: async () => {
      cdp.off('Target.receivedMessageFromTarget', onMessage);
      // The worker may have stopped meanwhile, taking the session with it.
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    },
    call: <T = Record<string, number>>(method: string, params: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = ++next;
        const timer = setTimeout(() => reject(new Error(`the service worker did not answer ${method} within ${WORKER_CALL_TIMEOUT_MS / 1000} s`)), WORKER_CALL_TIMEOUT_MS);
        waiting.set(id, (result) => {
          clearTimeout(timer);
          resolve(result as T);
        });
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      }),
  };
}

/** Longest long task starting in `[from, to]`, 0 when none. */
function longestTask(state: PageState, from: number, to: number): number {
  return Math.max(0, ...state.longTasks.filter(([start]) => start >= from && start <= to).map(([, duration]) => duration));
}

/** Median time of a bare TreeWalker pass over the page's text nodes, measured in the page. */
function treeWalkerPass(page: Page): Promise<number> {
  return page.evaluate(() => {
    const times: number[] = [];
    let characters = 0;
    for (let run = 0; run < 5; run++) {
      const start = performance.now();
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const parts: string[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push((node as Text).data);
      characters = parts.join('').length;
      times.push(performance.now() - start);
    }
    // The text is used, so no engine can skip building it.
    return characters >= 0 ? times.sort((a, b) => a - b)[2]! : Number.NaN;
  });
}

/** The page renderer's used JavaScript heap after a garbage collection. */
async function heapUsed(context: BrowserContext, page: Page): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

/** Files without which a copy of the built extension is incomplete (e.g. copied mid-rebuild). */
const EXTENSION_FILES = ['manifest.json', 'background.js', path.join('content-scripts', 'content.js'), path.join('corpus', 'index.bin')];

/**
 * Copies the built extension to a private folder, so a rebuild of
 * .output/chrome-mv3 while the benchmark runs cannot change or break it.
 * Retries while the copy is incomplete (a build in progress).
 */
export async function snapshotExtension(): Promise<string> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'sourcelight-extension-'));
  for (let attempt = 0; attempt < 10; attempt++) {
    rmSync(folder, { recursive: true, force: true });
    cpSync(EXTENSION_DIR, folder, { recursive: true });
    if (EXTENSION_FILES.every((file) => existsSync(path.join(folder, file)))) return folder;
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
  throw new Error(`${EXTENSION_DIR} stayed incomplete (is a build running?)`);
}

/**
 * Runs the browser measurements for each corpus with a copy of `extension` (see
 * `snapshotExtension`) holding that corpus's index, then the same pages without
 * the extension.
 */
export async function runBrowserBench(
  extension: string,
  corpora: readonly { key: string; indexBytes: Uint8Array; pages: readonly BrowserPage[] }[],
  runs: number,
  log: (line: string) => void,
): Promise<{ corpora: BrowserCorpusResult[]; control: ControlPageResult[] }> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'sourcelight-bench-'));
  const pagesDir = path.join(workDir, 'pages');
  for (const corpus of corpora) {
    mkdirSync(path.join(pagesDir, corpus.key), { recursive: true });
    for (const { words, page } of corpus.pages) {
      writeFileSync(path.join(pagesDir, corpus.key, `${words}.html`), toHtml(page, `Benchmark page, ${words} words`));
    }
  }
  const server = await startStaticServer({ '/': pagesDir });
  try {
    const results: BrowserCorpusResult[] = [];
    for (const corpus of corpora) {
      const extensionDir = path.join(workDir, `extension-${corpus.key}`);
      cpSync(extension, extensionDir, { recursive: true });
      writeFileSync(path.join(extensionDir, 'corpus', 'index.bin'), corpus.indexBytes);
      const profileDir = mkdtempSync(path.join(workDir, 'profile-'));
      const context = await launch(extensionDir, profileDir);
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        const url = (words: number): string => `${server.origin}/${corpus.key}/${words}.html`;
        const first = await load(page, url(corpus.pages[0]!.words), true);
        const pages: BrowserPageResult[] = [];
        for (const { words, page: benchPage } of corpus.pages) {
          await load(page, url(words), true); // warm-up: the background's token cache
          const states: PageState[] = [];
          for (let run = 0; run < runs; run++) states.push(await load(page, url(words), true));
          const last = states[states.length - 1]!;
          pages.push({
            corpus: corpus.key,
            pageWords: words,
            planted: benchPage.planted.length,
            highlights: last.highlights,
            readyMs: median(states.map((state) => state.ready - state.dcl)),
            longestTaskMs: Math.max(...states.map((state) => longestTask(state, state.dcl, state.ready + TAIL_MS))),
            treeWalkerMs: await treeWalkerPass(page),
            heapBytes: await heapUsed(context, page),
            runs,
          });
          log(`browser ${corpus.key} ${words} words: ${median(states.map((state) => state.ready - state.dcl)).toFixed(0)} ms`);
        }
        results.push({ corpus: corpus.key, firstPageMs: first.ready - first.dcl, pages });
      } finally {
        await context.close();
      }
    }

    const control: ControlPageResult[] = [];
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addInitScript(INIT_SCRIPT);
      const page = await context.newPage();
      const reference = corpora[0]!;
      for (const { words } of reference.pages) {
        const url = `${server.origin}/${reference.key}/${words}.html`;
        await load(page, url, false); // warm-up, as with the extension: the first load also starts the renderer
        const states: PageState[] = [];
        for (let run = 0; run < runs; run++) states.push(await load(page, url, false));
        control.push({
          pageWords: words,
          longestTaskMs: Math.max(...states.map((state) => longestTask(state, state.dcl, state.dcl + CONTROL_WINDOW_MS))),
          heapBytes: await heapUsed(context, page),
          runs,
        });
      }
    } finally {
      await browser.close();
    }
    return { corpora: results, control };
  } finally {
    await server.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** The content script's first run in a fresh profile (issue 14, point 7). */
export interface ContentStartupResult {
  /** Bytes of content-scripts/content.js. */
  readonly bundleBytes: number;
  /** Per run (fresh profile each): the main-thread task that evaluates content.js, in ms. */
  readonly taskMs: number[];
  /** Per run: compiling and evaluating content.js inside that task (V8's own events), in ms. */
  readonly evaluateMs: number[];
  /**
   * Per run: the task's thread time (CPU time of the renderer's main thread, the
   * trace's `tdur`), in ms: on a busy machine wall time also counts the time
   * the thread waited for a core; this does not.
   */
  readonly taskCpuMs: number[];
}

/** A trace event of Chromium's `devtools.timeline` categories. */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread time of the event. */
  tdur?: number;
  tid: number;
  pid: number;
  args?: { data?: { url?: string } };
}

const STARTUP_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel'];

/**
 * Measures the content script's first run: for each of `runs` fresh profiles
 * (no V8 code cache), loads `page` with the extension at `extensionDir` under a
 * CDP trace, and finds the `EvaluateScript` event of content-scripts/content.js
 * (document_idle, in the isolated world) and the top-level task around it
 * (`RunTask`): that task is the long task a reader's page would see.
 */
export async function measureContentStartup(
  extensionDir: string,
  page: BenchPage,
  runs: number,
  log: (line: string) => void,
): Promise<ContentStartupResult> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'sourcelight-startup-'));
  mkdirSync(path.join(workDir, 'pages'));
  writeFileSync(path.join(workDir, 'pages', 'page.html'), toHtml(page, 'Content script startup'));
  const server = await startStaticServer({ '/': path.join(workDir, 'pages') });
  const taskMs: number[] = [];
  const evaluateMs: number[] = [];
  const taskCpuMs: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const context = await launch(extensionDir, mkdtempSync(path.join(workDir, 'profile-')));
      try {
        const tab = context.pages()[0] ?? (await context.newPage());
        const cdp = await context.newCDPSession(tab);
        const events: TraceEvent[] = [];
        cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
        const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
        await cdp.send('Tracing.start', { traceConfig: { includedCategories: STARTUP_CATEGORIES }, transferMode: 'ReportEvents' });
        await load(tab, `${server.origin}/page.html`, true);
        await cdp.send('Tracing.end');
        await complete;
        await cdp.detach();
        const evaluate = events.find((e) => e.name === 'EvaluateScript' && e.ph === 'X' && /content-scripts\/content\.js$/.test(e.args?.data?.url ?? ''));
        if (!evaluate) throw new Error('no EvaluateScript event for content.js in the trace');
        const task = events
          .filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.tid === evaluate.tid && e.pid === evaluate.pid)
          .find((e) => e.ts <= evaluate.ts && e.ts + (e.dur ?? 0) >= evaluate.ts + (evaluate.dur ?? 0));
        evaluateMs.push((evaluate.dur ?? 0) / 1000);
        taskMs.push(((task ?? evaluate).dur ?? 0) / 1000);
        taskCpuMs.push(((task ?? evaluate).tdur ?? Number.NaN) / 1000);
        log(
          `content startup run ${run + 1}: task ${taskMs[run]!.toFixed(1)} ms (thread time ${taskCpuMs[run]!.toFixed(1)} ms), evaluate ${evaluateMs[run]!.toFixed(1)} ms`,
        );
      } finally {
        await context.close();
      }
    }
  } finally {
    await server.close();
    rmSync(workDir, { recursive: true, force: true });
  }
  const bundleBytes = readFileSync(path.join(extensionDir, 'content-scripts', 'content.js')).byteLength;
  return { bundleBytes, taskMs, evaluateMs, taskCpuMs };
}
