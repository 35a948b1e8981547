/** Renders benchmark results as Markdown tables and an SVG chart. */
import { CONTROL_WINDOW_MS, TAIL_MS, type BrowserCorpusResult, type ControlPageResult } from './browser-bench';
import { median } from './measure';
import type { FuseResult, IndexResult, ThroughputResult } from './matcher-bench';
import { renderReveal, type RevealResults } from './reveal-bench';

/** Everything one benchmark run measured. */
export interface BenchResults {
  readonly machine: MachineInfo;
  readonly command: string;
  readonly indexes: readonly IndexResult[];
  readonly throughput: readonly ThroughputResult[];
  readonly fuse: readonly FuseResult[];
  /** Absent when run with --no-browser or when the browser part failed. */
  readonly browser?: { corpora: readonly BrowserCorpusResult[]; control: readonly ControlPageResult[] };
  /** Reveal latency and busy-page cost; absent like `browser`. */
  readonly reveal?: RevealResults;
  /** Why the browser part failed, if it did. */
  readonly browserError?: string;
  readonly durationS: number;
}

/** The machine and its load while the benchmark ran. */
export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly chromium: string;
  readonly date: string;
  readonly loadBefore: string;
  readonly loadAfter: string;
}

/** Human labels of the corpora, by key. */
export type CorpusLabels = ReadonlyMap<string, string>;

const TARGET_FUSE_SPEEDUP = 100;
const TARGET_10K_PAGE_MS = 20;
/** Page heap differences below this are measurement noise. */
const HEAP_NOISE_BYTES = 512 * 1024;
/** Page size of the fuse.js and 10,000-document targets. */
const TARGET_PAGE_WORDS = 10_000;
const TARGET_LONG_TASK_MS = 50;

const fixed = (value: number, digits = 1): string => value.toFixed(digits);
const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');
const megabytes = (bytes: number): string => (bytes / 1_048_576).toFixed(1);
const wordsPerSecond = (words: number, ms: number): number => (words / ms) * 1000;
/** A rate with at least two significant digits, however slow. */
const rate = (value: number): string => (value >= 100 ? thousands(value) : value.toPrecision(2));

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** log-log slope of cost against size between two points. */
function slope(size1: number, cost1: number, size2: number, cost2: number): number {
  return Math.log(cost2 / cost1) / Math.log(size2 / size1);
}

function fuseFor(results: BenchResults, corpus: string, targetWords: number): FuseResult | undefined {
  return results.fuse.find((fuse) => fuse.corpus === corpus && fuse.targetWords === targetWords);
}

/** Speed-up of our matcher over fuse.js on the same page: ratio of words per second. */
function speedup(row: ThroughputResult, fuse: FuseResult, which: 'warmMs' | 'coldMs'): number {
  return wordsPerSecond(row.pageWords, row[which]) / wordsPerSecond(fuse.sampledWords, fuse.sampleMs);
}

/** The Markdown report: machine, tables, and the targets with their verdicts. */
export function renderMarkdown(results: BenchResults, labels: CorpusLabels): string {
  const label = (key: string): string => labels.get(key) ?? key;
  const { machine } = results;
  const out: string[] = [];
  out.push(
    `Measured ${machine.date} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.chromium}; ` +
      `load average ${machine.loadBefore} before and ${machine.loadAfter} after; the whole run took ${Math.round(results.durationS)} s.`,
    '',
    `Command: \`${results.command}\``,
    '',
  );
  if (Number.parseFloat(machine.loadBefore) > machine.cpus) {
    out.push(`**The machine was busy when this run started (load above ${machine.cpus}): timings are inflated.**`, '');
  }

  out.push('### Targets', '', renderTargets(results, label), '');

  out.push(
    '### 1. Matcher throughput and recall',
    '',
    '*Warm*: the background has matched pages before, so its token cache already holds the candidate documents. ' +
      '*Cold*: a fresh token cache, as on the first page after the background starts; every candidate document is tokenized. ' +
      'Recall: planted passages covered at least half by a span from their source document. ' +
      'Other spans: spans overlapping no planted passage, i.e. matches in the held-out prose ' +
      '(Brown repeats itself: legal formulas, quoted verses, names; the synthetic corpus copies Brown sentences).',
    '',
    table(
      ['corpus', 'page words', 'warm ms', 'warm words/s', 'cold ms', 'recall (edited only)', 'other spans', 'runs (warm/cold)'],
      results.throughput.map((row) => [
        label(row.corpus),
        thousands(row.pageWords),
        fixed(row.warmMs),
        thousands(wordsPerSecond(row.pageWords, row.warmMs)),
        fixed(row.coldMs),
        `${row.recall.found}/${row.recall.planted} (${row.recall.foundEdited}/${row.recall.plantedEdited})`,
        String(row.recall.outside),
        `${row.warmRuns}/${row.coldRuns}`,
      ]),
    ),
    '',
    renderScaling(results, label),
    '',
  );

  out.push(
    '### 2. Baseline: fuse.js, side by side',
    '',
    'Each page sentence is one `fuse.search` against a Fuse index of the corpus sentences ' +
      '(`threshold: 0.3, ignoreLocation: true`, best result only). Fuse costs the same per sentence wherever it is, so it is ' +
      'timed on an evenly spread sample of each page\'s sentences and its words per second extrapolated to the whole page ' +
      '(and to the other page sizes in the chart). A search scores every indexed sentence alike, so for the large corpora an ' +
      'evenly spread subset of their sentences is indexed and the time scaled up by the ratio (column "indexed").',
    '',
    table(
      ['corpus', 'corpus sentences', 'indexed', 'page words', 'sentences timed', 'fuse words/s', 'fuse, whole page (est.)', 'ours warm', 'speed-up warm', 'speed-up cold'],
      results.throughput.flatMap((row) => {
        const fuse = fuseFor(results, row.corpus, row.targetWords);
        if (!fuse) return [];
        const fuseRate = wordsPerSecond(fuse.sampledWords, fuse.sampleMs);
        return [
          [
            label(row.corpus),
            thousands(fuse.corpusSentences),
            fuse.indexedSentences === fuse.corpusSentences ? 'all' : `1 in ${fixed(fuse.corpusSentences / fuse.indexedSentences, 1)}`,
            thousands(row.pageWords),
            `${fuse.sampledSentences} of ${fuse.pageSentences} (×${fuse.runs})`,
            rate(fuseRate),
            `${fixed(row.pageWords / fuseRate, 1)} s`,
            `${fixed(row.warmMs)} ms`,
            `${thousands(speedup(row, fuse, 'warmMs'))}×`,
            `${thousands(speedup(row, fuse, 'coldMs'))}×`,
          ],
        ];
      }),
    ),
    '',
  );

  out.push(
    '### 3. Index',
    '',
    'Build: `buildIndex` on the loaded documents. Size: `encodeIndex` bytes (fingerprints plus the documents\' text and metadata). ' +
      'Load: `decodeIndex`, as the background does once. Memory: heap and array-buffer growth (after GC) for holding the bytes and the ' +
      'decoded index; token cache: what the background\'s token cache adds after matching the largest page.',
    '',
    table(
      ['corpus', 'documents', 'words', 'build ms', 'index MB', 'bytes/word', 'load ms', 'heap MB', 'array buffers MB', 'token cache MB'],
      results.indexes.map((row) => [
        label(row.corpus),
        thousands(row.documents),
        thousands(row.words),
        `${thousands(row.buildMs)} (×${row.buildRuns})`,
        megabytes(row.bytes),
        fixed(row.bytes / row.words),
        `${fixed(row.decodeMs)} (×${row.decodeRuns})`,
        megabytes(row.heapBytes),
        megabytes(row.arrayBufferBytes),
        megabytes(Math.max(0, row.tokenCacheBytes)),
      ]),
    ),
    '',
  );

  out.push('### 4. In the browser', '', renderBrowser(results, label), '');
  if (results.reveal) out.push('### 5. Text revealed after load, and pages that never stop changing', '', renderReveal(results.reveal), '');
  return out.join('\n');
}

function renderScaling(results: BenchResults, label: (key: string) => string): string {
  const corpora = [...new Set(results.throughput.map((row) => row.corpus))];
  const sizes = [...new Set(results.throughput.map((row) => row.targetWords))].sort((a, b) => a - b);
  const cell = (corpus: string, size: number): ThroughputResult | undefined =>
    results.throughput.find((row) => row.corpus === corpus && row.targetWords === size);
  const pageSlopes = corpora.map((corpus) => [
    label(corpus),
    ...sizes.slice(1).map((size, i) => {
      const [from, to] = [cell(corpus, sizes[i]!), cell(corpus, size)];
      return from && to ? fixed(slope(from.pageWords, from.warmMs, to.pageWords, to.warmMs), 2) : '–';
    }),
  ]);
  const corpusWords = (corpus: string): number => results.indexes.find((index) => index.corpus === corpus)?.words ?? Number.NaN;
  const smallest = corpora[0]!;
  const corpusSlopes = corpora.slice(1).map((corpus) => [
    `${label(smallest)} → ${label(corpus)}`,
    ...sizes.map((size) => {
      const [from, to] = [cell(smallest, size), cell(corpus, size)];
      return from && to ? fixed(slope(corpusWords(smallest), from.warmMs, corpusWords(corpus), to.warmMs), 2) : '–';
    }),
  ]);
  return [
    'How warm cost grows (log-log slope: 1 = linear, 0 = flat). With page size, per corpus:',
    '',
    table(['corpus', ...sizes.slice(1).map((size, i) => `${thousands(sizes[i]!)} → ${thousands(size)} words`)], pageSlopes),
    '',
    'With corpus size (in words), per page size:',
    '',
    table(['corpora', ...sizes.map((size) => `${thousands(size)}-word page`)], corpusSlopes),
  ].join('\n');
}

function renderBrowser(results: BenchResults, label: (key: string) => string): string {
  const browser = results.browser;
  if (!browser) return results.browserError ? `Failed: ${results.browserError}` : 'Not run (`--no-browser`).';
  const controlFor = (words: number): ControlPageResult | undefined => browser.control.find((row) => row.pageWords === words);
  const rows = browser.corpora.flatMap((corpus) =>
    corpus.pages.map((page) => {
      const control = controlFor(page.pageWords);
      return [
        label(corpus.corpus),
        thousands(page.pageWords),
        `${page.highlights}/${page.planted}`,
        fixed(page.readyMs, 0),
        fixed(page.treeWalkerMs, 1),
        fixed(page.longestTaskMs, 0),
        control ? fixed(control.longestTaskMs, 0) : '–',
        megabytes(page.heapBytes),
        control ? megabytes(control.heapBytes) : '–',
      ];
    }),
  );
  const runs = browser.corpora[0]?.pages[0]?.runs ?? 0;
  return [
    `Headless Chromium with the built extension, its index replaced by each corpus; pages served from 127.0.0.1. ` +
      `Each page is loaded once to warm the background, then ${runs} times measured (median; longest task: worst run). ` +
      'Ready: DOMContentLoaded until the extension’s copied-passage highlight (its name is random per run) holds a range. Floor: one bare TreeWalker pass collecting every ' +
      `text node's data, timed in the page. Longest task: \`longtask\` entries from DOMContentLoaded until ${TAIL_MS} ms after the highlights; ` +
      `"page alone" is the same page without the extension (first ${CONTROL_WINDOW_MS / 1000} s after DOMContentLoaded). Heap: the page renderer's JS heap after GC ` +
      '(page plus content script; the index lives in the background).',
    '',
    table(
      ['corpus', 'page words', 'highlights/planted', 'ready ms', 'TreeWalker floor ms', 'longest task ms', 'longest task ms, page alone', 'page heap MB', 'page heap MB, no extension'],
      rows,
    ),
    '',
    'First page after the browser starts (the background fetches and decodes the index, and tokenizes every candidate document):',
    '',
    table(
      ['corpus', 'page words', 'ready ms'],
      browser.corpora.map((corpus) => [label(corpus.corpus), thousands(corpus.pages[0]?.pageWords ?? 0), fixed(corpus.firstPageMs, 0)]),
    ),
  ].join('\n');
}

function renderTargets(results: BenchResults, label: (key: string) => string): string {
  const rows: string[][] = [];
  const verdict = (met: boolean): string => (met ? 'met' : '**missed**');
  const mid = results.throughput.find((row) => row.corpus === 'brown-500' && row.targetWords === TARGET_PAGE_WORDS);
  const midFuse = mid && fuseFor(results, mid.corpus, mid.targetWords);
  if (mid && midFuse) {
    const warm = speedup(mid, midFuse, 'warmMs');
    const cold = speedup(mid, midFuse, 'coldMs');
    rows.push([
      `≥ ${TARGET_FUSE_SPEEDUP}× faster than fuse.js at 500 documents`,
      `${thousands(warm)}× warm, ${thousands(cold)}× cold (${thousands(mid.pageWords)}-word page, ${label(mid.corpus)})`,
      verdict(Math.min(warm, cold) >= TARGET_FUSE_SPEEDUP),
    ]);
  }
  const big = results.throughput.find((row) => row.corpus.startsWith('synthetic') && row.targetWords === TARGET_PAGE_WORDS);
  if (big) {
    rows.push([
      `10k-word page against 10,000 documents in < ${TARGET_10K_PAGE_MS} ms of matcher time`,
      `${fixed(big.warmMs)} ms warm, ${fixed(big.coldMs, 0)} ms cold (${thousands(big.pageWords)} words)`,
      big.warmMs < TARGET_10K_PAGE_MS ? (big.coldMs < TARGET_10K_PAGE_MS ? 'met' : 'met warm, **missed cold**') : '**missed**',
    ]);
  }
  const browser = results.browser;
  if (browser) {
    const largest = Math.max(...browser.corpora.flatMap((corpus) => corpus.pages.map((page) => page.pageWords)));
    const pages = browser.corpora.flatMap((corpus) => corpus.pages.filter((page) => page.pageWords === largest));
    const worst = Math.max(...pages.map((page) => page.longestTaskMs));
    const alone = browser.control.find((row) => row.pageWords === largest)?.longestTaskMs ?? 0;
    rows.push([
      `no task over ${TARGET_LONG_TASK_MS} ms on a ${thousands(largest)}-word page`,
      `longest ${fixed(worst, 0)} ms with the extension; ${fixed(alone, 0)} ms for the page alone`,
      verdict(worst <= TARGET_LONG_TASK_MS),
    ]);
    // The page holds what the background sends: every source of every passage, with its
    // text and context. Corpus size alone (the index) must not show; sources do.
    const sources = (corpus: string): number | undefined =>
      results.throughput.find((row) => row.corpus === corpus && row.targetWords === largest)?.spans;
    const [smallest, next] = pages;
    const indexGrowth = smallest && next ? next.heapBytes - smallest.heapBytes : 0;
    rows.push([
      'content-script memory does not grow with corpus size',
      pages
        .map((page) => `${megabytes(page.heapBytes)} MB with ${label(page.corpus)} (${sources(page.corpus) ?? '?'} sources returned)`)
        .join('; '),
      indexGrowth < HEAP_NOISE_BYTES ? 'met: no growth with the index; grows with the sources returned' : '**missed**',
    ]);
  }
  return table(['target', 'measured', 'verdict'], rows);
}

/** Plot geometry. */
const WIDTH = 880;
const HEIGHT = 460;
const MARGIN = { left: 92, right: 260, top: 36, bottom: 50 };
const COLORS = ['#0969da', '#1a7f37', '#bf3989', '#9a6700'];

/**
 * A log-log line chart of matcher time against page size, one colour per corpus:
 * solid warm, dotted cold, dashed fuse.js (its sampled rate, extrapolated).
 */
export function renderSvg(results: BenchResults, labels: CorpusLabels): string {
  const corpora = [...new Set(results.throughput.map((row) => row.corpus))];
  const series = corpora.flatMap((corpus, c) => {
    const rows = results.throughput.filter((row) => row.corpus === corpus).sort((a, b) => a.targetWords - b.targetWords);
    const color = COLORS[c % COLORS.length]!;
    const name = labels.get(corpus) ?? corpus;
    // Fuse's cost per word does not depend on the page: its measured rate, extrapolated to every page size.
    const fuse = results.fuse.filter((row) => row.corpus === corpus);
    const fuseRate = fuse.length > 0 ? median(fuse.map((row) => wordsPerSecond(row.sampledWords, row.sampleMs))) : 0;
    const fusePoints = fuseRate > 0 ? rows.map((row) => [row.targetWords, (row.pageWords / fuseRate) * 1000] as const) : [];
    return [
      { name: `${name}, warm`, color, dash: '', points: rows.map((row) => [row.targetWords, row.warmMs] as const) },
      { name: `${name}, cold`, color, dash: '2 4', points: rows.map((row) => [row.targetWords, row.coldMs] as const) },
      { name: `${name}, fuse.js`, color, dash: '8 5', points: fusePoints },
    ].filter((line) => line.points.length > 0);
  });
  const all = series.flatMap((line) => line.points);
  const xMin = Math.pow(10, Math.floor(Math.log10(Math.min(...all.map(([x]) => x)))));
  const xMax = Math.pow(10, Math.ceil(Math.log10(Math.max(...all.map(([x]) => x)))));
  const yMin = Math.pow(10, Math.floor(Math.log10(Math.min(...all.map(([, y]) => y)))));
  const yMax = Math.pow(10, Math.ceil(Math.log10(Math.max(...all.map(([, y]) => y)))));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number): number => MARGIN.left + (Math.log10(x / xMin) / Math.log10(xMax / xMin)) * plotW;
  const sy = (y: number): number => MARGIN.top + plotH - (Math.log10(y / yMin) / Math.log10(yMax / yMin)) * plotH;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="14" font-weight="600">Matcher time against page size (log-log; fuse.js extrapolated from sampled sentences)</text>`,
  );
  for (let x = xMin; x <= xMax; x *= 10) {
    parts.push(
      `<line x1="${sx(x)}" y1="${MARGIN.top}" x2="${sx(x)}" y2="${MARGIN.top + plotH}" stroke="#d8dee4"/>`,
      `<text x="${sx(x)}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${thousands(x)}</text>`,
    );
  }
  for (let y = yMin; y <= yMax; y *= 10) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${sy(y)}" x2="${MARGIN.left + plotW}" y2="${sy(y)}" stroke="#d8dee4"/>`,
      `<text x="${MARGIN.left - 6}" y="${sy(y) + 4}" text-anchor="end">${duration(y)}</text>`,
    );
  }
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#8c959f"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">page size (words)</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">matching time</text>`,
  );
  series.forEach((line, i) => {
    const d = line.points.map(([x, y], p) => `${p === 0 ? 'M' : 'L'}${sx(x).toFixed(1)} ${sy(y).toFixed(1)}`).join(' ');
    const dash = line.dash ? ` stroke-dasharray="${line.dash}"` : '';
    parts.push(`<path d="${d}" fill="none" stroke="${line.color}" stroke-width="2"${dash}/>`);
    for (const [x, y] of line.points) parts.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${line.color}"/>`);
    const ly = MARGIN.top + 10 + i * 18;
    const lx = MARGIN.left + plotW + 12;
    parts.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 26}" y2="${ly}" stroke="${line.color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 32}" y="${ly + 4}">${escapeXml(line.name)}</text>`,
    );
  });
  parts.push('</svg>', '');
  return parts.join('\n');
}

/** An axis label for a power of ten milliseconds: "10 ms", "1 s", "1,000 s". */
function duration(ms: number): string {
  if (ms < 1) return `${ms.toPrecision(1)} ms`;
  return ms < 1000 ? `${thousands(ms)} ms` : `${thousands(ms / 1000)} s`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
