/**
 * The corpus search box's data (`search.json`): short passages of every document
 * plus a prebuilt fuse.js index, so the extension does not tokenize the whole
 * corpus when the search box opens. Pure and DOM-free: the build script writes
 * it, the extension imports only the types and `SEARCH_KEYS`.
 */
import Fuse, { type FuseIndex } from 'fuse.js';
import type { CorpusDocument } from '../lib/corpus';

/** Version of the `search.json` layout; bump on any change to `SearchIndexFile`. */
export const SEARCH_INDEX_VERSION = 1;

/**
 * The fields the fuse index covers. Pass the same keys to `new Fuse(...)` with
 * `Fuse.parseIndex(file.fuseIndex)`, or the prebuilt index does not fit.
 */
export const SEARCH_KEYS = ['title', 'text'] as const;

/** Passages longer than this are cut at sentence ends, then at spaces, to keep hits focused. */
export const MAX_PASSAGE_CHARS = 600;

/**
 * One searchable unit. A document has one title entry (`title` set, `text` empty,
 * `start = end = 0`) and one entry per passage (`title` empty, `text` set). Passages
 * leave the title out so that a title word does not match every passage of that
 * document: show a passage hit with the title of the title entry of its `docId`.
 */
export interface SearchEntry {
  readonly docId: string;
  readonly title: string;
  /** Offset of the passage's first UTF-16 code unit in the document's text. */
  readonly start: number;
  /** Offset just past the passage: `text === document.text.slice(start, end)`. */
  readonly end: number;
  readonly text: string;
}

/** The JSON form of a fuse.js index, as `Fuse.parseIndex` takes it. */
export type SerializedFuseIndex = ReturnType<FuseIndex<SearchEntry>['toJSON']>;

/**
 * Contents of `search.json`. Search with `ignoreLocation: true`: fuse.js otherwise
 * scores matches by distance from the start of each passage.
 */
export interface SearchIndexFile {
  readonly version: typeof SEARCH_INDEX_VERSION;
  /** `info.corpusDigest` of the `index.bin` built from the same corpus: tells a stale pair apart. */
  readonly corpusDigest: string;
  readonly entries: readonly SearchEntry[];
  readonly fuseIndex: SerializedFuseIndex;
}

/**
 * Splits a text into passages: its non-blank lines (paragraphs in the usual
 * corpus layouts), trimmed, with lines longer than `maxChars` cut into pieces.
 * Lines without a letter or digit (rules, "* * *") are dropped. Returns
 * `[start, end)` offsets into `text`, in order.
 */
export function splitPassages(text: string, maxChars = MAX_PASSAGE_CHARS): Array<[number, number]> {
  const passages: Array<[number, number]> = [];
  for (const match of text.matchAll(/[^\r\n]+/g)) {
    let start = match.index + (match[0].length - match[0].trimStart().length);
    const end = match.index + match[0].trimEnd().length;
    if (!/[\p{L}\p{N}]/u.test(text.slice(start, end))) continue;
    while (end - start > maxChars) {
      const cut = findCut(text, start, start + maxChars);
      const pieceEnd = start + text.slice(start, cut).trimEnd().length;
      passages.push([start, pieceEnd]);
      const rest = text.slice(cut, end);
      start = cut + rest.length - rest.trimStart().length;
    }
    passages.push([start, end]);
  }
  return passages;
}

/** Lists the search entries of a corpus: per document, its title entry, then its passages. */
export function createSearchEntries(documents: readonly CorpusDocument[]): SearchEntry[] {
  const entries: SearchEntry[] = [];
  for (const doc of documents) {
    entries.push({ docId: doc.id, title: doc.title, start: 0, end: 0, text: '' });
    for (const [start, end] of splitPassages(doc.text)) {
      entries.push({ docId: doc.id, title: '', start, end, text: doc.text.slice(start, end) });
    }
  }
  return entries;
}

/** Builds the contents of `search.json`. Deterministic: the same documents give equal JSON. */
export function createSearchIndex(documents: readonly CorpusDocument[], corpusDigest: string): SearchIndexFile {
  const entries = createSearchEntries(documents);
  const fuseIndex = Fuse.createIndex<SearchEntry>([...SEARCH_KEYS], entries).toJSON();
  return { version: SEARCH_INDEX_VERSION, corpusDigest, entries, fuseIndex };
}

/**
 * Where to end a piece of `text` that starts before `limit`: just after the last
 * sentence end before `limit`, else at the last space, else at `limit` itself
 * (moved back one unit rather than split a surrogate pair).
 */
function findCut(text: string, start: number, limit: number): number {
  const window = text.slice(start, limit);
  let cut = -1;
  for (const match of window.matchAll(/[.!?…]["'”’)\]]*\s/g)) cut = match.index + match[0].length - 1;
  if (cut <= 0) cut = window.search(/\s\S*$/);
  if (cut > 0) return start + cut;
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff && limit - 1 > start ? limit - 1 : limit;
}
