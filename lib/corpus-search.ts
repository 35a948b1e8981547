/**
 * Full-text search over the corpus for the popup and the options page.
 *
 * Wraps fuse.js behind the project's own functions so the rest of the code never
 * depends on it: `createCorpusSearch` takes the contents of `search.json`
 * (written by corpus-index/build.ts), `searchCorpus` loads that file on first use.
 * Every query word must occur (fuzzily) in a passage or in a title.
 */
import Fuse, { type FuseResult, type IFuseOptions } from 'fuse.js';
import { SEARCH_INDEX_VERSION, SEARCH_KEYS, type SearchEntry, type SearchIndexFile } from '../corpus-index/search-index';

/** One search hit: a passage of a corpus document. */
export interface CorpusSearchResult {
  docId: string;
  /** Title of the document. */
  title: string;
  /** The passage, shortened around the first matched word. */
  excerpt: string;
  /** `[start, end)` of the whole passage in the document's text. */
  start: number;
  end: number;
}

/** A loaded corpus search. */
export interface CorpusSearch {
  search(query: string, limit?: number): CorpusSearchResult[];
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

/** Builds a search from the contents of `search.json`. Throws on a file of another layout version. */
export function createCorpusSearch(file: SearchIndexFile): CorpusSearch {
  if (file.version !== SEARCH_INDEX_VERSION || !Array.isArray(file.entries)) {
    throw new Error(`search.json has layout version ${String(file.version)}, expected ${SEARCH_INDEX_VERSION}`);
  }
  const entries = file.entries;
  const fuse = new Fuse<SearchEntry>(entries, FUSE_OPTIONS, Fuse.parseIndex<SearchEntry>(file.fuseIndex));
  const titles = new Map<string, string>();
  const firstPassage = new Map<string, SearchEntry>();
  for (const entry of entries) {
    if (entry.title) titles.set(entry.docId, entry.title);
    else if (!firstPassage.has(entry.docId)) firstPassage.set(entry.docId, entry);
  }

  return {
    search(query, limit = DEFAULT_LIMIT) {
      const fuseQuery = toFuseQuery(query);
      if (!fuseQuery || limit <= 0) return [];
      const results: CorpusSearchResult[] = [];
      const seen = new Set<string>();
      // Ask for a few more than needed: title hits and passage hits can name the same passage.
      for (const hit of fuse.search(fuseQuery, { limit: limit * 2 + 5 })) {
        const result = toResult(hit, titles, firstPassage);
        if (!result) continue;
        const key = `${result.docId}\u0000${result.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        results.push(result);
        if (results.length >= limit) break;
      }
      return results;
    },
  };
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
): CorpusSearchResult | null {
  const entry = hit.item;
  const title = titles.get(entry.docId) ?? entry.docId;
  // A title hit opens the document at its first passage.
  const passage = entry.title ? firstPassage.get(entry.docId) : entry;
  if (!passage) return null;
  const textMatch = entry.title ? undefined : hit.matches?.find((m) => m.key === 'text');
  const firstIndex = textMatch?.indices[0]?.[0] ?? 0;
  return { docId: entry.docId, title, excerpt: excerpt(passage.text, firstIndex), start: passage.start, end: passage.end };
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
 * Loads `/corpus/search.json` of the extension once (relative to the page's
 * origin, so it works from any extension page). A failed load is retried on the next call.
 */
export function loadCorpusSearch(url = '/corpus/search.json'): Promise<CorpusSearch> {
  loaded ??= fetch(url)
    .then((response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.json() as Promise<SearchIndexFile>;
    })
    .then(createCorpusSearch)
    .catch((error: unknown) => {
      loaded = null;
      throw error;
    });
  return loaded;
}

/** Searches the extension's corpus: up to `limit` passages, best first. */
export async function searchCorpus(query: string, limit = DEFAULT_LIMIT): Promise<CorpusSearchResult[]> {
  if (!toFuseQuery(query)) return [];
  return (await loadCorpusSearch()).search(query, limit);
}
