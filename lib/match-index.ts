/**
 * What the matcher reads of an index, behind one small interface, so the same
 * matcher runs over a whole decoded index (the shipped corpus, the benchmarks)
 * and over the parts of a split index that a page has loaded (imported
 * corpora, split-index.ts).
 *
 * Every accessor may answer "not at hand" (null): a split index then notes
 * what to load, and its caller loads it and matches again. A whole index
 * always has everything at hand.
 */
import { FilterPart } from './filter-part';
import type { IndexData } from './index-format';

/** A fingerprint table: sorted keys, each with its run of postings. */
export type PostingTable = Pick<IndexData, 'keys' | 'offsets' | 'postingDocs' | 'postingPositions' | 'postingContexts'>;

/** The stored filter words of one document: words `[base, base + count)` of `part` (see filter-words.ts, filter-part.ts). */
export interface DocumentFilter {
  readonly part: FilterPart;
  readonly base: number;
  readonly count: number;
}

/** What the matcher reads of an index. */
export interface MatchIndex {
  /** Words per fingerprinted k-gram. */
  readonly k: number;
  readonly documentCount: number;
  /**
   * A fingerprint table holding the postings of every k-gram hash in
   * `kgrams` that the index has (it may hold more); null when not at hand.
   */
  postingTable(kgrams: Uint32Array): PostingTable | null;
  /** Filter words of a document; null when not at hand. */
  documentFilter(docIndex: number): DocumentFilter | null;
  /** Whether a document's text is at hand (a split index notes it as wanted when not). */
  hasText(docIndex: number): boolean;
  /** Text of a document; null when not at hand. */
  documentText(docIndex: number): string | null;
  /** Id of a document within its corpus (always at hand). */
  documentId(docIndex: number): string;
  /**
   * Publication date of a document as its metadata gives it (ISO 8601), if any
   * (always at hand). Unchecked: it only orders candidates (lib/source-cap.ts).
   */
  documentPublished(docIndex: number): string | undefined;
}

const wholeIndexes = new WeakMap<IndexData, MatchIndex>();

/** A decoded index as a `MatchIndex`: everything at hand (one adapter per index). */
export function wholeIndex(data: IndexData): MatchIndex {
  let index = wholeIndexes.get(data);
  if (!index) {
    let filters: FilterPart | undefined;
    index = {
      k: data.k,
      documentCount: data.documents.length,
      postingTable: () => data,
      documentFilter: (docIndex) => ({
        // One part of every word of the corpus, made on first use.
        part: (filters ??= FilterPart.fromWords(data.filterWords)),
        base: data.docWordStarts[docIndex]!,
        count: data.docWordStarts[docIndex + 1]! - data.docWordStarts[docIndex]!,
      }),
      hasText: () => true,
      documentText: (docIndex) => data.documents[docIndex]!.text,
      documentId: (docIndex) => data.documents[docIndex]!.id,
      documentPublished: (docIndex) => data.documents[docIndex]!.published,
    };
    wholeIndexes.set(data, index);
  }
  return index;
}

/** `index` as a `MatchIndex`, whichever of the two it is. */
export function asMatchIndex(index: IndexData | MatchIndex): MatchIndex {
  return 'postingTable' in index ? index : wholeIndex(index);
}
