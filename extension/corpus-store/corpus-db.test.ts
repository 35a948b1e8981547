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
import { decodeIndex, INDEX_FORMAT_VERSION } from '../../lib/index-format';
import { buildCorpusData } from '../../lib/build-corpus-data';
import { CorpusNotFoundError, CorpusStore, isQuotaError, parseCorpusRecord, type CorpusImport } from './corpus-db';

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
    indexFormatVersion: INDEX_FORMAT_VERSION,
    searchFormatVersion: SEARCH_INDEX_VERSION,
    sources: ['press.jsonl'],
    index: data.index,
    search: data.search,
    ...extra,
  };
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
      const index = decodeIndex((await reopened.getIndex(saved.id))!);
      expect(index.documents).toEqual([...DOCUMENTS].map((doc) => expect.objectContaining(doc)));
      expect(index.info.corpusDigest).toBe(saved.corpusDigest);
      const file = JSON.parse(new TextDecoder().decode((await reopened.getSearch(saved.id))!)) as SearchIndexFile;
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
    expect(decodeIndex((await store.getIndex(first.id))!).documents.map((d) => d.id)).toEqual(['quay']);
    expect(await store.list()).toHaveLength(1);
  });

  it('deletes a corpus with its data and leaves the others', async () => {
    const a = await store.save(importOf(DOCUMENTS));
    const b = await store.save(importOf(DOCUMENTS, { name: 'Other' }));
    await store.delete(a.id);
    expect((await store.list()).map((r) => r.id)).toEqual([b.id]);
    expect(await store.getIndex(a.id)).toBeNull();
    expect(await store.getSearch(a.id)).toBeNull();
    expect(await store.getIndex(b.id)).not.toBeNull();
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
    expect(decodeIndex((await store.getIndex(existing.id))!).documents).toHaveLength(2);
  });

  it('refuses to replace or change a corpus that is gone', async () => {
    await expect(store.save(importOf(DOCUMENTS, { replaceId: 'gone' }))).rejects.toBeInstanceOf(CorpusNotFoundError);
    await expect(store.update('gone', { enabled: false })).rejects.toBeInstanceOf(CorpusNotFoundError);
    expect(await store.list()).toEqual([]);
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
