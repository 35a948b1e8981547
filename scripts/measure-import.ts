/**
 * Measures, in one run, what a large imported corpus costs:
 *
 *   npx tsx scripts/measure-import.ts [--articles 10000] [--words 600] [--runs 20]
 *
 * 1. the import pipeline of the options page's worker (read and validate the
 *    JSONL, build the index and the search data) on a generated corpus;
 * 2. matching one page against the shipped corpus only, and against the shipped
 *    corpus plus the imported one, as the background does (CorpusSetMatchService);
 * 3. loading the imported corpus's search data and searching it.
 *
 * Needs the shipped corpus's index (`npm run index`, or `npm run build`).
 * The browser adds IndexedDB writes and worker messaging to (1): the e2e test
 * tests/e2e/import-corpus.spec.ts ("10,000 articles") measures that end to end.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { SearchIndexFile } from '../lib/search-index';
import { buildCorpusDataAsync } from '../lib/build-corpus-data';
import { SHIPPED_CORPUS_ID } from '../lib/corpus-ids';
import { nativeDeflateRaw } from '../extension/corpus-store/native-deflate';
import { readImportSources } from '../extension/corpus-store/read-import';
import { createCorpusSearch } from '../extension/corpus-search';
import { decodeIndex } from '../lib/index-format';
import { CorpusSetMatchService, MatchService } from '../extension/match-service';
import { SplitIndex, splitIndex } from '../lib/split-index';
import { PROJECT_ROOT } from './browser';
import { generateLargeCorpus } from './large-corpus';

const { values } = parseArgs({
  options: { articles: { type: 'string', default: '10000' }, words: { type: 'string', default: '600' }, runs: { type: 'string', default: '20' } },
});
const runs = Number(values.runs);

const ms = (from: number): number => Math.round(performance.now() - from);
const log = (line: string): void => void process.stdout.write(`${line}\n`);

// --- 1. Import pipeline ---
let at = performance.now();
const generated = generateLargeCorpus({ articles: Number(values.articles), wordsPerArticle: Number(values.words) });
log(`generated ${generated.articleCount} articles, ${generated.wordCount} words, ${(generated.jsonl.length / 1e6).toFixed(1)} MB JSONL in ${ms(at)} ms`);

at = performance.now();
const corpus = await readImportSources([{ name: 'wire.jsonl', size: generated.jsonl.length, read: async () => new Uint8Array(generated.jsonl) }]);
if (corpus.errors.length > 0) throw new Error(`generated corpus has errors: ${corpus.errors[0]!.message}`);
const parseMs = ms(at);

at = performance.now();
let documentsDoneAt = 0;
let searchStartedAt = 0;
// As the import worker does: texts compressed by the platform's deflate (Node's zlib here, the browser's in the extension).
const data = await buildCorpusDataAsync(corpus.documents, nativeDeflateRaw()!, (phase, done, total) => {
  if (phase === 'index' && done === total) documentsDoneAt = performance.now();
  if (phase === 'search' && searchStartedAt === 0) searchStartedAt = performance.now();
});
const indexMs = Math.round(searchStartedAt - at);
const searchMs = ms(searchStartedAt);
// The options page shows the same split: "Indexing articles: n of N" up to the last document, then the sort and the compressed texts.
const documentsMs = Math.round(documentsDoneAt - at);
log(
  `import: parse+validate ${parseMs} ms, index ${indexMs} ms (documents ${documentsMs} ms, then sort postings + compress and encode ${indexMs - documentsMs} ms), ` +
    `search data ${searchMs} ms, total ${parseMs + indexMs + searchMs} ms; ` +
    `${data.info.wordCount} words indexed; index.bin ${(data.index.length / 1e6).toFixed(1)} MB, search.json ${(data.search.length / 1e6).toFixed(1)} MB`,
);

// --- 2. Matching cost ---
// Stored split, as the import stores it; its parts are read from memory here, not from IndexedDB.
at = performance.now();
const parts = splitIndex(data.index);
log(`split the index into parts (the import, before saving): ${ms(at)} ms`);
at = performance.now();
const imported = new MatchService(
  { index: SplitIndex.fromHead(parts.head), parts: { read: async (kind, numbers) => new Map(numbers.map((n) => [n, parts[kind][n]!])) } },
  { id: 'import1', name: 'Wire' },
);
log(`decode imported index's head (background, first use): ${ms(at)} ms`);
const shipped = MatchService.fromBytes(readFileSync(path.join(PROJECT_ROOT, 'public', 'corpus', 'index.bin')), { id: SHIPPED_CORPUS_ID, name: 'Built-in' });
const shippedOnly = new CorpusSetMatchService([shipped]);
const both = new CorpusSetMatchService([shipped, imported]);

const news = pageText(path.join(PROJECT_ROOT, 'tests', 'e2e', 'pages', 'news.html'));
const demo = pageText(path.join(PROJECT_ROOT, 'demo', 'news.html'));
const sampleParagraphs = generated.sample.text.split('\n\n');
const pages: Array<[string, string]> = [
  ['tests/e2e/pages/news.html', news],
  ['demo/news.html', demo],
  ['news.html + 3 imported paragraphs', [news, ...sampleParagraphs.slice(0, 3)].join('\n\n')],
];

log(`\nper-page matching, median of ${runs} runs after a warm-up (first call in parentheses: cold token cache)`);
log('| page | words | shipped only | shipped + imported | spans (shipped / both) |');
log('|---|---|---|---|---|');
for (const [name, text] of pages) {
  const cold = await timeOnce(() => both.findSourcedMatches(text));
  const a = await median(shippedOnly, text);
  const b = await median(both, text);
  const words = text.split(/\s+/).filter(Boolean).length;
  log(
    `| ${name} | ${words} | ${a.ms.toFixed(2)} ms | ${b.ms.toFixed(2)} ms (${cold.toFixed(1)} ms) | ${a.spans} / ${b.spans} |`,
  );
}

// --- 3. Search ---
at = performance.now();
const search = createCorpusSearch(JSON.parse(new TextDecoder().decode(data.search)) as SearchIndexFile, decodeIndex(data.index).documents, 'import1');
const loadSearchMs = ms(at);
const query = sampleParagraphs[0]!.split(' ').slice(2, 5).join(' ');
at = performance.now();
const hits = search.search(query, 8);
log(`\nsearch: load imported search data ${loadSearchMs} ms; query "${query}" ${ms(at)} ms, ${hits.length} hits`);

async function median(service: CorpusSetMatchService, text: string): Promise<{ ms: number; spans: number }> {
  let spans = 0;
  for (let i = 0; i < 3; i++) spans = (await service.findSourcedMatches(text)).length;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeOnce(() => service.findSourcedMatches(text)));
  times.sort((x, y) => x - y);
  return { ms: times[Math.floor(times.length / 2)]!, spans };
}

async function timeOnce(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** The visible text of an HTML file, roughly: no scripts or styles, tags dropped, blocks on their own lines. */
function pageText(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<\/(p|div|li|h\d|blockquote|tr|td|th)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&[a-z]+;/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n\n')
    .trim();
}
