import type { CorpusDocument } from './corpus';
import { hashKgrams, winnowPositions } from './fingerprint';
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

  // Each selected fingerprint becomes one 64-bit sort key: hash in the high half,
  // a running posting number in the low half. A native BigUint64Array sort then
  // orders postings by hash, then by (document, position) as they were appended.
  const postingKeys: bigint[] = [];
  const docOf: number[] = [];
  const posOf: number[] = [];
  let wordCount = 0;
  let digest = 0x811c9dc5;
  let digest2 = 0x01000193;
  documents.forEach((doc, docIndex) => {
    const tokens = tokenizeWords(doc.text);
    wordCount += tokens.count;
    const kgrams = hashKgrams(tokens.hashes, tokens.flags, k);
    for (const position of winnowPositions(kgrams, w)) {
      postingKeys.push((BigInt(kgrams[position]!) << 32n) | BigInt(docOf.length));
      docOf.push(docIndex);
      posOf.push(position);
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

  const sorted = BigUint64Array.from(postingKeys).sort();
  const keys: number[] = [];
  const offsets: number[] = [0];
  const postingDocs: number[] = [];
  const postingPositions: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    const hash = Number(sorted[i]! >> 32n);
    let j = i;
    while (j < sorted.length && Number(sorted[j]! >> 32n) === hash) j++;
    if (j - i <= maxPostingsPerKey) {
      for (let p = i; p < j; p++) {
        const seq = Number(sorted[p]! & 0xffffffffn);
        postingDocs.push(docOf[seq]!);
        postingPositions.push(posOf[seq]!);
      }
      keys.push(hash);
      offsets.push(postingDocs.length);
    }
    i = j;
  }

  return {
    version: INDEX_FORMAT_VERSION,
    k,
    w,
    keys: Uint32Array.from(keys),
    offsets: Uint32Array.from(offsets),
    postingDocs: Uint32Array.from(postingDocs),
    postingPositions: Uint32Array.from(postingPositions),
    info: {
      documentCount: documents.length,
      wordCount,
      corpusDigest: digest.toString(16).padStart(8, '0') + digest2.toString(16).padStart(8, '0'),
      maxPostingsPerKey,
    },
    documents: documents.map((doc) => ({ ...doc })),
  };
}
