/**
 * An import in segments, in a real IndexedDB implementation (fake-indexeddb):
 * every segment stored and matched, the record counting the whole corpus, and
 * nothing left behind when a segment fails or the page discards the import.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { buildIndex } from '../../lib/build-index';
import type { CorpusDocument } from '../../lib/corpus';
import { decodeIndex, encodeIndex } from '../../lib/index-format';
import { findMatches } from '../../lib/matcher';
import { findMatchesInParts, SplitIndex } from '../../lib/split-index';
import { CorpusStore, type CorpusDataRef } from './corpus-db';
import { importCorpus } from './import-corpus';

const DOCUMENTS: CorpusDocument[] = [
  { id: 'bridge', title: 'Bridge', text: 'Engineers confirmed that the old stone bridge over the river would be closed for repairs until the spring floods had passed.' },
  { id: 'canal', title: 'Canal', text: 'The ministry said the new irrigation canals would carry water to the eastern farms before the harvest season began this year.' },
  { id: 'ferry', title: 'Ferry', text: 'The island ferry will run every forty minutes from the first of July, the harbour authority announced on Tuesday morning.' },
  { id: 'quay', title: 'Quay', text: 'The east quay will be closed to all commercial vessels for eleven weeks while divers inspect the foundations of the pier.' },
  { id: 'school', title: 'School', text: 'Parents were told that the village school would reopen after the summer with two new classrooms and a larger playground.' },
];
/** Two documents a segment at most: three segments. */
const SEGMENT_CHARS = 260;

let store: CorpusStore;
let dbCount = 0;
beforeEach(async () => {
  store = await CorpusStore.open(`import-corpus-${++dbCount}`);
});
afterEach(() => store.close());

/** The documents of each stored segment, by id. */
async function segmentIds(ref: CorpusDataRef): Promise<string[][]> {
  const ids: string[][] = [];
  for await (const documents of store.documents(ref)) ids.push(documents!.map((doc) => doc.id));
  return ids;
}

/** How many records of each kind the `parts` store holds under data key `dataKey`. */
async function storedKinds(dataKey: string): Promise<Record<string, number>> {
  const db = await openDB(`import-corpus-${dbCount}`);
  try {
    const keys = (await db.getAllKeys('parts', IDBKeyRange.bound([dataKey], [dataKey, []]))) as [string, string, number][];
    const kinds: Record<string, number> = {};
    for (const [, kind] of keys) kinds[kind] = (kinds[kind] ?? 0) + 1;
    return kinds;
  } finally {
    db.close();
  }
}

describe('importCorpus', () => {
  it('stores a corpus in segments that together hold every document, each matched through its own head and parts', async () => {
    const documents = [...DOCUMENTS];
    const indexed: [number, number][] = [];
    const record = await importCorpus(store, documents, { name: 'Towns', sources: ['towns.jsonl'] }, {
      maxSegmentChars: SEGMENT_CHARS,
      onProgress: (phase, done, total) => phase === 'index' && indexed.push([done, total]),
    });
    expect(record).toMatchObject({ name: 'Towns', documentCount: 5, segments: 3, revision: 1, packedPostings: true });
    expect(record.corpusDigest.split('+')).toHaveLength(3);
    expect(await segmentIds(record)).toEqual([['bridge', 'canal'], ['ferry', 'quay'], ['school']]);
    expect((await store.getSearches(record))!).toHaveLength(3);
    // The articles count once over the whole corpus, not again in each segment.
    expect(indexed.at(-1)).toEqual([5, 5]);
    expect(indexed.every(([done], i) => i === 0 || done >= indexed[i - 1]![0])).toBe(true);
    // The caller's array was taken over: the documents are let go segment by segment.
    expect(documents).toEqual([]);

    const found: string[] = [];
    for (let segment = 0; segment < 3; segment++) {
      const index = SplitIndex.fromHead((await store.getHead(record, segment))!);
      const spans = await findMatchesInParts(`Reported: ${DOCUMENTS[2]!.text} ${DOCUMENTS[4]!.text}`, index, store.partReader(record, segment));
      found.push(...spans.map((span) => span.docId));
    }
    expect(found.sort()).toEqual(['ferry', 'school']);
    expect(await store.getHead(record, 3)).toBeNull();
  });

  it('packs the segments\' posting parts, part n of each in one record, and matches as each segment\'s own index does', async () => {
    // Posting parts far smaller than the defaults: these few articles then have many, as a large corpus does.
    const partSizes = { postingPartBytes: 96, filterPartWords: 16, textPartShards: 1 };
    const record = await importCorpus(store, [...DOCUMENTS], { name: 'Towns', sources: [] }, { maxSegmentChars: SEGMENT_CHARS, partSizes });
    const heads = await Promise.all([0, 1, 2].map(async (segment) => SplitIndex.fromHead((await store.getHead(record, segment))!)));
    // Every segment is cut at the first one's key bits, so part n covers the same keys in all of them.
    const partCount = heads[0]!.partCount('postings');
    expect(partCount).toBeGreaterThanOrEqual(8);
    expect(heads.map((head) => head.partCount('postings'))).toEqual([partCount, partCount, partCount]);
    // One posting record a part number, none a segment, and no run staged on the way left behind.
    const kinds = await storedKinds(record.id);
    expect(kinds.postings).toBe(partCount);
    expect(kinds.postingRuns).toBeUndefined();
    expect(kinds.head).toBe(3);

    const bySegment = [DOCUMENTS.slice(0, 2), DOCUMENTS.slice(2, 4), DOCUMENTS.slice(4)];
    const pages = [
      `Reported: ${DOCUMENTS[2]!.text} ${DOCUMENTS[4]!.text}`,
      `${DOCUMENTS[0]!.text.replace('stone', 'granite')} Meanwhile ${DOCUMENTS[3]!.text}`,
      'Nothing here was copied from the towns, and no phrase of theirs is quoted.',
    ];
    let spans = 0;
    for (const page of pages) {
      for (let segment = 0; segment < 3; segment++) {
        const own = findMatches(page, decodeIndex(encodeIndex(buildIndex(bySegment[segment]!))));
        const packed = await findMatchesInParts(page, heads[segment]!, store.partReader(record, segment));
        expect(packed).toEqual(own);
        spans += packed.length;
      }
    }
    expect(spans).toBeGreaterThanOrEqual(4);
  });

  it('keeps a corpus under the segment size in one segment, as before segments', async () => {
    const record = await importCorpus(store, [...DOCUMENTS], { name: 'Towns', sources: [] });
    expect(record.segments).toBeUndefined();
    expect(record.packedPostings).toBeUndefined();
    expect(record.dataKey).toBeUndefined();
    expect(await segmentIds(record)).toEqual([DOCUMENTS.map((doc) => doc.id)]);
  });

  it('replaces a corpus in segments by one of a single segment, and its old segments go', async () => {
    const first = await importCorpus(store, [...DOCUMENTS], { name: 'Towns', sources: [] }, { maxSegmentChars: SEGMENT_CHARS });
    const second = await importCorpus(store, DOCUMENTS.slice(0, 1), { name: 'ignored', replaceId: first.id, sources: [] });
    expect(second).toMatchObject({ id: first.id, name: 'Towns', revision: 2, documentCount: 1 });
    expect(second.segments).toBeUndefined();
    expect(await segmentIds(second)).toEqual([['bridge']]);
    for (let segment = 0; segment < 3; segment++) expect(await store.getHead(first, segment)).toBeNull();
    expect(await store.getSearches(first)).toBeNull();
  });

  it('leaves nothing and changes no other corpus when a later segment fails', async () => {
    const existing = await importCorpus(store, DOCUMENTS.slice(0, 2), { name: 'Kept', sources: [] });
    let shards = 0;
    const failing = async (bytes: Uint8Array): Promise<Uint8Array> => {
      // The first segment compresses; the second fails as a full disk or a crash would.
      if (++shards > 1) throw new Error('compression failed');
      return bytes;
    };
    const attempt = importCorpus(store, [...DOCUMENTS], { name: 'Lost', sources: [] }, { stagingKey: 'staged1', compress: failing, maxSegmentChars: SEGMENT_CHARS });
    await expect(attempt).rejects.toThrow('compression failed');
    expect(await store.list()).toEqual([existing]);
    expect(await store.getHead({ id: 'staged1' })).toBeNull();
    expect(await segmentIds(existing)).toEqual([['bridge', 'canal']]);
  });

  it('stops, leaving nothing, when the page discards the import while it runs (a cancel)', async () => {
    const page = await CorpusStore.open(`import-corpus-${dbCount}`);
    try {
      let discarded: Promise<void> | null = null;
      const attempt = importCorpus(store, [...DOCUMENTS], { name: 'Cancelled', sources: [] }, {
        stagingKey: 'cancelme',
        maxSegmentChars: SEGMENT_CHARS,
        onProgress: (phase, done, total) => {
          if (phase === 'save' && done === total && total > 1) discarded ??= page.discardStaged('cancelme');
        },
      });
      await expect(attempt).rejects.toThrow(/discarded/);
      await discarded;
      expect(await store.list()).toEqual([]);
      expect(await store.getHead({ id: 'cancelme' })).toBeNull();
      expect(await storedKinds('cancelme')).toEqual({});
    } finally {
      page.close();
    }
  });
});
