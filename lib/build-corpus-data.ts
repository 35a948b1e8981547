/**
 * Turns validated documents into what a corpus stores: the fingerprint index
 * and the search data, with the same pure builders `npm run index` uses for the
 * shipped corpus (corpus-index/build.ts), so an imported corpus matches and
 * searches exactly as a shipped one would.
 */
import { createSearchIndex } from './search-index';
import { buildIndex } from './build-index';
import type { CorpusDocument } from './corpus';
import { encodeIndex, encodeIndexAsync, type IndexInfo, type ShardCompressor } from './index-format';

/** The stored form of a corpus. */
export interface CorpusData {
  info: IndexInfo;
  /** `index.bin` bytes. */
  index: Uint8Array;
  /** `search.json` bytes. */
  search: Uint8Array;
}

/** Steps of building, in order; `index` reports per document, the others once when they start. */
export type BuildPhase = 'index' | 'search';

/** Builds the index and search data of `documents` (valid, unique ids). */
export function buildCorpusData(
  documents: readonly CorpusDocument[],
  onProgress: (phase: BuildPhase, done: number, total: number) => void = () => undefined,
): CorpusData {
  const index = buildIndex(documents, { onProgress: (done, total) => onProgress('index', done, total) });
  const indexBytes = encodeIndex(index);
  onProgress('search', 0, 1);
  const search = new TextEncoder().encode(JSON.stringify(createSearchIndex(documents, index.info.corpusDigest)));
  return { info: index.info, index: indexBytes, search };
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
  const index = buildIndex(documents, { onProgress: (done, total) => onProgress('index', done, total) });
  // Not reported: `index` already reached its total, so the options page shows the last article's progress
  // meanwhile, 8–9 s for 10,000 articles in Chromium, most of it compressing (docs/performance.md, "The import").
  const indexBytes = await encodeIndexAsync(index, compress);
  onProgress('search', 0, 1);
  const search = new TextEncoder().encode(JSON.stringify(createSearchIndex(documents, index.info.corpusDigest)));
  return { info: index.info, index: indexBytes, search };
}
