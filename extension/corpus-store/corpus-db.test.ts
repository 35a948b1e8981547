/**
 * The stored form of an imported corpus, in a real IndexedDB implementation
 * (fake-indexeddb): a record round-trips with its index and search data, a
 * re-import keeps the user's choices, and a failed write changes nothing.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEARCH_INDEX_VERSION, type SearchIndexFile } from '../../lib/search-index';
import type { CorpusDocument } from '../../lib/corpus';
import { createCorpusSearch } from '../corpus-search';
import { decodeIndex, encodeIndex, INDEX_FORMAT_VERSION } from '../../lib/index-format';
import { buildIndex } from '../../lib/build-index';
import { findMatchesInParts, joinIndex, SplitIndex, splitIndex, SPLIT_FORMAT_VERSION } from '../../lib/split-index';
import { buildCorpusData } from '../../lib/build-corpus-data';
import { CorpusNotFoundError, CorpusStore, isQuotaError, parseCorpusRecord, segmentCount, STALE_STAGING_MS, type CorpusDataRef, type CorpusImport } from './corpus-db';

const DOCUMENTS: CorpusDocument[] = [
  { id: 'quay', title: 'Quay to close', text: 'The east quay will be closed to all commercial vessels for eleven weeks.', published: '2024-05-02' },
  { id: 'ferry', title: 'Ferry times', text: 'The island ferry will run every forty minutes from the first of July.' },
];

function importOf(documents: readonly CorpusDocument[], extra: Partial<CorpusImport> = {}): CorpusImport {
  const data = buildCorpusData(documents);
  return {
    name: 'Harbour',
    documentCount: data.info.documentCount,
    wordCount: data.info.wordCount,
    corpusDigest: data.info.corpusDigest,
    indexFormatVersion: SPLIT_FORMAT_VERSION,
    searchFormatVersion: SEARCH_INDEX_VERSION,
    sources: ['press.jsonl'],
    index: splitIndex(data.index),
    search: data.search,
    words: data.words,
    ...extra,
  };
}

/** Every segment's index of a corpus, joined from every part the store holds (null for a segment without a head). */
async function joined(from: CorpusStore, ref: CorpusDataRef): Promise<(Uint8Array | null)[]> {
  const indexes: (Uint8Array | null)[] = [];
  for (let segment = 0; segment < segmentCount(ref); segment++) {
    const head = await from.getHead(ref, segment);
    if (!head) {
      indexes.push(null);
      continue;
    }
    const split = SplitIndex.fromHead(head);
    const reader = from.partReader(ref, segment);
    const all = async (kind: 'postings' | 'filters' | 'texts'): Promise<Uint8Array[]> => {
      const found = await reader.read(kind, Array.from({ length: split.partCount(kind) }, (_, n) => n));
      return [...found.values()];
    };
    indexes.push(joinIndex({ head, postings: await all('postings'), filters: await all('filters'), texts: await all('texts') }));
  }
  return indexes;
}

/** Every segment's documents of a corpus, as export and search read them. */
async function documentsOf(from: CorpusStore, ref: CorpusDataRef): Promise<(CorpusDocument[] | null)[]> {
  const segments: (CorpusDocument[] | null)[] = [];
  for await (const documents of from.documents(ref)) segments.push(documents);
  return segments;
}

let store: CorpusStore;
let dbCount = 0;
beforeEach(async () => {
  store = await CorpusStore.open(`test-corpora-${++dbCount}`);
});
afterEach(() => store.close());

describe('CorpusStore', () => {
  it('round-trips a corpus: its record, its index (documents included) and its search data', async () => {
    const saved = await store.save(importOf(DOCUMENTS), new Date('2024-05-03T10:00:00Z'));
    expect(saved).toMatchObject({
      name: 'Harbour',
      enabled: true,
      revision: 1,
      importedAt: '2024-05-03T10:00:00.000Z',
      documentCount: 2,
      sources: ['press.jsonl'],
    });
    expect(saved.id).toMatch(/^[a-z0-9]{10}$/);

    // A fresh connection reads what the first one wrote.
    const reopened = await CorpusStore.open(`test-corpora-${dbCount}`);
    try {
      expect(await reopened.list()).toEqual([saved]);
      const index = decodeIndex((await joined(reopened, saved))[0]!);
      expect(index.documents).toEqual([...DOCUMENTS].map((doc) => expect.objectContaining(doc)));
      // Export and search read the same documents from the head and text parts alone.
      expect(await documentsOf(reopened, saved)).toEqual([[...DOCUMENTS].map((doc) => expect.objectContaining(doc))]);
      expect(index.info.corpusDigest).toBe(saved.corpusDigest);
      const file = JSON.parse(new TextDecoder().decode((await reopened.getSearches(saved))![0]!)) as SearchIndexFile;
      expect(file.corpusDigest).toBe(saved.corpusDigest);
      expect(createCorpusSearch(file, index.documents, saved.id).search('ferry forty')[0]?.docId).toBe(`${saved.id}:ferry`);
    } finally {
      reopened.close();
    }
  });

  it('keeps name, switch and id on a re-import, with a new revision and new data', async () => {
    const first = await store.save(importOf(DOCUMENTS));
    await store.update(first.id, { name: 'Renamed', enabled: false });
    const replaced = await store.save(importOf(DOCUMENTS.slice(0, 1), { replaceId: first.id, name: 'ignored' }));
    expect(replaced).toMatchObject({ id: first.id, name: 'Renamed', enabled: false, revision: 2, documentCount: 1 });
    expect(decodeIndex((await joined(store, replaced))[0]!).documents.map((d) => d.id)).toEqual(['quay']);
    // The data it replaced went in the same transaction.
    expect(await store.getHead(first)).toBeNull();
    expect(await store.getSearches(first)).toBeNull();
    expect(await store.getWordIndexes(first)).toBeNull();
    expect(await store.getWordIndexes(replaced)).toEqual([importOf(DOCUMENTS.slice(0, 1)).words]);
    expect(await store.list()).toHaveLength(1);
  });

  it('deletes a corpus with its data and leaves the others', async () => {
    const a = await store.save(importOf(DOCUMENTS));
    const b = await store.save(importOf(DOCUMENTS, { name: 'Other' }));
    await store.delete(a.id);
    expect((await store.list()).map((r) => r.id)).toEqual([b.id]);
    expect(await joined(store, a)).toEqual([null]);
    expect(await documentsOf(store, a)).toEqual([null]);
    expect(await store.getHead(a)).toBeNull();
    expect(await store.getSearches(a)).toBeNull();
    expect(await store.getWordIndexes(a)).toBeNull();
    expect((await joined(store, b))[0]).not.toBeNull();
    expect(await store.getWordIndexes(b)).toHaveLength(1);
  });

  it('keeps the index split, joined back byte for byte, and reads a page\'s parts for matching', async () => {
    const data = buildCorpusData(DOCUMENTS);
    const written: [number, number][] = [];
    const saved = await store.save(importOf(DOCUMENTS), undefined, (done, total) => written.push([done, total]));
    // Every part reported once as it is written: the head and the others.
    const parts = splitIndex(data.index);
    const total = 1 + parts.postings.length + parts.filters.length + parts.texts.length;
    expect(written).toEqual(Array.from({ length: total }, (_, i) => [i + 1, total]));
    expect(await joined(store, saved)).toEqual([data.index]);
    const index = SplitIndex.fromHead((await store.getHead(saved))!);
    const spans = await findMatchesInParts(`Notice: ${DOCUMENTS[1]!.text}`, index, store.partReader(saved));
    expect(spans.map((span) => span.docId)).toEqual(['ferry']);
    await expect(store.partReader(saved).read('texts', [99])).rejects.toThrow(/lacks texts part 99/);
  });

  it('writes nothing when the transaction fails part-way, and leaves existing corpora untouched', async () => {
    const existing = await store.save(importOf(DOCUMENTS));
    // A value the store cannot clone fails the third write of the transaction, after the first two.
    const broken = { ...importOf(DOCUMENTS, { name: 'Half' }), search: (() => 0) as unknown as Uint8Array };
    await expect(store.save(broken)).rejects.toThrow();
    expect(await store.list()).toEqual([existing]);
    // No index or search data without a record either.
    const replacing = { ...importOf(DOCUMENTS.slice(0, 1), { replaceId: existing.id }), search: (() => 0) as unknown as Uint8Array };
    await expect(store.save(replacing)).rejects.toThrow();
    expect(await store.list()).toEqual([existing]);
    expect(decodeIndex((await joined(store, existing))[0]!).documents).toHaveLength(2);
  });

  it('refuses to replace or change a corpus that is gone', async () => {
    await expect(store.save(importOf(DOCUMENTS, { replaceId: 'gone' }))).rejects.toBeInstanceOf(CorpusNotFoundError);
    await expect(store.update('gone', { enabled: false })).rejects.toBeInstanceOf(CorpusNotFoundError);
    expect(await store.list()).toEqual([]);
  });
});

describe('the upgrade from whole indexes (schema version 1)', () => {
  /** A database as version 1 of the extension left it: records and whole `index.bin` files. */
  async function legacyDatabase(name: string, corpora: { id: string; version: number; bytes: Uint8Array }[]): Promise<void> {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => {
        for (const store of ['corpora', 'indexes', 'searches']) request.result.createObjectStore(store, { keyPath: 'id' });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['corpora', 'indexes', 'searches'], 'readwrite');
    for (const { id, version, bytes } of corpora) {
      const { name, documentCount, wordCount, corpusDigest, searchFormatVersion, sources, search } = importOf(DOCUMENTS);
      const record = { name, documentCount, wordCount, corpusDigest, searchFormatVersion, sources };
      tx.objectStore('corpora').put({ ...record, id, enabled: true, revision: 1, importedAt: '2024-05-03T10:00:00.000Z', indexFormatVersion: version, indexBytes: bytes.length, searchBytes: search.length });
      tx.objectStore('indexes').put({ id, bytes });
      tx.objectStore('searches').put({ id, bytes: search });
    }
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  }

  it('splits every format-3 index and leaves older ones to a re-import', async () => {
    const name = `legacy-corpora-${++dbCount}`;
    const whole = encodeIndex(buildIndex(DOCUMENTS));
    await legacyDatabase(name, [
      { id: 'current', version: INDEX_FORMAT_VERSION, bytes: whole },
      { id: 'older', version: INDEX_FORMAT_VERSION - 1, bytes: new Uint8Array(64) },
    ]);
    const upgraded = await CorpusStore.open(name);
    try {
      const records = await upgraded.list();
      expect(records.map((record) => [record.id, record.indexFormatVersion])).toEqual([
        ['current', SPLIT_FORMAT_VERSION],
        ['older', INDEX_FORMAT_VERSION - 1],
      ]);
      expect(await joined(upgraded, { id: 'current' })).toEqual([whole]);
      expect(records[0]!.indexBytes).toBeGreaterThan(0);
      expect(await upgraded.getHead({ id: 'older' })).toBeNull();
      expect(await upgraded.getSearches({ id: 'older' })).not.toBeNull();
    } finally {
      upgraded.close();
    }
  });
});

describe('an empty database of version 1 (created by something else first)', () => {
  it('gets every store of this schema on upgrade', async () => {
    const name = `empty-corpora-${++dbCount}`;
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    const upgraded = await CorpusStore.open(name);
    try {
      const saved = await upgraded.save(importOf(DOCUMENTS));
      expect(await upgraded.list()).toEqual([saved]);
    } finally {
      upgraded.close();
    }
  });
});

describe('parseCorpusRecord', () => {
  it('rejects records that do not fit the schema, such as an id with ":"', async () => {
    const record = await store.save(importOf(DOCUMENTS));
    expect(parseCorpusRecord(record)).toEqual(record);
    expect(parseCorpusRecord({ ...record, id: 'a:b' })).toBeNull();
    expect(parseCorpusRecord({ ...record, name: '  ' })).toBeNull();
    expect(parseCorpusRecord({ ...record, extra: 1 })).toBeNull();
  });
});

describe('isQuotaError', () => {
  it('recognizes the browser refusing space by the error’s name', () => {
    expect(isQuotaError(new DOMException('no space', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });
});

describe('staged imports', () => {
  it('deletes the data of imports that died with their browser once stale, and keeps fresh ones', async () => {
    const t0 = Date.UTC(2024, 4, 3);
    const dead = await store.stage('dead', t0);
    await dead.putSegment(importOf(DOCUMENTS).index, importOf(DOCUMENTS), undefined, t0);
    const running = await store.stage('running', t0 + 1000);
    await running.putSegment(importOf(DOCUMENTS).index, importOf(DOCUMENTS), undefined, t0 + 1000);
    expect(await store.getHead({ id: 'dead' })).not.toBeNull();
    // The next import, an hour after the dead one last wrote and less after the running one did.
    await store.stage(undefined, t0 + STALE_STAGING_MS + 500);
    expect(await store.getHead({ id: 'dead' })).toBeNull();
    expect(await store.getSearches({ id: 'dead' })).toBeNull();
    await expect(dead.commit(importOf(DOCUMENTS))).rejects.toThrow(/discarded/);
    expect(await store.getHead({ id: 'running' })).not.toBeNull();
    expect((await running.commit(importOf(DOCUMENTS))).id).toBe('running');
  });

  it('refuses a chosen key that a corpus or another import has', async () => {
    const saved = await store.save(importOf(DOCUMENTS));
    await expect(store.stage(saved.id)).rejects.toThrow(/in use/);
    await store.stage('taken');
    await expect(store.stage('taken')).rejects.toThrow(/in use/);
    await expect(store.stage('Not:valid')).rejects.toThrow(/invalid/);
  });

  it('refuses to commit an import without segments', async () => {
    const staged = await store.stage();
    await expect(staged.commit(importOf(DOCUMENTS))).rejects.toThrow(/without segments/);
  });
});

describe('packed postings', () => {
  /** A segment's split index with `count` posting parts of made-up bytes (the store never looks inside them). */
  function segmentWithPostings(segment: number, count: number): CorpusImport {
    const plain = importOf(DOCUMENTS);
    const postings = Array.from({ length: count }, (_, n) => Uint8Array.from({ length: (n + segment) % 7 }, (_, i) => (n * 31 + segment * 7 + i) % 256));
    return { ...plain, index: { ...plain.index, postings } };
  }

  it('packs part n of every segment into one record over several runs, and gives each segment its own part back', async () => {
    // 2,500 parts a segment: three runs of 1,024 staged and packed.
    const segments = [0, 1, 2].map((segment) => segmentWithPostings(segment, 2500));
    const staged = await store.stage();
    for (const segment of segments) await staged.putSegment(segment.index, segment, undefined, undefined, 'packed');
    await expect(staged.commit(importOf(DOCUMENTS))).rejects.toThrow(/packed before/);
    const runs: [number, number][] = [];
    await staged.packPostings((done, total) => runs.push([done, total]));
    expect(runs).toEqual([[1, 3], [2, 3], [3, 3]]);
    const record = await staged.commit({ ...importOf(DOCUMENTS), documentCount: 6 });
    expect(record).toMatchObject({ segments: 3, packedPostings: true });

    const numbers = [0, 1, 1023, 1024, 2047, 2048, 2499];
    // The segments ask at once, as they do for a page; each gets its own bytes, not a view of the shared record.
    const reads = await Promise.all([0, 1, 2].map((segment) => store.partReader(record, segment).read('postings', numbers)));
    reads.forEach((found, segment) => {
      for (const n of numbers) {
        expect(found.get(n)).toEqual(segments[segment]!.index.postings[n]);
        expect(found.get(n)!.buffer.byteLength).toBe(found.get(n)!.length);
      }
    });
    await expect(store.partReader(record, 0).read('postings', [2500])).rejects.toThrow(/lacks postings part 2500/);
    // Each segment's word index under its own key.
    expect(await store.getWordIndexes(record)).toEqual(segments.map((segment) => segment.words));
    // The other kinds are still read a record a segment.
    expect((await store.partReader(record, 2).read('filters', [0])).get(0)).toEqual(segments[2]!.index.filters[0]);
  });

  it('refuses segments whose postings are cut differently, or packed and not', async () => {
    const staged = await store.stage();
    await staged.putSegment(segmentWithPostings(0, 16).index, { search: new Uint8Array() }, undefined, undefined, 'packed');
    await expect(staged.putSegment(segmentWithPostings(1, 32).index, { search: new Uint8Array() }, undefined, undefined, 'packed')).rejects.toThrow(/same key bits/);
    await expect(staged.putSegment(segmentWithPostings(1, 16).index, { search: new Uint8Array() })).rejects.toThrow(/packed or none/);
    await staged.discard();
    const plain = await store.stage();
    await plain.putSegment(segmentWithPostings(0, 16).index, { search: new Uint8Array() });
    await expect(plain.packPostings()).rejects.toThrow(/no segment staged/);
  });

  it('leaves nothing when the import is discarded while it packs', async () => {
    const staged = await store.stage('packing');
    for (const segment of [0, 1]) await staged.putSegment(segmentWithPostings(segment, 2100).index, { search: new Uint8Array() }, undefined, undefined, 'packed');
    let discarded: Promise<void> | null = null;
    await expect(staged.packPostings(() => (discarded ??= store.discardStaged('packing')))).rejects.toThrow(/discarded/);
    await discarded;
    expect(await store.getHead({ id: 'packing' })).toBeNull();
    await expect(store.partReader({ id: 'packing', segments: 2, packedPostings: true }, 0).read('postings', [0])).rejects.toThrow(/lacks/);
  });
});
