/**
 * The corpus search box's data (`search.json`): the documents' titles with a
 * prebuilt fuse.js index over them. Passages are not stored: they are cut from
 * the texts the corpus's `index.bin` already holds (`createPassageEntries`) when
 * the search box is first used, so a corpus is stored once, not twice. Pure and
 * DOM-free: the build script writes it, the extension imports the types,
 * `SEARCH_KEYS` and the passage splitter.
 */
import Fuse, { type FuseIndex } from 'fuse.js';
import type { CorpusDocument } from './corpus';

/** Version of the `search.json` layout; bump on any change to `SearchIndexFile`. */
export const SEARCH_INDEX_VERSION = 2;

/** The fields searched: a title entry has only a title, a passage only text. */
export const SEARCH_KEYS = ['title', 'text'] as const;

/**
 * The fields the prebuilt fuse index of `titles` covers. Pass the same keys to
 * `new Fuse(...)` with `Fuse.parseIndex(file.fuseIndex)`, or the index does not fit.
 */
export const TITLE_KEYS = ['title'] as const;

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
  /** The title entry of every document, in corpus order. */
  readonly titles: readonly SearchEntry[];
  /** fuse.js index of `titles` over `TITLE_KEYS`. */
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

/** The passage entries of documents, document after document: the search's units besides the titles. */
export function createPassageEntries(documents: readonly Pick<CorpusDocument, 'id' | 'text'>[]): SearchEntry[] {
  const entries: SearchEntry[] = [];
  for (const doc of documents) {
    const text = doc.text;
    for (const [start, end] of splitPassages(text)) entries.push({ docId: doc.id, title: '', start, end, text: text.slice(start, end) });
  }
  return entries;
}

/** Builds the contents of `search.json`. Deterministic: the same documents give equal JSON. */
export function createSearchIndex(documents: readonly Pick<CorpusDocument, 'id' | 'title'>[], corpusDigest: string): SearchIndexFile {
  const titles = documents.map((doc) => ({ docId: doc.id, title: doc.title, start: 0, end: 0, text: '' }));
  const fuseIndex = Fuse.createIndex<SearchEntry>([...TITLE_KEYS], titles).toJSON();
  return { version: SEARCH_INDEX_VERSION, corpusDigest, titles, fuseIndex };
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
