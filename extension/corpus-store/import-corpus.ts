/**
 * Builds and stores an imported corpus a segment at a time (lib/corpus-segments.ts):
 * each segment's index is built, written and let go before the next, and so
 * are its documents, so the memory an import needs is one segment's, whatever
 * the corpus's size. Runs in the import worker; pure of browser globals but
 * IndexedDB, so it is tested in Node.
 */
import { buildCorpusData, buildCorpusDataAsync, type BuildPhase, type CorpusData } from '../../lib/build-corpus-data';
import type { CorpusDocument } from '../../lib/corpus';
import { MAX_SEGMENT_CHARS, segmentDocuments, segmentedDigest } from '../../lib/corpus-segments';
import type { ShardCompressor } from '../../lib/index-format';
import { SEARCH_INDEX_VERSION } from '../../lib/search-index';
import { DEFAULT_PART_SIZES, postingPartBitsOf, segmentPartSizes, splitIndex, SPLIT_FORMAT_VERSION, type PartSizes } from '../../lib/split-index';
import type { CorpusFacts, CorpusRecord, CorpusStore } from './corpus-db';
import type { WorkPhase } from './import-protocol';

/** How `importCorpus` runs. */
export interface ImportCorpusOptions {
  /** Where the segments are staged (see `CorpusStore.stage`); fresh when absent. */
  stagingKey?: string;
  /** Compresses texts off the thread (the browser's deflate); the synchronous builder when absent. */
  compress?: ShardCompressor;
  /** See `MAX_SEGMENT_CHARS` (the default). */
  maxSegmentChars?: number;
  /** How large the index's parts are made (`DEFAULT_PART_SIZES`). */
  partSizes?: PartSizes;
  /** `index` counts articles over the whole corpus; `compress` and `save` count one segment's shards and parts. */
  onProgress?: (phase: WorkPhase, done: number, total: number) => void;
}

/**
 * Indexes `documents` (valid, unique ids) and stores them as one corpus: a new
 * one, or the new data of `facts.replaceId`. Takes the array over: documents
 * are removed from it as their segment is stored, so the caller must not keep
 * other references if it wants their memory back. Anything that fails
 * discards what was staged: no other corpus and no half corpus is left behind.
 */
export async function importCorpus(
  store: CorpusStore,
  documents: CorpusDocument[],
  facts: Pick<CorpusFacts, 'name' | 'replaceId' | 'sources'>,
  options: ImportCorpusOptions = {},
): Promise<CorpusRecord> {
  if (documents.length === 0) throw new Error('there are no documents to import');
  const { compress, onProgress = () => undefined } = options;
  const documentCount = documents.length;
  const segments = segmentDocuments(documents, options.maxSegmentChars ?? MAX_SEGMENT_CHARS);
  // Segments pack their posting parts together (corpus-db.ts): each cuts its postings at the key bits of the first,
  // chosen so that a packed record of every segment's part is about the size of one segment's part alone.
  const packed = segments.length > 1;
  const segmentSizes = segmentPartSizes(options.partSizes ?? DEFAULT_PART_SIZES, segments.length);
  // Unset until the first segment chooses them (a corpus of one segment chooses them as any corpus does).
  let postingPartBits: number | undefined;
  // From here on only `segments` holds the documents, and each is dropped once stored.
  documents.length = 0;
  const staged = await store.stage(options.stagingKey);
  try {
    const digests: string[] = [];
    let indexed = 0;
    let wordCount = 0;
    for (let slice = segments.shift(); slice; slice = segments.shift()) {
      // Articles count across segments, so the bar runs once over the whole corpus.
      const before = indexed;
      const buildProgress = (phase: BuildPhase, done: number, total: number): void =>
        phase === 'index' ? onProgress('index', before + done, documentCount) : onProgress(phase, done, total);
      const data: CorpusData = compress ? await buildCorpusDataAsync(slice, compress, buildProgress) : buildCorpusData(slice, buildProgress);
      indexed += slice.length;
      wordCount += data.info.wordCount;
      digests.push(data.info.corpusDigest);
      onProgress('save', 0, 1);
      // Writing the parts takes seconds for a large corpus: the bar counts them.
      const parts = splitIndex(data.index, { ...segmentSizes, postingPartBits });
      postingPartBits ??= postingPartBitsOf(parts);
      await staged.putSegment(parts, data, (done, total) => onProgress('save', done, total), undefined, packed ? 'packed' : 'own');
    }
    if (packed) {
      onProgress('save', 0, 1);
      await staged.packPostings((done, total) => onProgress('save', done, total));
    }
    return await staged.commit({
      ...facts,
      documentCount,
      wordCount,
      corpusDigest: segmentedDigest(digests),
      indexFormatVersion: SPLIT_FORMAT_VERSION,
      searchFormatVersion: SEARCH_INDEX_VERSION,
    });
  } catch (error) {
    await staged.discard().catch(() => undefined);
    throw error;
  }
}
