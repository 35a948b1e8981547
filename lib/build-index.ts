import type { CorpusDocument } from './corpus';
import { filterWord } from './filter-words';
import { hashKgrams, kgramContext, winnowPositions } from './fingerprint';
import { INDEX_FORMAT_VERSION, type IndexData } from './index-format';
import { tokenizeWords } from './tokenize';

/** Tuning of the fingerprint table. */
export interface BuildIndexOptions {
  /** Words per k-gram. */
  k?: number;
  /** Winnowing window in k-grams; any shared run of `w + k - 1` words is guaranteed a fingerprint. */
  w?: number;
  /** Fingerprints with more postings than this are boilerplate and dropped. */
  maxPostingsPerKey?: number;
  /** Called after each document with the number done so far. */
  onProgress?: (done: number, total: number) => void;
}

/** Defaults: k = 3 and w = 4 guarantee a seed in every shared run of 6 words. */
export const DEFAULT_BUILD_OPTIONS = { k: 3, w: 4, maxPostingsPerKey: 256 } as const;

/**
 * Builds the fingerprint index of a corpus. Pure and deterministic: the same
 * documents in the same order give the same index. Documents must already be
 * validated (see `corpusDocumentSchema`) and have unique ids.
 */
export function buildIndex(documents: readonly CorpusDocument[], options: BuildIndexOptions = {}): IndexData {
  const k = options.k ?? DEFAULT_BUILD_OPTIONS.k;
  const w = options.w ?? DEFAULT_BUILD_OPTIONS.w;
  const maxPostingsPerKey = options.maxPostingsPerKey ?? DEFAULT_BUILD_OPTIONS.maxPostingsPerKey;

  // Selected fingerprints in the order they are found, i.e. by (document, position).
  let hashes: Uint32Array = new Uint32Array(1024);
  let docOf: Uint32Array = new Uint32Array(1024);
  let posOf: Uint32Array = new Uint32Array(1024);
  let contextOf: Uint8Array = new Uint8Array(1024);
  let postingCount = 0;
  let wordCount = 0;
  let filterWords: Uint16Array = new Uint16Array(1024);
  const docWordStarts = new Uint32Array(documents.length + 1);
  let digest = 0x811c9dc5;
  let digest2 = 0x01000193;
  documents.forEach((doc, docIndex) => {
    const tokens = tokenizeWords(doc.text);
    if (wordCount + tokens.count > filterWords.length) {
      const grown = new Uint16Array(Math.max(2 * filterWords.length, wordCount + tokens.count));
      grown.set(filterWords);
      filterWords = grown;
    }
    for (let i = 0; i < tokens.count; i++) filterWords[wordCount + i] = filterWord(tokens.hashes[i]!, tokens.flags[i]!);
    wordCount += tokens.count;
    docWordStarts[docIndex + 1] = wordCount;
    const kgrams = hashKgrams(tokens.hashes, tokens.flags, k);
    const positions = winnowPositions(kgrams, w);
    if (postingCount + positions.length > hashes.length) {
      const capacity = Math.max(2 * hashes.length, postingCount + positions.length);
      hashes = grow(hashes, capacity);
      docOf = grow(docOf, capacity);
      posOf = grow(posOf, capacity);
      const grownContexts = new Uint8Array(capacity);
      grownContexts.set(contextOf);
      contextOf = grownContexts;
    }
    for (const position of positions) {
      hashes[postingCount] = kgrams[position]!;
      docOf[postingCount] = docIndex;
      posOf[postingCount] = position;
      contextOf[postingCount] = kgramContext(tokens.hashes, tokens.count, position, k);
      postingCount++;
    }
    for (const field of [doc.id, doc.title, doc.text, doc.url ?? '', doc.outlet ?? '', doc.published ?? '', doc.lang ?? '']) {
      for (let i = 0; i < field.length; i++) {
        digest = Math.imul(digest ^ field.charCodeAt(i), 0x01000193) >>> 0;
        digest2 = Math.imul(digest2 ^ field.charCodeAt(i), 0x5bd1e995) >>> 0;
      }
      digest = Math.imul(digest ^ 0xff, 0x01000193) >>> 0;
    }
    options.onProgress?.(docIndex + 1, documents.length);
  });

  // Postings ordered by hash, then by (document, position) as they were found.
  const order = stableOrderByKey(hashes, postingCount);
  const keys = new Uint32Array(postingCount);
  const offsets = new Uint32Array(postingCount + 1);
  const postingDocs = new Uint32Array(postingCount);
  const postingPositions = new Uint32Array(postingCount);
  const postingContexts = new Uint8Array(postingCount);
  let keyCount = 0;
  let kept = 0;
  for (let i = 0; i < postingCount; ) {
    const hash = hashes[order[i]!]!;
    let j = i;
    while (j < postingCount && hashes[order[j]!] === hash) j++;
    if (j - i <= maxPostingsPerKey) {
      for (let p = i; p < j; p++) {
        postingDocs[kept] = docOf[order[p]!]!;
        postingPositions[kept] = posOf[order[p]!]!;
        postingContexts[kept] = contextOf[order[p]!]!;
        kept++;
      }
      keys[keyCount++] = hash;
      offsets[keyCount] = kept;
    }
    i = j;
  }

  return {
    version: INDEX_FORMAT_VERSION,
    k,
    w,
    keys: keys.slice(0, keyCount),
    offsets: offsets.slice(0, keyCount + 1),
    postingDocs: postingDocs.slice(0, kept),
    postingPositions: postingPositions.slice(0, kept),
    postingContexts: postingContexts.slice(0, kept),
    docWordStarts,
    filterWords: filterWords.slice(0, wordCount),
    info: {
      documentCount: documents.length,
      wordCount,
      corpusDigest: digest.toString(16).padStart(8, '0') + digest2.toString(16).padStart(8, '0'),
      maxPostingsPerKey,
    },
    documents: documents.map((doc) => ({ ...doc })),
  };
}

/** A copy of `array` with room for `capacity` elements. */
function grow(array: Uint32Array, capacity: number): Uint32Array {
  const grown = new Uint32Array(capacity);
  grown.set(array);
  return grown;
}

/**
 * Indices `0 … count-1` ordered by `keys[i]`, ties in index order: an LSD radix
 * sort, two stable passes of 16 bits, linear in `count`.
 */
function stableOrderByKey(keys: Uint32Array, count: number): Uint32Array {
  let order = new Uint32Array(count);
  let next = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const buckets = new Uint32Array(1 << 16);
  for (const shift of [0, 16]) {
    buckets.fill(0);
    for (let i = 0; i < count; i++) buckets[(keys[i]! >>> shift) & 0xffff]!++;
    for (let b = 0, at = 0; b < buckets.length; b++) {
      const size = buckets[b]!;
      buckets[b] = at;
      at += size;
    }
    for (let i = 0; i < count; i++) {
      const index = order[i]!;
      next[buckets[(keys[index]! >>> shift) & 0xffff]!++] = index;
    }
    [order, next] = [next, order];
  }
  return order;
}
