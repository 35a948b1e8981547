/**
 * Index format 5 (and 4): a format-3 index (index-format.ts) cut into parts that are
 * stored as separate records and read per page, so waking the background reads
 * a small head, not the whole corpus, and a page reads only what it needs:
 *
 * - the **head** (read once per wake): the fingerprints themselves, as a
 *   directory of their top 16 bits and their low 16 bits (2 bytes a key: the
 *   set is exact, so a page k-gram the corpus lacks costs no read at all), the
 *   per-document tables and the documents' metadata;
 * - **posting parts**, one per run of keys sharing their top `partBits` bits:
 *   offsets, document numbers, word positions and context bytes of the postings
 *   of those keys (tens of kilobytes each; see `DEFAULT_PART_SIZES`);
 * - **filter parts**: the 16-bit filter words of `filterGroupDocs` documents,
 *   without their zeros (lib/filter-part.ts; format 4 stored them all);
 * - **text parts**: a few deflate-raw text shards each, as in format 3.
 *
 * A page then costs its hits' posting parts, the filter words of documents with
 * a telling chain, and the texts of documents with a promising one
 * (`findMatchesInParts`); nothing of the rest of the corpus.
 *
 * ```
 * head   offset  size                  field (u32 little-endian unless noted)
 *        0       4                     magic "SLIS"
 *        4       4                     format version (5; 4 is read too)
 *        8       4×12                  k, w, keyCount, postingCount, documentCount, wordCount,
 *                                      shardCount, textByteLength, metaByteLength, partBits,
 *                                      filterGroupDocs, textPartShards
 *        56      4×(2^16 + 1)          directory: keys whose top 16 bits are b are [directory[b], directory[b + 1])
 *        ..      4×(documentCount + 1) docWordStarts
 *        ..      4×(shardCount + 1)    shardFirstDocs
 *        ..      4×(shardCount + 1)    shardOffsets
 *        ..      4×documentCount       textByteLengths
 *        ..      2×keyCount (+0 or 2)  low 16 bits of each key (u16), padded to a multiple of 4
 *        ..      metaByteLength        metadata JSON, as in format 3
 * postings part p (keys with top partBits bits p, in key order):
 *        u32 keyCount, u32 postingCount, offsets u32×(keyCount + 1) from 0,
 *        documents u32×postingCount, positions u32×postingCount, contexts u8×postingCount
 * filters part g: the filter words of documents [g × filterGroupDocs, (g + 1) × filterGroupDocs),
 *                 as lib/filter-part.ts stores them (format 4: every word, u16)
 * texts part t:   deflate-raw text shards [t × textPartShards, (t + 1) × textPartShards), one after the other
 * ```
 */
import {
  align4,
  assembleIndexWithShards,
  checkMonotonic,
  decodeIndexSections,
  inflateShard,
  INDEX_FORMAT_VERSION,
  IndexFormatError,
  LITTLE_ENDIAN,
  parseIndexMetaDeferred,
  shardHolding,
  type DeferredIndexMeta,
  type IndexData,
  type IndexInfo,
} from './index-format';
import type { CorpusDocument, DocumentMetadata } from './corpus';
import { encodeFilterPart, FilterPart } from './filter-part';
import { SKIPPED_KGRAM } from './fingerprint';
import type { DocumentFilter, MatchIndex, PostingTable } from './match-index';
import { chooseOwnCandidates, DocumentTokenCache, findMatches, pageCandidates, pageKgrams, type MatchOptions, type MatchSpan } from './matcher';
import type { CandidateChoice, SourceCapSeat } from './source-cap';

/** Format version of the split indexes this code writes. */
export const SPLIT_FORMAT_VERSION = 5;
/**
 * Format versions of split index this code reads. Format 4 differs only in
 * its filter parts (every word, 2 bytes each), so corpora imported before
 * format 5 keep working without a re-import.
 */
const READABLE_SPLIT_FORMAT_VERSIONS: readonly number[] = [4, SPLIT_FORMAT_VERSION];

/** Whether this code reads a split index of format `version` (a corpus of another must be imported again). */
export function isReadableSplitFormat(version: number): boolean {
  return READABLE_SPLIT_FORMAT_VERSIONS.includes(version);
}
const HEAD_MAGIC = 0x53494c53; // "SLIS" read as a little-endian u32
const HEAD_FIELDS = 14;
const HEAD_BYTES = 4 * HEAD_FIELDS;
/** Bits of a key in the head's directory; the other 16 are stored per key. */
const DIRECTORY_BITS = 16;
const DIRECTORY_SIZE = 1 << DIRECTORY_BITS;
/**
 * Sizes of parts, by default. Measured in Chromium (headless, this project's
 * 2-core machine): reading costs ≈ 0.2 ms a record (in one transaction,
 * whether by `get` or in ranges by `getAll`) plus ≈ 10 ms a megabyte; the
 * import's one transaction writing 58 MB costs 1.3–2.4 s plus ≈ 0.4 ms a
 * record in a page and ≈ 1.2 ms a record in the import worker (3,237 records:
 * 4.0 s). A 2k-word page hits ≈ 270 keys of the 10,000-article bench corpus,
 * in about as many posting parts at 1,024 parts as at 65,536, and its ≈ 1,400
 * candidate documents are spread over the whole corpus, so its filter parts
 * are most of them at any size. Parts of 20–90 KB (1,619 records for 10,000
 * articles) kept a page's reads (≈ 700 records, ≈ 24 MB) and the import's
 * writes near their least together. Then the wake, timed step by step in the
 * service worker, showed reads costing ≈ 50 ms a megabyte there, and the
 * page's posting parts (7.9 MB for its 0.05 MB of postings) the slowest:
 * posting parts of 8 KB read ≈ 2 MB instead, and the wake took 1,737 ms
 * instead of 1,947 (median of 5, side by side), for ≈ 0.2–0.8 s more at
 * import; text parts of 8 shards instead of 16 then took it to 1,548 ms
 * against 1,795 (4,899 records in all; docs/performance.md, "The split store").
 */
export const DEFAULT_PART_SIZES: PartSizes = {
  postingPartBytes: 8 * 1024,
  // About 26 news articles.
  filterPartWords: 16_384,
  textPartShards: 8,
};

/**
 * Text shards a text part of a corpus in several segments holds at most. A
 * page reads a text part for each candidate document whose text it needs, and
 * in a large corpus these are spread so thinly that each part read serves
 * one document: a 2k-word page of the 100,000-article bench corpus reads the
 * texts of ≈ 630 documents in 760 parts of 8 shards, 35 MB for ≈ 4 MB of
 * their shards. Reading 190 such parts in Chromium took 205–341 ms at 8
 * shards a part, 108–143 ms at 2 and 77–81 ms at 1 (three runs each, the
 * layouts alternated): there the bytes cost, not the records, but a whole
 * corpus stored at 1 shard a part (≈ 17,000 more records) made every page
 * slower than at 2 in `npm run bench:large`. At 2 the page reads
 * 9.1 MB in 810 parts and comes 0.7 s sooner, while the import writes
 * ≈ 12,700 more records for 100,000 articles without taking measurably longer.
 * A corpus of one segment keeps `DEFAULT_PART_SIZES`: its page reads ≈ 90
 * text parts, where 4 shards a part saved nothing measurable, and its import
 * is at its target (docs/performance.md, "Text parts of large corpora").
 */
export const SEGMENTED_TEXT_PART_SHARDS = 2;

/**
 * The part sizes of each segment of a corpus cut into `segmentCount`
 * segments, from the corpus's `sizes`: the posting parts of all segments are
 * packed together into records of about one part's size (so each segment
 * aims at its share), and text parts hold at most `SEGMENTED_TEXT_PART_SHARDS`.
 */
export function segmentPartSizes(sizes: PartSizes, segmentCount: number): PartSizes {
  if (segmentCount <= 1) return sizes;
  return {
    ...sizes,
    postingPartBytes: sizes.postingPartBytes / segmentCount,
    textPartShards: Math.min(sizes.textPartShards, SEGMENTED_TEXT_PART_SHARDS),
  };
}

/** How large the parts of a split index are made. */
export interface PartSizes {
  /** Bytes a posting part aims at (its keys' share of the table). */
  readonly postingPartBytes: number;
  /** Filter words (2 bytes each) a filter part aims at. */
  readonly filterPartWords: number;
  /** Text shards (about 8 KB of text each, half that compressed) in a text part. */
  readonly textPartShards: number;
  /**
   * Top key bits that number the posting parts, instead of those chosen from
   * `postingPartBytes`: the segments of one corpus all cut at the bits of its
   * first, so that their parts *n* cover the same keys (lib/packed-parts.ts).
   */
  readonly postingPartBits?: number;
}

/** The kinds of part a split index is stored in. */
export type PartKind = 'head' | 'postings' | 'filters' | 'texts';

/** Part numbers by kind, ascending: what a use of a split index lacked (`SplitIndex.noting`). */
export type WantedParts = Record<Exclude<PartKind, 'head'>, number[]>;

/** A split index: its head and every part, each array indexed by part number. */
export interface SplitParts {
  readonly head: Uint8Array;
  readonly postings: readonly Uint8Array[];
  readonly filters: readonly Uint8Array[];
  readonly texts: readonly Uint8Array[];
}

/** Cuts a format-3 index (its bytes, checked on the way) into a split index. */
export function splitIndex(bytes: Uint8Array, sizes: PartSizes = DEFAULT_PART_SIZES): SplitParts {
  const sections = decodeIndexSections(bytes);
  const { data, shardFirstDocs, shardOffsets, textByteLengths, texts, meta } = sections;
  const documentCount = data.documents.length;
  const keyCount = data.keys.length;
  const postingCount = data.postingDocs.length;
  const partBits = sizes.postingPartBits ?? choosePartBits(keyCount, postingCount, sizes.postingPartBytes);
  if (!Number.isInteger(partBits) || partBits < 0 || partBits > DIRECTORY_BITS) throw new RangeError(`posting part bits must be 0–${DIRECTORY_BITS}, not ${partBits}`);
  const filterGroupDocs = Math.max(1, Math.round(sizes.filterPartWords / Math.max(1, data.filterWords.length / Math.max(1, documentCount))));
  const textPartShards = Math.max(1, Math.floor(sizes.textPartShards));

  const directory = new Uint32Array(DIRECTORY_SIZE + 1);
  for (let b = 0, i = 0; b <= DIRECTORY_SIZE; b++) {
    while (i < keyCount && data.keys[i]! >>> DIRECTORY_BITS < b) i++;
    directory[b] = i;
  }
  const lowKeys = new Uint16Array(keyCount);
  for (let i = 0; i < keyCount; i++) lowKeys[i] = data.keys[i]! & 0xffff;

  const shardCount = shardFirstDocs.length - 1;
  const header = [HEAD_MAGIC, SPLIT_FORMAT_VERSION, data.k, data.w, keyCount, postingCount, documentCount, data.filterWords.length, shardCount, texts.length, meta.length, partBits, filterGroupDocs, textPartShards];
  const head = writeParts([Uint32Array.from(header), directory, data.docWordStarts, shardFirstDocs, shardOffsets, textByteLengths], lowKeys, meta);

  const postings: Uint8Array[] = [];
  const span = DIRECTORY_SIZE >>> partBits;
  for (let p = 0; p < 1 << partBits; p++) {
    const firstKey = directory[p * span]!;
    const endKey = directory[(p + 1) * span]!;
    const from = data.offsets[firstKey]!;
    const to = data.offsets[endKey]!;
    const offsets = data.offsets.slice(firstKey, endKey + 1).map((offset) => offset - from);
    const part = new Uint8Array(8 + 4 * (endKey - firstKey + 1) + 9 * (to - from));
    let at = putLittleEndian(part, 0, Uint32Array.of(endKey - firstKey, to - from));
    for (const array of [offsets, data.postingDocs.subarray(from, to), data.postingPositions.subarray(from, to)]) at = putLittleEndian(part, at, array);
    part.set(data.postingContexts.subarray(from, to), at);
    postings.push(part);
  }

  const filters: Uint8Array[] = [];
  for (let first = 0; first < documentCount; first += filterGroupDocs) {
    const words = data.filterWords.subarray(data.docWordStarts[first]!, data.docWordStarts[Math.min(documentCount, first + filterGroupDocs)]!);
    filters.push(encodeFilterPart(words));
  }

  const textParts: Uint8Array[] = [];
  for (let s = 0; s < shardCount; s += textPartShards) textParts.push(texts.slice(shardOffsets[s]!, shardOffsets[Math.min(shardCount, s + textPartShards)]!));
  return { head, postings, filters, texts: textParts };
}

/** Writes u32 arrays, then u16 words padded to 4 bytes, then raw bytes, little-endian. */
function writeParts(u32Arrays: readonly Uint32Array[], u16: Uint16Array, tail: Uint8Array): Uint8Array {
  const u32Bytes = 4 * u32Arrays.reduce((sum, array) => sum + array.length, 0);
  const bytes = new Uint8Array(u32Bytes + align4(2 * u16.length) + tail.length);
  let at = 0;
  for (const array of u32Arrays) at = putLittleEndian(bytes, at, array);
  at = putLittleEndian(bytes, at, u16);
  bytes.set(tail, align4(at));
  return bytes;
}

/** Writes `values` little-endian at byte `at` of `bytes`; returns the end. */
function putLittleEndian(bytes: Uint8Array, at: number, values: Uint16Array | Uint32Array): number {
  if (LITTLE_ENDIAN) {
    bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const width = values.BYTES_PER_ELEMENT;
    for (let i = 0; i < values.length; i++) {
      if (width === 4) view.setUint32(at + 4 * i, values[i]!, true);
      else view.setUint16(at + 2 * i, values[i]!, true);
    }
  }
  return at + values.byteLength;
}

/** The top key bits that number the posting parts of `parts` (`PartSizes.postingPartBits`). */
export function postingPartBitsOf(parts: SplitParts): number {
  return Math.log2(parts.postings.length);
}

/** Top bits of a posting part: as few parts as keep each near `partBytes`, at most 2^16. */
function choosePartBits(keyCount: number, postingCount: number, partBytes: number): number {
  const bytes = 4 * keyCount + 9 * postingCount;
  let bits = 0;
  while (bits < DIRECTORY_BITS && bytes / (1 << bits) > partBytes) bits++;
  return bits;
}

/** Joins a split index back into the format-3 file it was cut from, byte for byte (for export and search). */
export function joinIndex(parts: SplitParts): Uint8Array {
  const split = SplitIndex.fromHead(parts.head);
  parts.postings.forEach((part, p) => split.addPart('postings', p, part));
  parts.filters.forEach((part, g) => split.addPart('filters', g, part));
  const all = Uint32Array.from({ length: split.partCount('postings') }, (_, p) => p);
  const table = split.mergedTable(all);
  const filterWords = new Uint16Array(split.wordCount);
  for (let g = 0; g < split.partCount('filters'); g++) {
    filterWords.set(split.filterPart(g), split.docWordStarts[g * split.filterGroupDocs]!);
  }
  if (parts.texts.length !== split.partCount('texts')) throw new IndexFormatError(`split index has ${parts.texts.length} text parts, its head says ${split.partCount('texts')}`);
  parts.texts.forEach((part, t) => split.addPart('texts', t, part));
  const shards = Array.from({ length: split.shardFirstDocs.length - 1 }, (_, s) => split.compressedShard(s));
  const data: IndexData = {
    version: INDEX_FORMAT_VERSION,
    k: split.k,
    w: split.w,
    ...table,
    docWordStarts: split.docWordStarts,
    filterWords,
    info: split.info,
    documents: Array.from({ length: split.documentCount }, (_, docIndex) => ({ ...split.documentMetadata(docIndex), text: '' })),
  };
  return assembleIndexWithShards(data, split.shardFirstDocs, split.textByteLengths, shards);
}

/**
 * The documents of a split index, from its head and text parts alone: what
 * export and the corpus search need, without the posting and filter parts
 * (most of a stored index) or joining the whole index first. Each `text` is
 * inflated when read (an enumerable getter, as in `decodeIndex`), so a caller
 * going through them holds a few shards at a time. Throws `IndexFormatError`
 * when a text part is missing or does not fit the head.
 */
export function splitDocuments(head: Uint8Array, texts: readonly Uint8Array[]): CorpusDocument[] {
  const split = SplitIndex.fromHead(head);
  if (texts.length !== split.partCount('texts')) throw new IndexFormatError(`split index has ${texts.length} text parts, its head says ${split.partCount('texts')}`);
  texts.forEach((part, t) => split.addPart('texts', t, part));
  return Array.from({ length: split.documentCount }, (_, docIndex) => {
    const doc = { ...split.documentMetadata(docIndex) } as CorpusDocument;
    Object.defineProperty(doc, 'text', { enumerable: true, get: () => split.documentText(docIndex)! });
    return doc;
  });
}

/** Postings: documents, positions and contexts, one of each a posting. */
interface PostingRun {
  readonly docs: Uint32Array;
  readonly positions: Uint32Array;
  readonly contexts: Uint8Array;
}

/** A posting part's tables, as views of its bytes: its keys' postings one after the other, `offsets` where each key's start. */
interface PostingPart extends PostingRun {
  readonly offsets: Uint32Array;
}

/** Bytes a kept run of postings holds. */
function runBytes(run: PostingRun): number {
  return 9 * run.docs.length;
}

/**
 * Bytes kept between pages (a page keeps everything it read until it is
 * done): loaded parts per kind, and `keyRuns`, the postings of keys pages
 * looked up. A page's own postings are a small part of the posting parts it
 * reads (0.05 MB of 7.9 MB for the bench's 2k-word page, docs/performance.md),
 * so keeping them lets the same page, read again (settings changed, text
 * revealed), and pages sharing its phrases skip those reads.
 */
export interface SplitIndexBudgets {
  readonly postings: number;
  readonly filters: number;
  readonly texts: number;
  readonly keyRuns: number;
  /** Text shards kept inflated (about 8 KB each), so a document read again is not inflated again. */
  readonly inflatedTexts: number;
}

/**
 * The budgets of the background: 36 MB in all, within the 60 MB the background
 * may hold for 10,000 articles. The filter words of 10,000 news articles
 * (≈ 6.2 million words, 2 bytes each in format 4) fit whole: with 10 MB, a warm
 * 10,000-word page read the same 59 filter parts (1.9 MB) again on every
 * visit, the parts the last page's eviction had just dropped. In format 5
 * they take 7.1 MB in memory, so the same budget keeps twice the words for a
 * larger corpus.
 */
export const DEFAULT_BUDGETS: SplitIndexBudgets = {
  postings: 10 * 1024 * 1024,
  filters: 14 * 1024 * 1024,
  texts: 6 * 1024 * 1024,
  keyRuns: 4 * 1024 * 1024,
  inflatedTexts: 2 * 1024 * 1024,
};
/**
 * A corpus stored in `ways` segments (extension/corpus-store/corpus-db.ts) has
 * a split index a segment: each gets its share of `budgets`, so the parts a
 * corpus keeps between pages are bounded the same whatever its segments.
 */
export function shareBudgets(budgets: SplitIndexBudgets, ways: number): SplitIndexBudgets {
  const share = (bytes: number): number => Math.floor(bytes / Math.max(1, ways));
  return {
    postings: share(budgets.postings),
    filters: share(budgets.filters),
    texts: share(budgets.texts),
    keyRuns: share(budgets.keyRuns),
    inflatedTexts: share(budgets.inflatedTexts),
  };
}

/**
 * A split index in use: its head decoded once, and the parts loaded so far,
 * kept within a byte budget between pages. As a `MatchIndex` it answers from
 * the loaded parts and notes every part asked for but not loaded
 * (`noting`); `findMatchesInParts` loads them and matches again.
 */
export class SplitIndex implements MatchIndex {
  readonly k: number;
  readonly w: number;
  readonly documentCount: number;
  readonly wordCount: number;
  readonly info: IndexInfo;
  /** Ids of the documents, in index order. */
  readonly documentIds: readonly string[];
  readonly docWordStarts: Uint32Array;
  readonly shardFirstDocs: Uint32Array;
  readonly textByteLengths: Uint32Array;
  readonly filterGroupDocs: number;
  /** The format the index was written in (`isReadableSplitFormat`). */
  readonly formatVersion: number;
  private readonly textPartShards: number;
  private readonly postingCount: number;
  private readonly partBits: number;
  private readonly directory: Uint32Array;
  private readonly lowKeys: Uint16Array;
  private readonly shardOffsets: Uint32Array;
  private readonly meta: DeferredIndexMeta;
  private readonly parts = { postings: new Map<number, Uint8Array>(), filters: new Map<number, Uint8Array>(), texts: new Map<number, Uint8Array>() };
  private readonly partBytes = { postings: 0, filters: 0, texts: 0 };
  /** Where `touch` notes parts asked for but not loaded, while `noting` runs. */
  private wanted: Record<Exclude<PartKind, 'head'>, Set<number>> | null = null;
  private readonly decodedPostings = new Map<number, PostingPart>();
  private readonly decodedFilters = new Map<number, FilterPart>();
  /** Inflated text shards, least recently used first, within `budgets.inflatedTexts` between pages. */
  private readonly inflated = new Map<number, Uint8Array>();
  private inflatedBytes = 0;
  /**
   * Shards the open pages were told are at hand (`hasText`, `documentText`):
   * their text parts may have gone with an earlier page, so dropping them in
   * the middle of a page would leave a document it counts on without text
   * (seen at 100,000 articles: "the text of document 672 is not at hand").
   */
  private readonly inflatedInUse = new Set<number>();
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** Pages being matched: parts are evicted only when none is. */
  private pagesOpen = 0;
  /** Postings of keys looked up, by key, least recently used first (see `SplitIndexBudgets`). */
  private readonly keyRuns = new Map<number, PostingRun>();
  private keyRunBytes = 0;
  /** The last table `postingTable` built, with the page k-grams it was built for. */
  private lastTable: { kgrams: Uint32Array; table: PostingTable } | null = null;

  private constructor(
    head: Uint8Array,
    private readonly budgets: SplitIndexBudgets,
  ) {
    let bytes = head;
    if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
    if (bytes.length < HEAD_BYTES) throw new IndexFormatError('split index head is truncated');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const u32 = (i: number): number => view.getUint32(4 * i, true);
    if (u32(0) !== HEAD_MAGIC) throw new IndexFormatError('not a Sourcelight split index (bad magic)');
    if (!isReadableSplitFormat(u32(1))) throw new IndexFormatError(`split index format version ${u32(1)} is not supported (expected ${READABLE_SPLIT_FORMAT_VERSIONS.join(' or ')})`);
    this.formatVersion = u32(1);
    const [k, w, keyCount, postingCount, documentCount, wordCount, shardCount, textByteLength, metaLength, partBits, filterGroupDocs, textPartShards] = Array.from({ length: 12 }, (_, i) => u32(i + 2));
    const expected = HEAD_BYTES + 4 * (DIRECTORY_SIZE + 1 + documentCount! + 1 + 2 * (shardCount! + 1) + documentCount!) + align4(2 * keyCount!) + metaLength!;
    if (bytes.length !== expected) throw new IndexFormatError(`split index head is ${bytes.length} bytes, it says ${expected}`);
    if (k! < 1 || w! < 1 || partBits! > DIRECTORY_BITS || filterGroupDocs! < 1 || textPartShards! < 1) throw new IndexFormatError('split index head has an invalid layout');
    let at = bytes.byteOffset + HEAD_BYTES;
    const take = (count: number): Uint32Array => {
      const array = LITTLE_ENDIAN ? new Uint32Array(bytes.buffer, at, count) : Uint32Array.from({ length: count }, (_, i) => view.getUint32(at - bytes.byteOffset + 4 * i, true));
      at += 4 * count;
      return array;
    };
    this.directory = take(DIRECTORY_SIZE + 1);
    this.docWordStarts = take(documentCount! + 1);
    this.shardFirstDocs = take(shardCount! + 1);
    this.shardOffsets = take(shardCount! + 1);
    this.textByteLengths = take(documentCount!);
    this.lowKeys = LITTLE_ENDIAN ? new Uint16Array(bytes.buffer, at, keyCount!) : Uint16Array.from({ length: keyCount! }, (_, i) => view.getUint16(at - bytes.byteOffset + 2 * i, true));
    at += align4(2 * keyCount!);
    const meta = parseIndexMetaDeferred(bytes.subarray(at - bytes.byteOffset));
    checkMonotonic(this.directory, keyCount!, 'split index directory');
    checkMonotonic(this.docWordStarts, wordCount!, 'split index document word starts');
    checkMonotonic(this.shardFirstDocs, documentCount!, 'split index shard documents');
    checkMonotonic(this.shardOffsets, textByteLength!, 'split index shard offsets');
    if (meta.ids.length !== documentCount) throw new IndexFormatError(`split index says ${documentCount} documents but holds ${meta.ids.length}`);
    for (let b = 0; b < DIRECTORY_SIZE; b++) {
      for (let i = this.directory[b]! + 1; i < this.directory[b + 1]!; i++) {
        if (this.lowKeys[i]! <= this.lowKeys[i - 1]!) throw new IndexFormatError('split index keys are not sorted');
      }
    }
    this.k = k!;
    this.w = w!;
    this.postingCount = postingCount!;
    this.documentCount = documentCount!;
    this.wordCount = wordCount!;
    this.partBits = partBits!;
    this.filterGroupDocs = filterGroupDocs!;
    this.textPartShards = textPartShards!;
    this.info = meta.info;
    this.documentIds = meta.ids;
    this.meta = meta;
  }

  /** Decodes a head (throws `IndexFormatError` on a bad one). */
  static fromHead(head: Uint8Array, budgets: SplitIndexBudgets = DEFAULT_BUDGETS): SplitIndex {
    return new SplitIndex(head, budgets);
  }

  /** How many parts of `kind` the index has. */
  partCount(kind: Exclude<PartKind, 'head'>): number {
    if (kind === 'postings') return 1 << this.partBits;
    if (kind === 'filters') return Math.ceil(this.documentCount / this.filterGroupDocs);
    return Math.ceil((this.shardFirstDocs.length - 1) / this.textPartShards);
  }

  /**
   * Checks and keeps a loaded part (throws `IndexFormatError` when it does not
   * fit the head). A filter part is read in place (`FilterPart`).
   */
  addPart(kind: Exclude<PartKind, 'head'>, n: number, bytes: Uint8Array): void {
    if (!Number.isInteger(n) || n < 0 || n >= this.partCount(kind)) throw new IndexFormatError(`split index has no ${kind} part ${n}`);
    if (kind === 'postings') this.decodedPostings.set(n, this.decodePostingPart(n, bytes));
    else if (kind === 'filters') {
      const part = this.decodeFilterPart(n, bytes);
      this.decodedFilters.set(n, part);
      // The bytes the part reads: a format-4 part's own are converted, and not kept twice.
      bytes = part.bytes;
    } else if (kind === 'texts' && bytes.length !== this.textPartEnd(n) - this.shardOffsets[n * this.textPartShards]!) {
      throw new IndexFormatError(`split index texts part ${n} is ${bytes.length} bytes, expected ${this.textPartEnd(n) - this.shardOffsets[n * this.textPartShards]!}`);
    }
    const parts = this.parts[kind];
    const previous = parts.get(n);
    if (previous) this.partBytes[kind] -= this.heldBytes(kind, n, previous);
    parts.delete(n);
    parts.set(n, bytes);
    this.partBytes[kind] += this.heldBytes(kind, n, bytes);
  }

  /** What a loaded part holds in memory: its bytes, and for a filter part the ranks it is read by (`FilterPart`). */
  private heldBytes(kind: Exclude<PartKind, 'head'>, n: number, bytes: Uint8Array): number {
    return kind === 'filters' ? bytes.length + FilterPart.rankBytes(this.filterPartWords(n)) : bytes.length;
  }

  /** Words of filter part `n`, zeros included. */
  private filterPartWords(n: number): number {
    return this.docWordStarts[Math.min(this.documentCount, (n + 1) * this.filterGroupDocs)]! - this.docWordStarts[n * this.filterGroupDocs]!;
  }

  /**
   * Runs `use` (which reads this index synchronously) and returns, with its
   * result, the parts it asked for that were not loaded, by kind, ascending.
   */
  noting<T>(use: () => T): { result: T; wanted: WantedParts } {
    const wanted = { postings: new Set<number>(), filters: new Set<number>(), texts: new Set<number>() };
    const outer = this.wanted;
    this.wanted = wanted;
    try {
      const result = use();
      const sorted = (set: Set<number>): number[] => [...set].sort((a, b) => a - b);
      return { result, wanted: { postings: sorted(wanted.postings), filters: sorted(wanted.filters), texts: sorted(wanted.texts) } };
    } finally {
      this.wanted = outer;
    }
  }

  /** Starts matching a page: nothing is evicted until every page started has ended. */
  beginPage(): void {
    this.pagesOpen++;
  }

  /** Ends a page: when none is open, the least recently used parts beyond the budget are dropped. */
  endPage(): void {
    this.pagesOpen = Math.max(0, this.pagesOpen - 1);
    if (this.pagesOpen > 0) return;
    for (const kind of ['postings', 'filters', 'texts'] as const) {
      const parts = this.parts[kind];
      for (const [n, bytes] of parts) {
        if (this.partBytes[kind] <= this.budgets[kind]) break;
        parts.delete(n);
        this.partBytes[kind] -= this.heldBytes(kind, n, bytes);
        if (kind === 'postings') this.decodedPostings.delete(n);
        if (kind === 'filters') this.decodedFilters.delete(n);
      }
    }
    this.inflatedInUse.clear();
    this.dropInflated();
    for (const [hash, run] of this.keyRuns) {
      if (this.keyRunBytes <= this.budgets.keyRuns) break;
      this.keyRuns.delete(hash);
      this.keyRunBytes -= runBytes(run);
    }
    this.lastTable = null;
  }

  /** The posting part holding key `hash`, or -1 when the index has no such key. */
  postingPartOf(hash: number): number {
    return this.keyNumber(hash) < 0 ? -1 : this.partOfKey(hash);
  }

  /** The posting part a key belongs in (its top `partBits` bits), whether the index has it or not. */
  private partOfKey(hash: number): number {
    // Two shifts: a shift by 32 would be a shift by 0.
    return (hash >>> DIRECTORY_BITS) >>> (DIRECTORY_BITS - this.partBits);
  }

  /** Number of key `hash` among all the index's keys (ascending), or -1 when the index has no such key. */
  private keyNumber(hash: number): number {
    const bucket = hash >>> DIRECTORY_BITS;
    const low = hash & 0xffff;
    let lo = this.directory[bucket]!;
    const end = this.directory[bucket + 1]!;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lowKeys[mid]! < low) lo = mid + 1;
      else hi = mid;
    }
    return lo < end && this.lowKeys[lo] === low ? lo : -1;
  }

  postingTable(kgrams: Uint32Array): PostingTable | null {
    if (this.lastTable?.kgrams === kgrams) return this.lastTable.table;
    const keys: number[] = [];
    let missing = false;
    for (const hash of kgrams) {
      if (hash === SKIPPED_KGRAM || this.keyNumber(hash) < 0) continue;
      keys.push(hash);
      const run = this.keyRuns.get(hash);
      if (run) {
        // Most recently used last.
        this.keyRuns.delete(hash);
        this.keyRuns.set(hash, run);
      } else if (!this.touch('postings', this.partOfKey(hash))) {
        missing = true;
      }
    }
    if (missing) return null;
    // A page is matched several times while its parts arrive, with the same k-grams (matcher.ts, `pageKgrams`): its table is built once.
    this.lastTable = { kgrams, table: this.pageTable(Uint32Array.from(new Set(keys)).sort()) };
    return this.lastTable.table;
  }

  /**
   * A fingerprint table of just the given keys (ascending, each kept or in a
   * loaded part): a page looks up a few thousand keys, so copying their
   * postings costs far less than merging the hundreds of parts they lie in.
   */
  private pageTable(keys: Uint32Array): PostingTable {
    const runs = Array.from(keys, (hash) => this.keyRun(hash));
    const offsets = new Uint32Array(keys.length + 1);
    for (let i = 0; i < runs.length; i++) offsets[i + 1] = offsets[i]! + runs[i]!.docs.length;
    const postingTotal = offsets[keys.length]!;
    const postingDocs = new Uint32Array(postingTotal);
    const postingPositions = new Uint32Array(postingTotal);
    const postingContexts = new Uint8Array(postingTotal);
    runs.forEach((run, i) => {
      postingDocs.set(run.docs, offsets[i]);
      postingPositions.set(run.positions, offsets[i]);
      postingContexts.set(run.contexts, offsets[i]);
    });
    return { keys, offsets, postingDocs, postingPositions, postingContexts };
  }

  /** The postings of key `hash`: kept from an earlier page, or copied out of its loaded part and kept (`endPage` trims them to budget). */
  private keyRun(hash: number): PostingRun {
    let run = this.keyRuns.get(hash);
    if (!run) {
      const p = this.partOfKey(hash);
      const part = this.decodedPostings.get(p)!;
      const local = this.keyNumber(hash) - this.directory[p * (DIRECTORY_SIZE >>> this.partBits)]!;
      const from = part.offsets[local]!;
      const to = part.offsets[local + 1]!;
      // Copies: a view would keep the whole part's buffer alive.
      run = { docs: part.docs.slice(from, to), positions: part.positions.slice(from, to), contexts: part.contexts.slice(from, to) };
      this.keyRuns.set(hash, run);
      this.keyRunBytes += runBytes(run);
    }
    return run;
  }

  /** One fingerprint table of the given (loaded) posting parts, in ascending part order. */
  mergedTable(partNumbers: Uint32Array): PostingTable {
    const span = DIRECTORY_SIZE >>> this.partBits;
    let keyTotal = 0;
    let postingTotal = 0;
    for (const p of partNumbers) {
      keyTotal += this.directory[(p + 1) * span]! - this.directory[p * span]!;
      postingTotal += this.decodedPostings.get(p)!.docs.length;
    }
    const keys = new Uint32Array(keyTotal);
    const offsets = new Uint32Array(keyTotal + 1);
    const postingDocs = new Uint32Array(postingTotal);
    const postingPositions = new Uint32Array(postingTotal);
    const postingContexts = new Uint8Array(postingTotal);
    let keyAt = 0;
    let postingAt = 0;
    for (const p of partNumbers) {
      const part = this.decodedPostings.get(p)!;
      for (let b = p * span; b < (p + 1) * span; b++) {
        for (let i = this.directory[b]!; i < this.directory[b + 1]!; i++, keyAt++) {
          keys[keyAt] = ((b << DIRECTORY_BITS) | this.lowKeys[i]!) >>> 0;
          offsets[keyAt] = postingAt + part.offsets[i - this.directory[p * span]!]!;
        }
      }
      postingDocs.set(part.docs, postingAt);
      postingPositions.set(part.positions, postingAt);
      postingContexts.set(part.contexts, postingAt);
      postingAt += part.docs.length;
    }
    offsets[keyTotal] = postingTotal;
    return { keys, offsets, postingDocs, postingPositions, postingContexts };
  }

  documentFilter(docIndex: number): DocumentFilter | null {
    const group = Math.floor(docIndex / this.filterGroupDocs);
    if (!this.touch('filters', group)) return null;
    return {
      part: this.decodedFilters.get(group)!,
      base: this.docWordStarts[docIndex]! - this.docWordStarts[group * this.filterGroupDocs]!,
      count: this.docWordStarts[docIndex + 1]! - this.docWordStarts[docIndex]!,
    };
  }

  /** Filter part `n` read in place; one of format 4 (every word, 2 bytes each) is checked and converted first. */
  private decodeFilterPart(n: number, bytes: Uint8Array): FilterPart {
    const words = this.filterPartWords(n);
    if (this.formatVersion !== 4) return FilterPart.decode(bytes, words, `split index filters part ${n}`);
    if (bytes.length !== 2 * words) throw new IndexFormatError(`split index filters part ${n} is ${bytes.length} bytes, not twice its documents' words`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    return FilterPart.fromWords(Uint16Array.from({ length: words }, (_, i) => view.getUint16(2 * i, true)));
  }

  /** Every filter word of a loaded filter part, zeros included. */
  filterPart(group: number): Uint16Array {
    return this.decodedFilters.get(group)!.toWords();
  }

  hasText(docIndex: number): boolean {
    const shard = this.shardOf(docIndex);
    if (this.inflated.has(shard)) {
      if (this.pagesOpen > 0) this.inflatedInUse.add(shard);
      return true;
    }
    return this.touch('texts', Math.floor(shard / this.textPartShards));
  }

  documentText(docIndex: number): string | null {
    const shard = this.shardOf(docIndex);
    let plain = this.inflated.get(shard);
    if (plain) {
      this.inflated.delete(shard);
    } else {
      if (!this.touch('texts', Math.floor(shard / this.textPartShards))) return null;
      let size = 0;
      for (let d = this.shardFirstDocs[shard]!; d < this.shardFirstDocs[shard + 1]!; d++) size += this.textByteLengths[d]!;
      plain = inflateShard(this.compressedShard(shard), size, shard);
      this.inflatedBytes += plain.length;
    }
    this.inflated.set(shard, plain);
    if (this.pagesOpen > 0) this.inflatedInUse.add(shard);
    this.dropInflated(shard);
    let from = 0;
    for (let d = this.shardFirstDocs[shard]!; d < docIndex; d++) from += this.textByteLengths[d]!;
    return this.decoder.decode(plain.subarray(from, from + this.textByteLengths[docIndex]!));
  }

  /** Drops the least recently inflated shards beyond the budget, but never `keep` nor one an open page uses. */
  private dropInflated(keep = -1): void {
    for (const [shard, plain] of this.inflated) {
      if (this.inflatedBytes <= this.budgets.inflatedTexts) return;
      if (shard === keep || this.inflatedInUse.has(shard)) continue;
      this.inflated.delete(shard);
      this.inflatedBytes -= plain.length;
    }
  }

  /** A document's metadata, checked on first read (throws `IndexFormatError` when it is invalid). */
  documentMetadata(docIndex: number): DocumentMetadata {
    return this.meta.metadata(docIndex);
  }

  documentId(docIndex: number): string {
    return this.documentIds[docIndex]!;
  }

  documentPublished(docIndex: number): string | undefined {
    return this.meta.published(docIndex);
  }

  /** Compressed text shard `s`, from its loaded text part. */
  compressedShard(s: number): Uint8Array {
    const t = Math.floor(s / this.textPartShards);
    const base = this.shardOffsets[t * this.textPartShards]!;
    return this.parts.texts.get(t)!.subarray(this.shardOffsets[s]! - base, this.shardOffsets[s + 1]! - base);
  }

  /** End of text part `t` in the texts, the end of its last shard. */
  private textPartEnd(t: number): number {
    return this.shardOffsets[Math.min(this.shardFirstDocs.length - 1, (t + 1) * this.textPartShards)]!;
  }

  /** The text shard holding a document. */
  private shardOf(docIndex: number): number {
    return shardHolding(this.shardFirstDocs, docIndex);
  }

  /** Whether part `n` of `kind` is loaded (marking it recently used); notes it as wanted when not (see `noting`). */
  private touch(kind: Exclude<PartKind, 'head'>, n: number): boolean {
    const parts = this.parts[kind];
    const bytes = parts.get(n);
    if (!bytes) {
      this.wanted?.[kind].add(n);
      return false;
    }
    parts.delete(n);
    parts.set(n, bytes);
    return true;
  }

  private decodePostingPart(p: number, input: Uint8Array): PostingPart {
    const bytes = input.byteOffset % 4 === 0 ? input : input.slice();
    const span = DIRECTORY_SIZE >>> this.partBits;
    const keyCount = this.directory[(p + 1) * span]! - this.directory[p * span]!;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    if (bytes.length < 8 || view.getUint32(0, true) !== keyCount) throw new IndexFormatError(`split index postings part ${p} does not hold the keys its head lists`);
    const postingCount = view.getUint32(4, true);
    if (bytes.length !== 8 + 4 * (keyCount + 1) + 9 * postingCount || postingCount > this.postingCount) {
      throw new IndexFormatError(`split index postings part ${p} is ${bytes.length} bytes, its counts say otherwise`);
    }
    const u32 = (at: number, count: number): Uint32Array =>
      LITTLE_ENDIAN ? new Uint32Array(bytes.buffer, bytes.byteOffset + at, count) : Uint32Array.from({ length: count }, (_, i) => view.getUint32(at + 4 * i, true));
    const offsets = u32(8, keyCount + 1);
    const docs = u32(8 + 4 * (keyCount + 1), postingCount);
    const positions = u32(8 + 4 * (keyCount + 1 + postingCount), postingCount);
    const contexts = bytes.subarray(8 + 4 * (keyCount + 1 + 2 * postingCount));
    checkMonotonic(offsets, postingCount, `split index postings part ${p} offsets`);
    for (const doc of docs) if (doc >= this.documentCount) throw new IndexFormatError(`split index postings part ${p} points past the last document`);
    return { offsets, docs, positions, contexts };
  }
}

/** Rounds of matching and loading a page may take: postings, filter words, texts, and two to spare. */
const MAX_ROUNDS = 5;

/** Reads parts of one split index from wherever they are stored. */
export interface PartReader {
  /** The parts `numbers` of `kind`; rejects when one is missing. */
  read(kind: Exclude<PartKind, 'head'>, numbers: readonly number[]): Promise<ReadonlyMap<number, Uint8Array>>;
}

/** Reads the parts `wanted` lists, each kind in one read, and adds them to `index`. */
export async function loadParts(index: SplitIndex, reader: PartReader, wanted: WantedParts): Promise<void> {
  await Promise.all(
    (['postings', 'filters', 'texts'] as const).map(async (kind) => {
      if (wanted[kind].length === 0) return;
      for (const [n, bytes] of await reader.read(kind, wanted[kind])) index.addPart(kind, n, bytes);
    }),
  );
}

/**
 * The texts of documents `docs` of `index`, reading the text parts not at
 * hand (one read), for the viewer and the corpus search. Open as a page is
 * meanwhile, so no part read for them is dropped before their texts are taken.
 */
export async function readDocumentTexts(index: SplitIndex, reader: PartReader, docs: readonly number[]): Promise<string[]> {
  index.beginPage();
  try {
    const { wanted } = index.noting(() => docs.forEach((doc) => index.hasText(doc)));
    await loadParts(index, reader, wanted);
    return docs.map((doc) => {
      const text = index.documentText(doc);
      if (text === null) throw new Error(`the text of document ${doc} was not read`);
      return text;
    });
  } finally {
    index.endPage();
  }
}

/**
 * `findMatches` over a split index: matches with the parts at hand, loads the
 * parts the matcher asked for, and matches again, until nothing is missing
 * (in practice three reads: the page's posting parts, the filter words of
 * documents with telling chains, the texts of documents with promising ones).
 * The result is the one `findMatches` gives over the whole index. `seat`: this
 * index's place at a cap on sources shared with other indexes (`SharedSourceCap`),
 * offered once the page's postings are read; the caller leaves it.
 */
export async function findMatchesInParts(
  pageText: string,
  index: SplitIndex,
  reader: PartReader,
  options: Partial<MatchOptions> = {},
  tokenCache: DocumentTokenCache = new DocumentTokenCache(index),
  seat?: SourceCapSeat,
): Promise<MatchSpan[]> {
  index.beginPage();
  tokenCache.beginPage();
  try {
    // The page's posting parts follow from its k-grams: they are read before the first round.
    let { wanted } = index.noting(() => index.postingTable(pageKgrams(pageText, index.k).kgrams));
    let choice: CandidateChoice | undefined;
    for (let round = 1; ; round++) {
      await loadParts(index, reader, wanted);
      // With the postings at hand, the candidates are known: they are chosen once for all rounds,
      // among this index's own or, at a cap shared with other indexes, among all of theirs.
      choice ??= seat ? await seat.offer(pageCandidates(pageText, index, options)) : chooseOwnCandidates(pageText, index, options);
      const run = index.noting(() => findMatches(pageText, index, options, tokenCache, choice));
      if (run.wanted.postings.length + run.wanted.filters.length + run.wanted.texts.length === 0) return run.result;
      if (round === MAX_ROUNDS) throw new Error(`matching still lacked parts of the index after ${MAX_ROUNDS} reads`);
      wanted = run.wanted;
    }
  } finally {
    tokenCache.endPage();
    index.endPage();
  }
}
