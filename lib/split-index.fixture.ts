/**
 * A split index as the previous version wrote it (format 4: every filter word,
 * 2 bytes each), made from one of this version's, for the tests that check
 * corpora imported before format 5 are still read (split-index.test.ts,
 * tests/e2e/import-corpus.spec.ts). Not used outside tests.
 */
import { SplitIndex, type SplitParts } from './split-index';

/** `parts` (format 5) rewritten in format 4: the head says 4 and each filter part holds every word. */
export function asFormat4(parts: SplitParts): SplitParts {
  const index = SplitIndex.fromHead(parts.head);
  parts.filters.forEach((part, g) => index.addPart('filters', g, part));
  const head = parts.head.slice();
  new DataView(head.buffer).setUint32(4, 4, true);
  const filters = parts.filters.map((_, g) => {
    const words = index.filterPart(g);
    const bytes = new Uint8Array(2 * words.length);
    const view = new DataView(bytes.buffer);
    words.forEach((word, i) => view.setUint16(2 * i, word, true));
    return bytes;
  });
  return { ...parts, head, filters };
}
