/**
 * Cuts a large corpus into segments that are indexed and stored one at a time
 * (extension/corpus-store/corpus-db.ts): building an index holds several
 * times its documents' text in memory, so an import of 100,000 articles at
 * once would not fit in a browser worker, while a segment of a few tens of
 * millions of characters does. Each segment is an index of its own; matching
 * asks all of them, as it asks several corpora.
 */
import type { CorpusDocument } from './corpus';

/**
 * Most characters of document text a segment holds (unless one document alone
 * has more). About 50 million characters: 10,000 news articles of average
 * length stay one segment, so their import and matching are as before.
 */
export const MAX_SEGMENT_CHARS = 50_000_000;

/**
 * Cuts `documents` (in their order) into consecutive runs of at most
 * `maxChars` characters of text each; a document longer than that alone is a
 * run of its own. No run is empty.
 */
export function segmentDocuments<T extends Pick<CorpusDocument, 'text'>>(documents: readonly T[], maxChars = MAX_SEGMENT_CHARS): T[][] {
  const segments: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const document of documents) {
    if (current.length > 0 && chars + document.text.length > maxChars) {
      segments.push(current);
      current = [];
      chars = 0;
    }
    current.push(document);
    chars += document.text.length;
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

/** The digest of a corpus stored in segments: its segments' digests, joined (one segment: its own digest). */
export function segmentedDigest(digests: readonly string[]): string {
  return digests.join('+');
}
