/**
 * Full-text search over the corpora for the popup and the options page.
 *
 * Wraps fuse.js behind the project's own functions so the rest of the code never
 * depends on it: `createCorpusSearch` takes the contents of a `search.json`
 * (titles with their fuse index, written by corpus-index/build.ts for the
 * shipped corpus, by the import worker for imported ones) and the documents of
 * the corpus's index, whose texts it cuts into passages on the first search;
 * `searchCorpus` searches every enabled corpus, loading each one's data on first
 * use. Every query word must occur (fuzzily) in a passage or in a title. An
 * imported corpus of more than `WORD_INDEX_ABOVE_WORDS` words is searched
 * through its word index instead (`createIndexedCorpusSearch`): only the
 * texts of documents holding every query word are read and cut.
 */
import Fuse, { type FuseResult, type IFuseOptions } from 'fuse.js';
import { createPassageEntries, SEARCH_INDEX_VERSION, SEARCH_KEYS, TITLE_KEYS, type SearchEntry, type SearchIndexFile } from '../lib/search-index';
import type { CorpusDocument } from '../lib/corpus';
import { sharedCorpusStore, type CorpusRecord, type CorpusStore } from './corpus-store/corpus-db';
import { qualifyDocId, SHIPPED_CORPUS_ID } from '../lib/corpus-ids';
import { decodeIndex } from '../lib/index-format';
import { DEFAULT_BUDGETS, readDocumentTexts, shareBudgets, SplitIndex } from '../lib/split-index';
import { queryWordHashes, WordIndex, WordIndexError } from '../lib/word-index';

/** One search hit: a passage of a corpus document. */
export interface CorpusSearchResult {
  /** Qualified like every document id outside its corpus (see corpus-store/corpus-ids.ts). */
  docId: string;
  /** Title of the document. */
  title: string;
  /** The passage, shortened around the first matched word. */
  excerpt: string;
  /** `[start, end)` of the whole passage in the document's text. */
  start: number;
  end: number;
  /** fuse.js score, 0 (exact) to 1 (no match): ranks hits from different corpora together. */
  score: number;
}

/** A loaded corpus search. */
export interface CorpusSearch {
  search(query: string, limit?: number): CorpusSearchResult[];
}

/** A loaded search that reads texts for each query (`createIndexedCorpusSearch`). */
export interface ReadingCorpusSearch {
  search(query: string, limit?: number): Promise<CorpusSearchResult[]>;
}

export const DEFAULT_LIMIT = 10;
/** Longest excerpt shown for a hit, in characters. */
export const EXCERPT_CHARS = 180;
/** Longest query looked at, in characters; longer ones are cut. */
const MAX_QUERY_CHARS = 200;

const FUSE_OPTIONS: IFuseOptions<SearchEntry> = {
  keys: [...SEARCH_KEYS],
  // search.json's passages are long: score matches wherever they are in them.
  ignoreLocation: true,
  threshold: 0.3,
  minMatchCharLength: 2,
  includeMatches: true,
  includeScore: true,
  // Each whitespace-separated word is a term; all terms must match (see toFuseQuery).
  useExtendedSearch: true,
};

/**
 * Corpora with more entries than this are searched in two steps: first the
 * entries holding every query word as typed (any case), then fuse.js over at
 * most `MAX_CANDIDATES` of those. fuse.js alone scores every entry with fuzzy
 * matching: seconds per query for an imported corpus of 10,000 articles, on
 * the popup's thread. The price is typo tolerance, kept for smaller corpora.
 */
export const NARROW_ABOVE_ENTRIES = 20_000;
/** Most entries fuse.js scores for one query of a large corpus. */
const MAX_CANDIDATES = 2_000;

/**
 * Imported corpora of more words than this are searched through their word
 * index, when they have one (lib/word-index.ts; imported since it exists).
 * About where a corpus's passages (≤ 600 characters, ≈ 100 words) pass
 * `NARROW_ABOVE_ENTRIES`, so typo tolerance is given up where it already was:
 * cutting every text on the first query cost 24–56 s and the searching page's
 * memory at 100,000 articles (docs/performance.md, "The corpus search of a
 * large corpus").
 */
export const WORD_INDEX_ABOVE_WORDS = 2_000_000;
/** Most documents of one segment whose texts a query reads and cuts, the first in corpus order holding every word. */
const MAX_CANDIDATE_DOCUMENTS = 50;

/** Tuning of `createCorpusSearch`. */
export interface CorpusSearchOptions {
  /** See `NARROW_ABOVE_ENTRIES` (the default). */
  narrowAboveEntries?: number;
}

/**
 * Builds a search from the contents of a `search.json` of corpus `corpusId`
 * (the shipped one by default) and the documents of the same corpus's index
 * (whose texts are read on the first search only). Throws on a file of another
 * layout version.
 */
export function createCorpusSearch(
  file: SearchIndexFile,
  documents: readonly CorpusDocument[],
  corpusId = SHIPPED_CORPUS_ID,
  options: CorpusSearchOptions = {},
): CorpusSearch {
  checkSearchFile(file);
  const titleFuse = new Fuse<SearchEntry>(file.titles, { ...FUSE_OPTIONS, keys: [...TITLE_KEYS] }, Fuse.parseIndex<SearchEntry>(file.fuseIndex));
  const titles = new Map<string, string>(file.titles.map((entry) => [entry.docId, entry.title]));
  // Cut on first use: the texts of a large corpus are inflated only when someone searches it.
  let passages: SearchEntry[] | null = null;
  let passageFuse: Fuse<SearchEntry> | null = null;
  let narrow = false;
  let firstPassage = new Map<string, SearchEntry>();
  const loadPassages = (): SearchEntry[] => {
    if (passages) return passages;
    passages = createPassageEntries(documents);
    firstPassage = firstPassages(passages);
    narrow = passages.length + file.titles.length > (options.narrowAboveEntries ?? NARROW_ABOVE_ENTRIES);
    if (!narrow) passageFuse = new Fuse<SearchEntry>(passages, FUSE_OPTIONS);
    return passages;
  };

  return {
    search(query, limit = DEFAULT_LIMIT) {
      const fuseQuery = toFuseQuery(query);
      if (!fuseQuery || limit <= 0) return [];
      const all = loadPassages();
      const passageHits = (passageFuse ?? new Fuse<SearchEntry>(entriesWithEveryWord(all, fuseQuery), FUSE_OPTIONS)).search(fuseQuery, {
        limit: hitsAsked(limit),
      });
      const titleHits = narrow ? titleHitsWithEveryWord(file.titles, fuseQuery, hitsAsked(limit)) : titleFuse.search(fuseQuery, { limit: hitsAsked(limit) });
      return bestResults([...passageHits, ...titleHits], titles, firstPassage, corpusId, limit);
    },
  };
}

/**
 * A search of one segment of a large imported corpus through its word index:
 * each query reads and cuts the texts of at most `MAX_CANDIDATE_DOCUMENTS`
 * documents holding every content word of the query (or the word with an
 * "s": `queryWordHashes`), and of the documents whose titles it hits, then
 * scores their passages as `createCorpusSearch` does a large corpus's: every
 * word as typed, then fuse.js. Words are matched whole, as the index holds
 * them. `texts` reads documents by number, as the titles of `file` and the
 * documents of `words` are numbered.
 */
export function createIndexedCorpusSearch(
  file: SearchIndexFile,
  words: WordIndex,
  texts: (docs: readonly number[]) => Promise<Pick<CorpusDocument, 'id' | 'text'>[]>,
  corpusId: string,
): ReadingCorpusSearch {
  checkSearchFile(file);
  if (file.titles.length !== words.documentCount) throw new Error(`the word index has ${words.documentCount} documents, search.json ${file.titles.length}`);
  const titles = new Map<string, string>(file.titles.map((entry) => [entry.docId, entry.title]));
  const numbers = new Map<string, number>(file.titles.map((entry, d) => [entry.docId, d]));
  return {
    async search(query, limit = DEFAULT_LIMIT) {
      const fuseQuery = toFuseQuery(query);
      if (!fuseQuery || limit <= 0) return [];
      const titleHits = titleHitsWithEveryWord(file.titles, fuseQuery, hitsAsked(limit));
      const docs = new Set(words.documentsWithEvery(queryWordHashes(fuseQuery), MAX_CANDIDATE_DOCUMENTS));
      // A title hit opens its document at the first passage: its text is read too.
      for (const hit of titleHits) docs.add(numbers.get(hit.item.docId)!);
      const passages = createPassageEntries(docs.size > 0 ? await texts([...docs].sort((a, b) => a - b)) : []);
      const passageHits = new Fuse<SearchEntry>(entriesWithEveryWord(passages, fuseQuery), FUSE_OPTIONS).search(fuseQuery, { limit: hitsAsked(limit) });
      return bestResults([...passageHits, ...titleHits], titles, firstPassages(passages), corpusId, limit);
    },
  };
}

/** Throws unless `file` is a `search.json` of the layout this code reads. */
function checkSearchFile(file: SearchIndexFile): void {
  if (file.version !== SEARCH_INDEX_VERSION || !Array.isArray(file.titles)) {
    throw new Error(`search.json has layout version ${String(file.version)}, expected ${SEARCH_INDEX_VERSION}`);
  }
}

/** Hits asked of each of fuse.js's searches for `limit` results: a few more, as title hits and passage hits can name the same passage. */
function hitsAsked(limit: number): number {
  return limit * 2 + 5;
}

/** Each document's first passage, by document id. */
function firstPassages(passages: readonly SearchEntry[]): Map<string, SearchEntry> {
  const first = new Map<string, SearchEntry>();
  for (const entry of passages) if (!first.has(entry.docId)) first.set(entry.docId, entry);
  return first;
}

/** The best `limit` results of `hits`, best first, a passage once. */
function bestResults(
  hits: FuseResult<SearchEntry>[],
  titles: ReadonlyMap<string, string>,
  firstPassage: ReadonlyMap<string, SearchEntry>,
  corpusId: string,
  limit: number,
): CorpusSearchResult[] {
  const results: CorpusSearchResult[] = [];
  const seen = new Set<string>();
  hits.sort((a, b) => (a.score ?? 1) - (b.score ?? 1));
  for (const hit of hits) {
    const result = toResult(hit, titles, firstPassage, corpusId);
    if (!result) continue;
    const key = `${result.docId}\u0000${result.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    results.push(result);
    if (results.length >= limit) break;
  }
  return results;
}

/**
 * Title hits of a large corpus, as its passages are searched: only titles
 * holding every word as typed, then scored by fuse.js.
 */
function titleHitsWithEveryWord(titles: readonly SearchEntry[], fuseQuery: string, limit: number): FuseResult<SearchEntry>[] {
  const candidates = entriesWithEveryWord(titles, fuseQuery);
  return new Fuse<SearchEntry>(candidates, { ...FUSE_OPTIONS, keys: [...TITLE_KEYS] }).search(fuseQuery, { limit });
}

/** The first `MAX_CANDIDATES` entries whose title or text holds every word of `fuseQuery`, ignoring case. */
function entriesWithEveryWord(entries: readonly SearchEntry[], fuseQuery: string): SearchEntry[] {
  const words = fuseQuery.split(' ').map((word) => new RegExp(word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));
  const found: SearchEntry[] = [];
  for (const entry of entries) {
    const text = entry.title || entry.text;
    if (words.every((word) => word.test(text)) && found.push(entry) >= MAX_CANDIDATES) break;
  }
  return found;
}

/**
 * Turns what the user typed into a fuse.js extended-search query: words joined
 * by spaces (AND), each a plain fuzzy term. Characters that are operators in
 * extended search (`'`, `=`, `!`, `^`, `$`, `|`, quotes) separate words instead,
 * so typed punctuation never changes the meaning of a query ("Iraq's" looks for
 * "Iraq"); words of one character are left out. Empty when nothing is left.
 */
export function toFuseQuery(query: string): string {
  return query
    .slice(0, MAX_QUERY_CHARS)
    .replace(/[|"'‘’“”=!^$]/g, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((word) => word.length >= 2)
    .join(' ');
}

function toResult(
  hit: FuseResult<SearchEntry>,
  titles: ReadonlyMap<string, string>,
  firstPassage: ReadonlyMap<string, SearchEntry>,
  corpusId: string,
): CorpusSearchResult | null {
  const entry = hit.item;
  const title = titles.get(entry.docId) ?? entry.docId;
  // A title hit opens the document at its first passage.
  const passage = entry.title ? firstPassage.get(entry.docId) : entry;
  if (!passage) return null;
  const textMatch = entry.title ? undefined : hit.matches?.find((m) => m.key === 'text');
  const firstIndex = textMatch?.indices[0]?.[0] ?? 0;
  return {
    docId: qualifyDocId(corpusId, entry.docId),
    title,
    excerpt: excerpt(passage.text, firstIndex),
    start: passage.start,
    end: passage.end,
    score: hit.score ?? 1,
  };
}

/** At most `EXCERPT_CHARS` of `text` around `at`, cut at spaces, with ellipses where cut. */
export function excerpt(text: string, at: number, maxChars = EXCERPT_CHARS): string {
  if (text.length <= maxChars) return text;
  let start = Math.max(0, Math.min(at - Math.floor(maxChars / 3), text.length - maxChars));
  let end = Math.min(text.length, start + maxChars);
  if (start > 0) {
    const space = text.indexOf(' ', start);
    if (space !== -1 && space < at) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end);
    if (space > start) end = space;
  }
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

let loaded: Promise<CorpusSearch> | null = null;

/**
 * Loads `/corpus/search.json` and `/corpus/index.bin` of the extension once
 * (relative to the page's origin, so it works from any extension page). A
 * failed load is retried on the next call.
 */
export function loadCorpusSearch(url = '/corpus/search.json', indexUrl = '/corpus/index.bin'): Promise<CorpusSearch> {
  const get = async (from: string): Promise<Response> => {
    const response = await fetch(from);
    if (!response.ok) throw new Error(`${from}: HTTP ${response.status}`);
    return response;
  };
  loaded ??= Promise.all([get(url).then((response) => response.json() as Promise<SearchIndexFile>), get(indexUrl).then((response) => response.arrayBuffer())])
    .then(([file, index]) => createCorpusSearch(file, decodeIndex(index).documents))
    .catch((error: unknown) => {
      loaded = null;
      throw error;
    });
  return loaded;
}

/** Searches of imported corpora by `<id>@<revision>`, one a segment: a rename or a switch keeps them, a re-import does not. */
const importedSearches = new Map<string, Promise<(CorpusSearch | ReadingCorpusSearch)[] | null>>();

/** The search of an imported corpus, one a segment, from IndexedDB; null (and a warning) when its data is missing or damaged. */
function loadImportedSearch(record: CorpusRecord): Promise<(CorpusSearch | ReadingCorpusSearch)[] | null> {
  const key = `${record.id}@${record.revision}`;
  let search = importedSearches.get(key);
  if (!search) {
    search = (async () => {
      const store = await sharedCorpusStore();
      const files = await store.getSearches(record);
      if (!files) throw new Error('no search data stored');
      const parse = (bytes: Uint8Array): SearchIndexFile => JSON.parse(new TextDecoder().decode(bytes)) as SearchIndexFile;
      // A large corpus imported with word indexes reads, per query, the texts of the documents they name.
      const wordIndexes = record.wordCount > WORD_INDEX_ABOVE_WORDS ? decodeWordIndexes(record, await store.getWordIndexes(record)) : null;
      if (wordIndexes) {
        return Promise.all(
          wordIndexes.map(async (words, segment) =>
            createIndexedCorpusSearch(parse(files[segment]!), words, await segmentTexts(store, record, segment, wordIndexes.length), record.id),
          ),
        );
      }
      const searches: CorpusSearch[] = [];
      let segment = 0;
      // Texts and metadata only: the search never needs a segment's postings or filter words.
      for await (const documents of store.documents(record)) {
        if (!documents) throw new Error('no index stored');
        searches.push(createCorpusSearch(parse(files[segment++]!), documents, record.id));
      }
      return searches;
    })().catch((error: unknown) => {
      console.warn(`[Sourcelight] search of corpus ${record.id} is unavailable`, error);
      importedSearches.delete(key);
      return null;
    });
    importedSearches.set(key, search);
  }
  return search;
}

/**
 * The decoded word indexes of a corpus's segments; null when it has none, or
 * when one is damaged (a warning then): its search then cuts every text, as
 * for a corpus imported before word indexes, slower but whole.
 */
function decodeWordIndexes(record: CorpusRecord, stored: Uint8Array[] | null): WordIndex[] | null {
  try {
    return stored?.map((bytes) => WordIndex.decode(bytes)) ?? null;
  } catch (error) {
    if (!(error instanceof WordIndexError)) throw error;
    console.warn(`[Sourcelight] the word index of corpus ${record.id} is damaged; its search reads every text instead`, error);
    return null;
  }
}

/**
 * Reads documents' texts of segment `segment` (of `segments`) of an imported
 * corpus by number: its head once, then per call only the text parts holding
 * them (kept within the segment's share of the background's budgets, as the
 * matcher keeps them).
 */
async function segmentTexts(
  store: CorpusStore,
  record: CorpusRecord,
  segment: number,
  segments: number,
): Promise<(docs: readonly number[]) => Promise<Pick<CorpusDocument, 'id' | 'text'>[]>> {
  const head = await store.getHead(record, segment);
  if (!head) throw new Error(`no index stored for segment ${segment}`);
  const index = SplitIndex.fromHead(head, shareBudgets(DEFAULT_BUDGETS, segments));
  const reader = store.partReader(record, segment);
  return async (docs) => {
    const texts = await readDocumentTexts(index, reader, docs);
    return docs.map((doc, i) => ({ id: index.documentId(doc), text: texts[i]! }));
  };
}

/**
 * Searches every enabled corpus: up to `limit` passages, best first. Which
 * corpora are enabled is read on every call, so a page open while they change
 * searches the new set.
 */
export async function searchCorpus(query: string, limit = DEFAULT_LIMIT): Promise<CorpusSearchResult[]> {
  if (!toFuseQuery(query)) return [];
  // Imported on first search, not with this module: it reads extension storage, whose items
  // start their migrations when defined, and the pure search functions above need no extension.
  const { enabledCorpora } = await import('./corpus-store/enabled-corpora');
  const enabled = await enabledCorpora();
  const searches = await Promise.all([
    ...(enabled.shipped ? [loadCorpusSearch().then((search) => [search])] : []),
    ...enabled.imported.map(loadImportedSearch),
  ]);
  const results = (await Promise.all(searches.flatMap((segments) => segments?.map((search) => search.search(query, limit)) ?? []))).flat();
  // A stable sort: among equal scores, the shipped corpus first, then imports in import order.
  return results.sort((a, b) => a.score - b.score).slice(0, limit);
}
