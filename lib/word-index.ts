/**
 * The corpus search's word index: for each content word of a corpus (or of one
 * segment of it), the documents that hold it. A search of a large corpus asks
 * it which documents hold every word of the query and then reads and cuts the
 * texts of those documents only, instead of inflating and cutting the whole
 * corpus on its first query (at 100,000 articles 24–56 s and the searching
 * page's memory; docs/performance.md, "The corpus search of a large corpus").
 *
 * Words are the matcher's: `tokenizeWords` (normalized, lower-cased), hashed;
 * function words are left out, since nearly every document holds them.
 *
 * ```
 * offset  size                      field (u32 little-endian unless noted)
 * 0       4                         magic "SLWX"
 * 4       4                         format version (1)
 * 8       4                         documentCount
 * 12      4                         keyCount: distinct word hashes
 * 16      4                         entryCount: (word, document) pairs
 * 20      4×keyCount                keys: word hashes, strictly increasing
 * ..      4×(keyCount + 1)          offsets: the documents of keys[i] are bytes [offsets[i], offsets[i + 1]) of the lists
 * ..      offsets[keyCount]         lists: for each key, its documents in increasing order, each as its distance
 *                                   from the one before (the first from -1), an unsigned LEB128 varint
 * ```
 *
 * Why varints: a common word's documents lie close together, so most
 * distances take one byte; 16-bit document numbers took 1.7 times the space
 * (8.4 against 4.9 MB of lists for a segment of 13,206 articles).
 */
import { LITTLE_ENDIAN } from './index-format';
import { hashWithSuffix, tokenizeWords, WORD_STOPWORD, type WordTokens } from './tokenize';

/** Format version of the word indexes this code writes and reads. */
export const WORD_INDEX_VERSION = 1;
const MAGIC = 0x58574c53; // "SLWX" read as a little-endian u32
const HEADER_BYTES = 20;
/** Buckets of one pass of the radix sort in `WordIndexBuilder.encode` (11 bits). */
const RADIX_BUCKETS = 1 << 11;

/** Thrown when bytes are not a word index this code reads. */
export class WordIndexError extends Error {
  override name = 'WordIndexError';
}

/**
 * The words of a search query as the word index is asked for them: for each
 * distinct content word, its hash and that of the word with an "s" appended,
 * either of which a document may hold. Normalizing drops apostrophes, so
 * "minister's" is stored as "ministers", and a reader asking for "minister"
 * wants it, and "ministers", found. Function words are left out.
 */
export function queryWordHashes(query: string): Uint32Array[] {
  return [...contentHashesOf(tokenizeWords(query))].map((hash) => Uint32Array.of(hash, hashWithSuffix(hash, 's')));
}

/** Open-addressing set of one document's words (`contentHashesOf`), reused: a stamp per slot says it is taken. */
let slotHashes = new Uint32Array(1024);
let slotStamps = new Uint32Array(1024);
let stamp = 0;

/** The distinct content words of `tokens`, in the order first seen. */
function contentHashesOf(tokens: WordTokens): Uint32Array {
  if (slotHashes.length < 2 * tokens.count) {
    slotHashes = new Uint32Array(2 ** Math.ceil(Math.log2(2 * tokens.count)));
    slotStamps = new Uint32Array(slotHashes.length);
  }
  if (++stamp === 0xffffffff) {
    slotStamps.fill(0);
    stamp = 1;
  }
  const mask = slotHashes.length - 1;
  const distinct = new Uint32Array(tokens.count);
  let count = 0;
  for (let i = 0; i < tokens.count; i++) {
    if ((tokens.flags[i]! & WORD_STOPWORD) !== 0) continue;
    const hash = tokens.hashes[i]!;
    let slot = Math.imul(hash, 0x9e3779b1) >>> 0;
    for (;; slot++) {
      slot &= mask;
      if (slotStamps[slot] !== stamp) {
        slotStamps[slot] = stamp;
        slotHashes[slot] = hash;
        distinct[count++] = hash;
        break;
      }
      if (slotHashes[slot] === hash) break;
    }
  }
  return distinct.slice(0, count);
}

/**
 * Builds a word index document by document, from the words the fingerprint
 * index's builder tokenized anyway (`BuildIndexOptions.onTokens`).
 * Deterministic: the same documents give the same bytes.
 */
export class WordIndexBuilder {
  private readonly perDocument: Uint32Array[] = [];

  /** Adds the next document (numbered from 0 in the order added) by its words. */
  add(tokens: WordTokens): void {
    this.perDocument.push(contentHashesOf(tokens));
  }

  /** The word index of the documents added. */
  encode(): Uint8Array {
    const { perDocument } = this;
    let entryCount = 0;
    for (const hashes of perDocument) entryCount += hashes.length;
    // Every (word, document) pair, then sorted by word with a stable radix sort (three passes of 11
    // bits: fewer buckets scatter faster than two passes of 16), so each word's documents stay in
    // increasing order.
    let words = new Uint32Array(entryCount);
    let docs = new Uint32Array(entryCount);
    let at = 0;
    perDocument.forEach((hashes, d) => {
      words.set(hashes, at);
      docs.fill(d, at, at + hashes.length);
      at += hashes.length;
    });
    for (const shift of [0, 11, 22]) {
      const starts = new Uint32Array(RADIX_BUCKETS + 1);
      for (let i = 0; i < entryCount; i++) starts[((words[i]! >>> shift) & (RADIX_BUCKETS - 1)) + 1]!++;
      for (let b = 1; b < starts.length; b++) starts[b]! += starts[b - 1]!;
      const nextWords = new Uint32Array(entryCount);
      const nextDocs = new Uint32Array(entryCount);
      for (let i = 0; i < entryCount; i++) {
        const to = starts[(words[i]! >>> shift) & (RADIX_BUCKETS - 1)]!++;
        nextWords[to] = words[i]!;
        nextDocs[to] = docs[i]!;
      }
      words = nextWords;
      docs = nextDocs;
    }
    // Keys, and each key's distances between documents as varints.
    const keys: number[] = [];
    const offsets: number[] = [];
    let listBytes = 0;
    for (let i = 0; i < entryCount; i++) {
      const first = i === 0 || words[i] !== words[i - 1];
      if (first) {
        keys.push(words[i]!);
        offsets.push(listBytes);
      }
      listBytes += varintBytes(first ? docs[i]! + 1 : docs[i]! - docs[i - 1]!);
    }
    offsets.push(listBytes);
    const listsAt = HEADER_BYTES + 4 * keys.length + 4 * offsets.length;
    const bytes = new Uint8Array(listsAt + listBytes);
    const view = new DataView(bytes.buffer);
    let offset = 0;
    for (const value of [MAGIC, WORD_INDEX_VERSION, perDocument.length, keys.length, entryCount, ...keys, ...offsets]) {
      view.setUint32(offset, value, true);
      offset += 4;
    }
    for (let i = 0; i < entryCount; i++) {
      let gap = i === 0 || words[i] !== words[i - 1] ? docs[i]! + 1 : docs[i]! - docs[i - 1]!;
      while (gap >= 0x80) {
        bytes[offset++] = (gap & 0x7f) | 0x80;
        gap >>>= 7;
      }
      bytes[offset++] = gap;
    }
    return bytes;
  }
}

/** Bytes of `value` as an unsigned LEB128 varint. */
function varintBytes(value: number): number {
  let bytes = 1;
  while (value >= 0x80) {
    value >>>= 7;
    bytes++;
  }
  return bytes;
}

/** A decoded word index: which documents hold which content words. */
export class WordIndex {
  private constructor(
    /** Number of documents indexed. */
    readonly documentCount: number,
    private readonly keys: Uint32Array,
    /** Byte offsets of each key's list in `lists`. */
    private readonly offsets: Uint32Array,
    private readonly lists: Uint8Array,
  ) {}

  /**
   * Reads a word index from its bytes, checking every table against the
   * others and every list to its end (a few milliseconds a million entries);
   * throws `WordIndexError` when they are not one (damaged, of another
   * version, or not a word index at all).
   */
  static decode(bytes: Uint8Array): WordIndex {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < HEADER_BYTES || view.getUint32(0, true) !== MAGIC) throw new WordIndexError('not a word index');
    const version = view.getUint32(4, true);
    if (version !== WORD_INDEX_VERSION) throw new WordIndexError(`word index has format version ${version}, expected ${WORD_INDEX_VERSION}`);
    const documentCount = view.getUint32(8, true);
    const keyCount = view.getUint32(12, true);
    const entryCount = view.getUint32(16, true);
    const listsAt = HEADER_BYTES + 8 * keyCount + 4;
    if (bytes.length < listsAt) throw new WordIndexError('word index is truncated');
    // Copied out (aligned, and free of the record's buffer); a big-endian platform reads each value.
    const u32 = (from: number, count: number): Uint32Array =>
      LITTLE_ENDIAN ? new Uint32Array(bytes.slice(from, from + 4 * count).buffer) : Uint32Array.from({ length: count }, (_, i) => view.getUint32(from + 4 * i, true));
    const keys = u32(HEADER_BYTES, keyCount);
    const offsets = u32(HEADER_BYTES + 4 * keyCount, keyCount + 1);
    const lists = bytes.slice(listsAt);
    for (let i = 1; i < keyCount; i++) if (keys[i]! <= keys[i - 1]!) throw new WordIndexError('word index keys are not increasing');
    if (offsets[0] !== 0 || offsets[keyCount] !== lists.length) throw new WordIndexError('word index lists are truncated or have trailing bytes');
    for (let k = 0; k < keyCount; k++) if (offsets[k + 1]! <= offsets[k]!) throw new WordIndexError('word index offsets are not increasing');
    let entries = 0;
    for (let k = 0; k < keyCount; k++) entries += walkList(lists, offsets[k]!, offsets[k + 1]!, documentCount);
    if (entries !== entryCount) throw new WordIndexError(`word index has ${entries} entries, not the ${entryCount} it says`);
    return new WordIndex(documentCount, keys, offsets, lists);
  }

  /**
   * The documents holding, for each group of `words` (`queryWordHashes`), one
   * of its words at least, in increasing order, at most `limit` of them. No
   * group at all says nothing of a document, so it gives none.
   */
  documentsWithEvery(words: readonly Uint32Array[], limit = Number.POSITIVE_INFINITY): number[] {
    if (words.length === 0) return [];
    const lists = words.map((group) => this.documentsWithAny(group));
    // From the shortest list: each other list is walked forward once, for its documents only.
    lists.sort((a, b) => a.length - b.length);
    const found: number[] = [];
    const cursors = new Array<number>(lists.length).fill(0);
    for (const doc of lists[0]!) {
      let everywhere = true;
      for (let l = 1; l < lists.length && everywhere; l++) {
        const list = lists[l]!;
        let at = cursors[l]!;
        while (at < list.length && list[at]! < doc) at++;
        cursors[l] = at;
        everywhere = at < list.length && list[at] === doc;
      }
      if (everywhere && found.push(doc) >= limit) break;
    }
    return found;
  }

  /** The documents holding any of `hashes`, increasing. */
  private documentsWithAny(hashes: Uint32Array): Uint32Array {
    const lists = [...hashes].flatMap((hash) => {
      const k = this.keyOf(hash);
      return k < 0 ? [] : [readList(this.lists, this.offsets[k]!, this.offsets[k + 1]!, this.documentCount)];
    });
    if (lists.length <= 1) return lists[0] ?? new Uint32Array();
    const merged = new Set<number>();
    for (const list of lists) for (const doc of list) merged.add(doc);
    return Uint32Array.from(merged).sort();
  }

  /** Position of `hash` among the keys, or -1. */
  private keyOf(hash: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < hash) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.keys.length && this.keys[lo] === hash ? lo : -1;
  }
}

/**
 * The documents of the list at bytes `[from, to)` of `lists`: varint distances
 * added up. Throws `WordIndexError` on a list `walkList` refuses.
 */
function readList(lists: Uint8Array, from: number, to: number, documentCount: number): Uint32Array {
  const docs = new Uint32Array(to - from);
  const count = walkList(lists, from, to, documentCount, docs);
  return docs.subarray(0, count);
}

/**
 * Walks the list at bytes `[from, to)` of `lists`, writing its documents into
 * `into` when given, and returns their number. Throws `WordIndexError` on a
 * varint that runs past the list or past 35 bits, or a document that is not
 * after the one before and below `documentCount`.
 */
function walkList(lists: Uint8Array, from: number, to: number, documentCount: number, into?: Uint32Array): number {
  let count = 0;
  let doc = -1;
  for (let at = from; at < to; ) {
    let gap = lists[at++]!;
    // Most distances take one byte; a longer varint goes on, 7 bits a byte, within the list and 35 bits.
    if (gap >= 0x80) {
      gap &= 0x7f;
      for (let shift = 7; ; shift += 7) {
        if (at >= to || shift > 28) throw new WordIndexError('word index has a damaged list');
        const byte = lists[at++]!;
        gap += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) break;
      }
    }
    doc += gap;
    if (gap === 0 || doc >= documentCount) throw new WordIndexError('word index documents are out of order or range');
    if (into) into[count] = doc;
    count++;
  }
  return count;
}
