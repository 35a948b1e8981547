import type { CorpusDocument } from './corpus';
import { filterWord } from './filter-words';
import { hashKgrams, kgramContext, winnowPositions } from './fingerprint';
import { INDEX_FORMAT_VERSION, type IndexData } from './index-format';
import { tokenizeWords, type WordTokens } from './tokenize';

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
  /** Called with each document's words, so that other builders need not tokenize the corpus again (the search's word index). */
  onTokens?: (tokens: WordTokens) => void;
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
  // A plain loop over locals, not a callback over captured variables: in the
  // callback every write to the digests or the growing arrays went through the
  // closure's context, which made this loop several times slower.
  let hashes: Uint32Array = new Uint32Array(1024);
  let docOf: Uint32Array = new Uint32Array(1024);
  let posOf: Uint32Array = new Uint32Array(1024);
  let contextOf: Uint8Array = new Uint8Array(1024);
  let postingCount = 0;
  let wordCount = 0;
  let filterWords: Uint16Array = new Uint16Array(1024);
  const docWordStarts = new Uint32Array(documents.length + 1);
  const digest = Uint32Array.of(0x811c9dc5, 0x01000193);
  for (let docIndex = 0; docIndex < documents.length; docIndex++) {
    const doc = documents[docIndex]!;
    const tokens = tokenizeWords(doc.text);
    options.onTokens?.(tokens);
    if (wordCount + tokens.count > filterWords.length) {
      filterWords = grow(filterWords, new Uint16Array(Math.max(2 * filterWords.length, wordCount + tokens.count)));
    }
    for (let i = 0; i < tokens.count; i++) filterWords[wordCount + i] = filterWord(tokens.hashes[i]!, tokens.flags[i]!);
    wordCount += tokens.count;
    docWordStarts[docIndex + 1] = wordCount;
    const kgrams = hashKgrams(tokens.hashes, tokens.flags, k);
    const positions = winnowPositions(kgrams, w);
    if (postingCount + positions.length > hashes.length) {
      const capacity = Math.max(2 * hashes.length, postingCount + positions.length);
      hashes = grow(hashes, new Uint32Array(capacity));
      docOf = grow(docOf, new Uint32Array(capacity));
      posOf = grow(posOf, new Uint32Array(capacity));
      contextOf = grow(contextOf, new Uint8Array(capacity));
    }
    for (let p = 0; p < positions.length; p++) {
      const position = positions[p]!;
      hashes[postingCount] = kgrams[position]!;
      docOf[postingCount] = docIndex;
      posOf[postingCount] = position;
      contextOf[postingCount] = kgramContext(tokens.hashes, tokens.count, position, k);
      postingCount++;
    }
    addToDigest(digest, doc);
    options.onProgress?.(docIndex + 1, documents.length);
  }

  // Postings ordered by hash, then by (document, position) as they were found.
  const sorted = sortPostingsByHash(
    { hashes, docs: docOf, positions: posOf, contexts: contextOf },
    postingCount,
  );
  // Keys with too many postings are dropped; the rest are moved down in place (kept ≤ read index).
  const keys = new Uint32Array(postingCount);
  const offsets = new Uint32Array(postingCount + 1);
  const { docs: postingDocs, positions: postingPositions, contexts: postingContexts } = sorted;
  const sortedHashes = sorted.hashes;
  let keyCount = 0;
  let kept = 0;
  for (let i = 0; i < postingCount; ) {
    const hash = sortedHashes[i]!;
    let j = i + 1;
    while (j < postingCount && sortedHashes[j] === hash) j++;
    if (j - i <= maxPostingsPerKey) {
      if (kept !== i) {
        postingDocs.copyWithin(kept, i, j);
        postingPositions.copyWithin(kept, i, j);
        postingContexts.copyWithin(kept, i, j);
      }
      kept += j - i;
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
      corpusDigest: digest[0]!.toString(16).padStart(8, '0') + digest[1]!.toString(16).padStart(8, '0'),
      maxPostingsPerKey,
    },
    documents: documents.map((doc) => ({ ...doc })),
  };
}

/**
 * Adds a document's fields to the corpus digest (two 32-bit FNV-style hashes,
 * `digest[0]` and `digest[1]`). The running values are kept in locals as
 * signed 32-bit integers: the low 32 bits are the same as with `>>> 0` after
 * every step, and the typed array stores them back unsigned.
 */
function addToDigest(digest: Uint32Array, doc: CorpusDocument): void {
  let a = digest[0]! | 0;
  let b = digest[1]! | 0;
  for (const field of [doc.id, doc.title, doc.text, doc.url ?? '', doc.outlet ?? '', doc.published ?? '', doc.lang ?? '']) {
    for (let i = 0; i < field.length; i++) {
      const code = field.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995);
    }
    a = Math.imul(a ^ 0xff, 0x01000193);
  }
  digest[0] = a;
  digest[1] = b;
}

/** `grown` (a larger array of the same type) holding `array`'s elements first. */
function grow<T extends Uint8Array | Uint16Array | Uint32Array>(array: T, grown: T): T {
  grown.set(array);
  return grown;
}

/** Postings as parallel arrays: posting `i` is `hashes[i]`, `docs[i]`, `positions[i]`, `contexts[i]`. */
export interface PostingArrays {
  hashes: Uint32Array;
  docs: Uint32Array;
  positions: Uint32Array;
  contexts: Uint8Array;
}

/**
 * The first `count` postings ordered by hash, ties in their original order: an
 * LSD radix sort, two stable passes of 16 bits, linear in `count`. Each pass
 * moves the postings themselves, so every array is read in order; sorting an
 * index permutation instead left the final gather to read four arrays at
 * random, which cost more than the sort. Reuses `postings`' arrays as scratch
 * space: the result may be either set of arrays, each of at least `count`
 * elements.
 */
export function sortPostingsByHash(postings: PostingArrays, count: number): PostingArrays {
  let from = postings;
  let to: PostingArrays = {
    hashes: new Uint32Array(count),
    docs: new Uint32Array(count),
    positions: new Uint32Array(count),
    contexts: new Uint8Array(count),
  };
  const low = new Uint32Array(1 << 16);
  const high = new Uint32Array(1 << 16);
  for (let i = 0; i < count; i++) {
    const hash = from.hashes[i]!;
    low[hash & 0xffff]!++;
    high[hash >>> 16]!++;
  }
  for (const [buckets, shift] of [[low, 0], [high, 16]] as const) {
    for (let b = 0, at = 0; b < buckets.length; b++) {
      const size = buckets[b]!;
      buckets[b] = at;
      at += size;
    }
    const { hashes, docs, positions, contexts } = from;
    const { hashes: outHashes, docs: outDocs, positions: outPositions, contexts: outContexts } = to;
    for (let i = 0; i < count; i++) {
      const hash = hashes[i]!;
      const at = buckets[(hash >>> shift) & 0xffff]!++;
      outHashes[at] = hash;
      outDocs[at] = docs[i]!;
      outPositions[at] = positions[i]!;
      outContexts[at] = contexts[i]!;
    }
    [from, to] = [to, from];
  }
  return from;
}
