/**
 * Turns validated documents into what a corpus stores: the fingerprint index
 * and the search data (titles, and a word index for a large corpus's search), with the same pure builders `npm run index` uses for the
 * shipped corpus (corpus-index/build.ts), so an imported corpus matches and
 * searches exactly as a shipped one would.
 */
import { createSearchIndex } from './search-index';
import { buildIndex } from './build-index';
import { WordIndexBuilder } from './word-index';
import type { CorpusDocument } from './corpus';
import { encodeIndex, encodeIndexAsync, type IndexInfo, type ShardCompressor } from './index-format';

/** The stored form of a corpus. */
export interface CorpusData {
  info: IndexInfo;
  /** `index.bin` bytes. */
  index: Uint8Array;
  /** `search.json` bytes. */
  search: Uint8Array;
  /** The search's word index (lib/word-index.ts): which documents hold which words. */
  words: Uint8Array;
}

/**
 * Steps of building, in order: `index` reports per document, `compress` per
 * text shard (only when texts are compressed asynchronously, where it takes
 * most of an import's time), `search` once when it starts.
 */
export type BuildPhase = 'index' | 'compress' | 'search';

/** Builds the index and search data of `documents` (valid, unique ids). */
export function buildCorpusData(
  documents: readonly CorpusDocument[],
  onProgress: (phase: BuildPhase, done: number, total: number) => void = () => undefined,
): CorpusData {
  const words = new WordIndexBuilder();
  const index = buildIndex(documents, { onProgress: (done, total) => onProgress('index', done, total), onTokens: (tokens) => words.add(tokens) });
  const indexBytes = encodeIndex(index);
  onProgress('search', 0, 1);
  const search = new TextEncoder().encode(JSON.stringify(createSearchIndex(documents, index.info.corpusDigest)));
  return { info: index.info, index: indexBytes, search, words: words.encode() };
}

/**
 * Builds like `buildCorpusData`, compressing the texts with `compress` (the
 * import worker passes the browser's native deflate, see native-deflate.ts).
 * The index then differs from `buildCorpusData`'s only in its compressed
 * bytes; every text decodes the same.
 */
export async function buildCorpusDataAsync(
  documents: readonly CorpusDocument[],
  compress: ShardCompressor,
  onProgress: (phase: BuildPhase, done: number, total: number) => void = () => undefined,
): Promise<CorpusData> {
  const words = new WordIndexBuilder();
  const index = buildIndex(documents, { onProgress: (done, total) => onProgress('index', done, total), onTokens: (tokens) => words.add(tokens) });
  // Reported per shard: compressing is 8–9 s of a 10,000-article import in Chromium (docs/performance.md,
  // "The import"), during which the bar would otherwise stand still at the last article.
  const indexBytes = await encodeIndexAsync(index, compress, (done, total) => onProgress('compress', done, total));
  onProgress('search', 0, 1);
  const search = new TextEncoder().encode(JSON.stringify(createSearchIndex(documents, index.info.corpusDigest)));
  return { info: index.info, index: indexBytes, search, words: words.encode() };
}
