/**
 * Imported corpora in IndexedDB: one database of the extension's origin, shared
 * by the options page (and its import worker), which writes it, and the
 * background and the popup, which read it.
 *
 * Four object stores:
 *
 * - `corpora`: a `CorpusRecord` per corpus, keyed by id, small, listed without loading data;
 * - `parts`: the corpus's index split into parts (lib/split-index.ts: a head,
 *   posting, filter-word and text parts), one record each, keyed
 *   `[dataKey, kind, number]`, so the background reads the head when it wakes
 *   and, per page, only the parts the page needs;
 * - `searches`: its `search.json` bytes (lib/search-index.ts), keyed by data key,
 *   and its word index (lib/word-index.ts; corpora imported before it have
 *   none), keyed by data key and "#words";
 * - `staging`: imports being written, by data key, with when they last wrote.
 *
 * A large corpus is stored in segments, each a split index of its own built
 * from a slice of the documents (segment `s` has head number `s` and its other
 * parts numbered from `s * SEGMENT_PART_STRIDE`), so an import never holds more
 * than one segment's index in memory. Its segments cut their postings at the
 * same key bits, and posting record `n` packs every segment's part `n`
 * (lib/packed-parts.ts; the record says `packedPostings`), so a page reads a
 * posting record once for all the segments; corpora stored in segments before
 * keep a posting record a segment, read as they were. Its segments are written one transaction
 * each under a fresh data key, listed in `staging`; a last transaction writes
 * the record that points to them and drops the data it replaces. So an
 * interrupted import (cancelled, tab closed, browser killed, quota exceeded)
 * leaves either the whole new corpus or no corpus, never touches the others,
 * and its staged data is deleted: by the import itself, by the page that
 * cancelled it, or, after a crash, by the next import once it is stale.
 *
 * Schema version 1 kept each index whole in an `indexes` store; opening the
 * database upgrades it, splitting every index of format 3 (format 4 is the same
 * tables, split) and dropping older ones, whose corpora the options page then
 * asks to re-import.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { z } from 'zod';
import type { CorpusDocument } from '../../lib/corpus';
import { INDEX_FORMAT_VERSION } from '../../lib/index-format';
import { packedCount, packedPart, packParts, unpackParts } from '../../lib/packed-parts';
import { splitDocuments, splitIndex, SPLIT_FORMAT_VERSION, type PartKind, type PartReader, type SplitParts } from '../../lib/split-index';
import { RecentRecords } from './recent-records';

/** Name of the database. */
export const CORPUS_DB_NAME = 'sourcelight-corpora';
/** Schema version of the database; bump with an `upgrade` step on any store change. */
const CORPUS_DB_VERSION = 3;

/** Part numbers of one segment: segment `s` numbers its posting, filter and text parts from `s * SEGMENT_PART_STRIDE`. */
export const SEGMENT_PART_STRIDE = 2 ** 24;
/** Posting parts of one segment in a staged run (`StagedCorpus.putSegment`, packed layout): 64 records for 65,536 parts. */
const POSTING_RUN_PARTS = 1024;
/**
 * Bytes of packed posting records a connection keeps once read: the segments
 * of a page ask for the same records at about the same time (`RecentRecords`);
 * a 2k-word page at 100,000 articles reads ≈ 760 of ≈ 11 KB.
 */
const PACKED_POSTINGS_KEPT_BYTES = 16 * 1024 * 1024;
/** Staged data not written for this long belongs to an import that died with its browser: the next import deletes it. */
export const STALE_STAGING_MS = 60 * 60 * 1000;

/** Longest corpus name, in characters. */
export const MAX_CORPUS_NAME_CHARS = 100;

const corpusRecordSchema = z.strictObject({
  /** Lower-case letters and digits: never ":", so `<corpusId>:<docId>` splits at the first colon. */
  id: z.string().regex(/^[a-z0-9]{1,32}$/),
  name: z.string().trim().min(1).max(MAX_CORPUS_NAME_CHARS),
  enabled: z.boolean(),
  /** Bumped by every (re-)import: whoever caches a decoded index keys it by id and revision. */
  revision: z.number().int().positive(),
  /** When the current data was imported, ISO 8601. */
  importedAt: z.iso.datetime(),
  documentCount: z.number().int().nonnegative(),
  wordCount: z.number().int().nonnegative(),
  corpusDigest: z.string(),
  /** `SPLIT_FORMAT_VERSION` (older: `INDEX_FORMAT_VERSION`) and `SEARCH_INDEX_VERSION` the data was written with. */
  indexFormatVersion: z.number().int().positive(),
  searchFormatVersion: z.number().int().positive(),
  indexBytes: z.number().int().nonnegative(),
  searchBytes: z.number().int().nonnegative(),
  /** Names of the files the corpus was imported from (the first few). */
  sources: z.array(z.string()),
  /** Key of its parts and search data when not its id (a re-import writes the new data beside the old). */
  dataKey: z.string().regex(/^[a-z0-9]{1,32}$/).optional(),
  /** Number of segments, each a split index of some of its documents; absent for one. */
  segments: z.number().int().min(2).optional(),
  /** The segments' posting parts are packed, part `n` of each in posting record `n`; absent: a record a segment's part (stored before packing). */
  packedPostings: z.literal(true).optional(),
});

/** What is known of an imported corpus without loading its data. */
export type CorpusRecord = z.infer<typeof corpusRecordSchema>;

/** The bytes of one corpus in the `searches` store (and the `indexes` store of schema version 1). */
interface CorpusBytes {
  id: string;
  bytes: Uint8Array;
}

/**
 * Kinds of record in the `parts` store: a split index's parts, and runs of a
 * segment's posting parts staged by an import until it packs them.
 */
type StoredKind = PartKind | 'postingRuns';

/** Key of a part: data key, kind, number (see `SEGMENT_PART_STRIDE`; a segment's head has its segment's number; a packed posting record `n` has number `n`). */
type PartKey = [string, StoredKind, number];

/** An import being written. */
interface StagingEntry {
  dataKey: string;
  /** When it last wrote, ms since the epoch. */
  touchedAt: number;
}

interface CorpusDbSchema extends DBSchema {
  corpora: { key: string; value: CorpusRecord };
  parts: { key: PartKey; value: Uint8Array };
  searches: { key: string; value: CorpusBytes };
  staging: { key: string; value: StagingEntry };
}

/** Where a corpus's data is: what `CorpusRecord` says of it. */
export type CorpusDataRef = Pick<CorpusRecord, 'id' | 'dataKey' | 'segments' | 'packedPostings'>;

/** The data key of a corpus: its parts and search data are stored under it. */
function dataKeyOf(ref: CorpusDataRef): string {
  return ref.dataKey ?? ref.id;
}

/** The number of segments of a corpus. */
export function segmentCount(ref: CorpusDataRef): number {
  return ref.segments ?? 1;
}

/** Key of a segment's search data: the data key for the first, so corpora of one segment keep one key. */
function searchKey(dataKey: string, segment: number): string {
  return segment === 0 ? dataKey : `${dataKey}/${segment}`;
}

/** Key of a segment's word index: its search key and "#words" ("#" sorts before "/", so `allSearches` holds it). */
function wordsKey(dataKey: string, segment: number): string {
  return `${searchKey(dataKey, segment)}#words`;
}

/** Every search key of data key `dataKey` ("/" sorts before every character a key has), word indexes included. */
function allSearches(dataKey: string): IDBKeyRange {
  return IDBKeyRange.bound(dataKey, `${dataKey}/\uffff`);
}


/** What an import says of the corpus it writes; the store fills in id, revision, the user's choices and the sizes. */
export interface CorpusFacts {
  /** Replace this corpus (keeps its id, name and switch); a new corpus when absent. */
  replaceId?: string;
  /** Name of a new corpus. */
  name: string;
  documentCount: number;
  wordCount: number;
  corpusDigest: string;
  indexFormatVersion: number;
  searchFormatVersion: number;
  sources: string[];
}

/** Everything an import of one segment writes (`CorpusStore.save`). */
export interface CorpusImport extends CorpusFacts, SegmentSearchData {
  index: SplitParts;
}

/** A segment's search data: its `search.json` bytes and its word index (lib/word-index.ts; absent from corpora stored before it). */
export interface SegmentSearchData {
  search: Uint8Array;
  words?: Uint8Array;
}

/** Thrown when a corpus to replace or change is not in the store (deleted meanwhile, say). */
export class CorpusNotFoundError extends Error {
  override name = 'CorpusNotFoundError';
}

/** Parses a stored record; null for one that does not fit the schema (written by a newer version, say). */
export function parseCorpusRecord(value: unknown): CorpusRecord | null {
  const parsed = corpusRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** A fresh corpus id: 10 random base-36 characters. */
export function newCorpusId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return Array.from(bytes, (byte) => (byte % 36).toString(36)).join('');
}

/** An open connection to the corpus database. */
export class CorpusStore {
  private closed = false;
  /** Packed posting records by `<data key>/<number>`, shared by the segments that read them. */
  private readonly packedPostings = new RecentRecords<string>(PACKED_POSTINGS_KEPT_BYTES);

  private constructor(private readonly db: IDBPDatabase<CorpusDbSchema>) {}

  /** Opens (creating on first use) the database `name`. */
  static async open(name = CORPUS_DB_NAME): Promise<CorpusStore> {
    let store: CorpusStore | null = null;
    const db = await openDB<CorpusDbSchema>(name, CORPUS_DB_VERSION, {
      async upgrade(database, _oldVersion, _newVersion, transaction) {
        // Whatever an older version left (or did not): every store this schema has, then the old indexes split.
        for (const name of ['corpora', 'searches'] as const) {
          if (!database.objectStoreNames.contains(name)) database.createObjectStore(name, { keyPath: 'id' });
        }
        if (!database.objectStoreNames.contains('parts')) database.createObjectStore('parts');
        if (!database.objectStoreNames.contains('staging')) database.createObjectStore('staging', { keyPath: 'dataKey' });
        // The upgrade reads a store the schema no longer has: untyped.
        const untyped = transaction as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
        if (untyped.db.objectStoreNames.contains('indexes')) await splitWholeIndexes(untyped);
      },
      // A newer version of the extension wants to upgrade the schema: let it.
      blocking: () => store?.close(),
      terminated: () => {
        if (store) store.closed = true;
      },
    });
    store = new CorpusStore(db);
    return store;
  }

  /** Every valid corpus record, oldest import first. */
  async list(): Promise<CorpusRecord[]> {
    const values = await this.db.getAll('corpora');
    return values
      .map(parseCorpusRecord)
      .filter((record): record is CorpusRecord => record !== null)
      .sort((a, b) => (a.importedAt < b.importedAt ? -1 : a.importedAt > b.importedAt ? 1 : 0));
  }

  /** The head of one segment of a corpus's split index (lib/split-index.ts), or null. */
  async getHead(ref: CorpusDataRef, segment = 0): Promise<Uint8Array | null> {
    return (await this.db.get('parts', [dataKeyOf(ref), 'head', segment])) ?? null;
  }

  /** Reads the parts of one segment of a corpus's split index, each read in one transaction. */
  partReader(ref: CorpusDataRef, segment = 0): PartReader {
    const dataKey = dataKeyOf(ref);
    const first = segment * SEGMENT_PART_STRIDE;
    return {
      read: async (kind, numbers) => {
        if (kind === 'postings' && ref.packedPostings) return this.readPackedPostings(ref, segment, numbers);
        const tx = this.db.transaction('parts');
        // All requests at once: the browser runs them back to back, not one round trip each.
        const parts = await Promise.all(numbers.map((n) => tx.store.get([dataKey, kind, first + n])));
        const found = new Map<number, Uint8Array>();
        parts.forEach((bytes, i) => {
          if (!bytes) throw new Error(`corpus ${ref.id} lacks ${kind} part ${numbers[i]}${segment ? ` of segment ${segment}` : ''}: its data is damaged, re-import it`);
          found.set(numbers[i]!, bytes);
        });
        return found;
      },
    };
  }

  /**
   * Segment `segment`'s posting parts `numbers` of a corpus whose postings are
   * packed: each record is read once for all the segments asking for it
   * within a page (`RecentRecords`), and the segment's part is copied out of
   * it, so what the segment keeps is its own bytes, not the whole record.
   */
  private async readPackedPostings(ref: CorpusDataRef, segment: number, numbers: readonly number[]): Promise<Map<number, Uint8Array>> {
    const dataKey = dataKeyOf(ref);
    const numberOf = new Map(numbers.map((n) => [`${dataKey}/${n}`, n]));
    const records = await this.packedPostings.take([...numberOf.keys()], (missing) => {
      const tx = this.db.transaction('parts');
      return missing.map((key) => tx.store.get([dataKey, 'postings', numberOf.get(key)!]));
    });
    const found = new Map<number, Uint8Array>();
    records.forEach((record, i) => {
      if (!record || packedCount(record) !== segmentCount(ref)) throw new Error(`corpus ${ref.id} lacks postings part ${numbers[i]} of segment ${segment}: its data is damaged, re-import it`);
      found.set(numbers[i]!, packedPart(record, segment).slice());
    });
    return found;
  }

  /**
   * A corpus's documents, metadata and texts, one array a segment (for export
   * and search), read from each segment's head and text parts only: the
   * posting and filter parts, most of what is stored, are not read. Null for
   * a segment not stored. Segments are read one at a time, so the caller can
   * let each go in turn. Throws `IndexFormatError` on damaged parts.
   */
  async *documents(ref: CorpusDataRef): AsyncGenerator<CorpusDocument[] | null> {
    const dataKey = dataKeyOf(ref);
    for (let segment = 0; segment < segmentCount(ref); segment++) {
      const tx = this.db.transaction('parts');
      const first = segment * SEGMENT_PART_STRIDE;
      const texts = IDBKeyRange.bound([dataKey, 'texts', first], [dataKey, 'texts', first + SEGMENT_PART_STRIDE], false, true);
      const [head, parts] = await Promise.all([tx.store.get([dataKey, 'head', segment]), tx.store.getAll(texts)]);
      yield head ? splitDocuments(head, parts) : null;
    }
  }

  /** The `search.json` bytes of each segment of a corpus, or null when any is missing. */
  getSearches(ref: CorpusDataRef): Promise<Uint8Array[] | null> {
    return this.searchRecords(ref, searchKey);
  }

  /** The word index of each segment of a corpus (lib/word-index.ts), or null when any is missing (a corpus stored before them). */
  getWordIndexes(ref: CorpusDataRef): Promise<Uint8Array[] | null> {
    return this.searchRecords(ref, wordsKey);
  }

  /** The bytes of a record of the `searches` store a segment, keyed by `keyOf`, or null when any is missing. */
  private async searchRecords(ref: CorpusDataRef, keyOf: (dataKey: string, segment: number) => string): Promise<Uint8Array[] | null> {
    const dataKey = dataKeyOf(ref);
    const tx = this.db.transaction('searches');
    const stored = await Promise.all(Array.from({ length: segmentCount(ref) }, (_, segment) => tx.store.get(keyOf(dataKey, segment))));
    return stored.every((entry) => entry !== undefined) ? stored.map((entry) => entry!.bytes) : null;
  }

  /**
   * Starts an import: the data key its segments are written under
   * (`StagedCorpus`), fresh unless the caller chose one (the options page
   * does, to discard the import's data if it cancels it). Staged data of
   * imports that died with their browser (not written for `STALE_STAGING_MS`)
   * is deleted first.
   */
  async stage(chosenKey?: string, now = Date.now()): Promise<StagedCorpus> {
    const tx = this.db.transaction(['corpora', 'parts', 'searches', 'staging'], 'readwrite');
    let dataKey: string;
    try {
      for (const entry of await tx.objectStore('staging').getAll()) {
        if (now - entry.touchedAt < STALE_STAGING_MS) continue;
        await dropStaged(tx, entry.dataKey);
      }
      const used = async (key: string): Promise<boolean> =>
        (await tx.objectStore('corpora').getKey(key)) !== undefined || (await tx.objectStore('staging').getKey(key)) !== undefined || (await tx.objectStore('parts').count(allParts(key))) > 0;
      dataKey = chosenKey ?? newCorpusId();
      if (chosenKey !== undefined && (!/^[a-z0-9]{1,32}$/.test(chosenKey) || (await used(chosenKey)))) throw new Error(`cannot stage an import as ${chosenKey}: the key is invalid or in use`);
      while (await used(dataKey)) dataKey = newCorpusId();
      await tx.objectStore('staging').put({ dataKey, touchedAt: now });
      await tx.done;
    } catch (error) {
      throw await failedTransaction(tx, error);
    }
    return new StagedCorpus(this.db, dataKey);
  }

  /** The record of corpus `id`, or null. */
  async get(id: string): Promise<CorpusRecord | null> {
    return parseCorpusRecord(await this.db.get('corpora', id));
  }

  /** Deletes the staged data of an import that cannot finish (cancelled, its worker gone). */
  discardStaged(dataKey: string): Promise<void> {
    return discardStaged(this.db, dataKey);
  }

  /**
   * Stores an import of one segment as a new corpus, or as the new data of
   * `replaceId`. Rejects with the failing write's error (a `QuotaExceededError`
   * DOMException when the browser refuses the space), leaving the store as it was.
   * `onProgress` counts the index's parts written (seconds for a large corpus).
   */
  async save(data: CorpusImport, now = new Date(), onProgress: (done: number, total: number) => void = () => undefined): Promise<CorpusRecord> {
    const staged = await this.stage(undefined, now.getTime());
    try {
      await staged.putSegment(data.index, data, onProgress);
      return await staged.commit(data, now);
    } catch (error) {
      await staged.discard();
      throw error;
    }
  }

  /** Renames or switches a corpus. */
  async update(id: string, change: Partial<Pick<CorpusRecord, 'name' | 'enabled'>>): Promise<CorpusRecord> {
    const tx = this.db.transaction('corpora', 'readwrite');
    const current = parseCorpusRecord(await tx.store.get(id));
    if (!current) throw await failedTransaction(tx, new CorpusNotFoundError(`corpus ${id} is not in the store`));
    const record = corpusRecordSchema.parse({ ...current, ...change });
    await tx.store.put(record);
    await tx.done;
    return record;
  }

  /** Deletes a corpus and its data, in one transaction. */
  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['corpora', 'parts', 'searches'], 'readwrite');
    const record = parseCorpusRecord(await tx.objectStore('corpora').get(id));
    await tx.objectStore('corpora').delete(id);
    await deleteData(tx, record ? dataKeyOf(record) : id);
    await tx.done;
  }

  /** Whether the connection can still be used (not closed, not ended by the browser). */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Closes the connection. */
  close(): void {
    this.closed = true;
    this.db.close();
  }
}

/**
 * An import being written: its segments one transaction each, then the record
 * (`commit`), or nothing (`discard`). See the top of this file.
 */
export class StagedCorpus {
  private segments = 0;
  private indexBytes = 0;
  private searchBytes = 0;
  /** Posting parts a segment, when the segments' postings are staged to be packed (all the same). */
  private packedPartCount: number | null = null;
  /** Whether `packPostings` has packed what was staged. */
  private postingsPacked = false;

  /** Use `CorpusStore.stage`. */
  constructor(
    private readonly db: IDBPDatabase<CorpusDbSchema>,
    /** Where the segments are written: the page that started the import can discard them with it. */
    readonly dataKey: string,
  ) {}

  /**
   * Writes the next segment: its split index and search data (`SegmentSearchData`), at `now` (ms).
   * `onProgress` counts the parts written. `postings`: `'own'`, a record a
   * posting part; `'packed'`, staged in runs until `packPostings` packs every
   * segment's part `n` into one record (every segment of the corpus must then
   * be written so, cut at the same key bits: `PartSizes.postingPartBits`).
   */
  async putSegment(
    index: SplitParts,
    { search, words }: SegmentSearchData,
    onProgress: (done: number, total: number) => void = () => undefined,
    now = Date.now(),
    postings: 'own' | 'packed' = 'own',
  ): Promise<void> {
    const segment = this.segments;
    const packed = postings === 'packed';
    if (this.postingsPacked) throw new Error('the postings were packed: no segment can be added');
    if (segment > 0 && packed !== (this.packedPartCount !== null)) throw new Error('the segments of a corpus have their postings packed or none do');
    if (packed && this.packedPartCount !== null && index.postings.length !== this.packedPartCount) {
      throw new Error(`segment ${segment} has ${index.postings.length} posting parts, the first had ${this.packedPartCount}: packed postings need the same key bits`);
    }
    const tx = this.db.transaction(['parts', 'searches', 'staging'], 'readwrite');
    try {
      // Written only while staged: a page that discarded this import meanwhile is not undone.
      await this.assertStaged(tx);
      await tx.objectStore('staging').put({ dataKey: this.dataKey, touchedAt: now });
      await putParts(tx.objectStore('parts'), this.dataKey, segment, packed ? { ...index, postings: [] } : index, onProgress);
      if (packed) await putPostingRuns(tx.objectStore('parts'), this.dataKey, segment, index.postings);
      await tx.objectStore('searches').put({ id: searchKey(this.dataKey, segment), bytes: search });
      if (words) await tx.objectStore('searches').put({ id: wordsKey(this.dataKey, segment), bytes: words });
      await tx.done;
    } catch (error) {
      throw await failedTransaction(tx, error);
    }
    this.segments++;
    if (packed) this.packedPartCount = index.postings.length;
    this.indexBytes += partBytes(index);
    this.searchBytes += search.byteLength + (words?.byteLength ?? 0);
  }

  /**
   * Packs the posting parts the segments staged (`putSegment(…, 'packed')`):
   * record `n` gets every segment's part `n`, one run of parts at a time, each
   * in its own transaction (a run of every segment in memory at once, never
   * the corpus's postings), and the runs are deleted. `onProgress` counts runs.
   */
  async packPostings(onProgress: (done: number, total: number) => void = () => undefined, now = Date.now()): Promise<void> {
    const partCount = this.packedPartCount;
    if (partCount === null) throw new Error('no segment staged its postings to be packed');
    if (this.postingsPacked) return;
    const runs = Math.ceil(partCount / POSTING_RUN_PARTS);
    let added = 0;
    for (let run = 0; run < runs; run++) {
      const tx = this.db.transaction(['parts', 'staging'], 'readwrite');
      try {
        await this.assertStaged(tx);
        await tx.objectStore('staging').put({ dataKey: this.dataKey, touchedAt: now });
        const parts = tx.objectStore('parts');
        const keys = Array.from({ length: this.segments }, (_, segment): PartKey => [this.dataKey, 'postingRuns', segment * SEGMENT_PART_STRIDE + run]);
        const staged = await Promise.all(keys.map((key) => parts.get(key)));
        const bySegment = staged.map((record, segment) => {
          if (!record) throw new Error(`posting run ${run} of segment ${segment} was not staged`);
          return unpackParts(record);
        });
        const puts: Promise<unknown>[] = [];
        for (let i = 0; i < bySegment[0]!.length; i++) {
          const arrays = bySegment.map((runParts) => runParts[i]!);
          const record = packParts(arrays);
          // The parts were counted when staged; the record adds its table and padding.
          added += record.length - arrays.reduce((sum, array) => sum + array.length, 0);
          puts.push(parts.put(record, [this.dataKey, 'postings', run * POSTING_RUN_PARTS + i]));
        }
        for (const key of keys) puts.push(parts.delete(key));
        await Promise.all(puts);
        await tx.done;
      } catch (error) {
        throw await failedTransaction(tx, error);
      }
      onProgress(run + 1, runs);
    }
    this.postingsPacked = true;
    this.indexBytes += added;
  }

  /**
   * Writes the record of the segments written, as a new corpus or as the new
   * data of `facts.replaceId` (whose old data goes in the same transaction).
   */
  async commit(facts: CorpusFacts, now = new Date()): Promise<CorpusRecord> {
    if (this.segments === 0) throw new Error('an import without segments cannot be saved');
    if (this.packedPartCount !== null && !this.postingsPacked) throw new Error('the staged postings must be packed before the import is saved');
    const tx = this.db.transaction(['corpora', 'parts', 'searches', 'staging'], 'readwrite');
    try {
      await this.assertStaged(tx);
      const corpora = tx.objectStore('corpora');
      const previous = facts.replaceId === undefined ? null : parseCorpusRecord(await corpora.get(facts.replaceId));
      if (facts.replaceId !== undefined && !previous) throw new CorpusNotFoundError(`corpus ${facts.replaceId} is not in the store`);
      // A new corpus takes its data key as id (stage() chose one no corpus has).
      const id = previous?.id ?? this.dataKey;
      const record = corpusRecordSchema.parse({
        id,
        name: previous?.name ?? facts.name,
        enabled: previous?.enabled ?? true,
        revision: (previous?.revision ?? 0) + 1,
        importedAt: now.toISOString(),
        documentCount: facts.documentCount,
        wordCount: facts.wordCount,
        corpusDigest: facts.corpusDigest,
        indexFormatVersion: facts.indexFormatVersion,
        searchFormatVersion: facts.searchFormatVersion,
        indexBytes: this.indexBytes,
        searchBytes: this.searchBytes,
        sources: facts.sources,
        ...(id === this.dataKey ? {} : { dataKey: this.dataKey }),
        ...(this.segments > 1 ? { segments: this.segments } : {}),
        ...(this.postingsPacked ? { packedPostings: true as const } : {}),
      } satisfies CorpusRecord);
      // One request after the other: a failing one leaves no other request's promise unobserved.
      await corpora.put(record);
      if (previous) await deleteData(tx, dataKeyOf(previous));
      await tx.objectStore('staging').delete(this.dataKey);
      await tx.done;
      return record;
    } catch (error) {
      throw await failedTransaction(tx, error);
    }
  }

  /** Deletes what was written: the import will not be saved. */
  discard(): Promise<void> {
    return discardStaged(this.db, this.dataKey);
  }

  /** Throws when this import is no longer staged (a page or a later import discarded it). */
  private async assertStaged(tx: DataStores): Promise<void> {
    if ((await tx.objectStore('staging').getKey(this.dataKey)) === undefined) throw new Error('the import was discarded before it was saved');
  }
}

/** Deletes the data staged under `dataKey` and its staging entry, in one transaction. */
async function discardStaged(db: IDBPDatabase<CorpusDbSchema>, dataKey: string): Promise<void> {
  const tx = db.transaction(['parts', 'searches', 'staging'], 'readwrite');
  await dropStaged(tx, dataKey);
  await tx.done;
}

/** Deletes the data staged under `dataKey` and its staging entry, within `tx`. */
async function dropStaged(tx: DataStores, dataKey: string): Promise<void> {
  await deleteData(tx, dataKey);
  await tx.objectStore('staging').delete(dataKey);
}

/** Aborts a transaction whose request failed and gives the error to throw: the browser's cause (no space, say), else `error`. */
async function failedTransaction(tx: { abort(): void; done: Promise<void>; error: DOMException | null }, error: unknown): Promise<unknown> {
  abortQuietly(tx);
  await tx.done.catch(() => undefined);
  // A transaction the browser aborted (no space, say) names the cause in `error`; one we aborted has none.
  return tx.error ?? error;
}

/** The stores `deleteData` writes. */
type DataStores = IDBPTransaction<CorpusDbSchema, ('parts' | 'searches' | 'corpora' | 'staging')[], 'readwrite'>;

/** Deletes every part and search of data key `dataKey`. */
async function deleteData(tx: DataStores, dataKey: string): Promise<void> {
  await tx.objectStore('parts').delete(allParts(dataKey));
  await tx.objectStore('searches').delete(allSearches(dataKey));
}

/** Every part key of data key `key`: `[key]` sorts before them, `[key, []]` after (arrays sort after strings). */
function allParts(key: string): IDBKeyRange {
  return IDBKeyRange.bound([key], [key, []]);
}

/** Bytes of all parts of a split index. */
function partBytes(parts: SplitParts): number {
  let bytes = parts.head.length;
  for (const list of [parts.postings, parts.filters, parts.texts]) for (const part of list) bytes += part.length;
  return bytes;
}

/** What `putParts` needs of the `parts` store. */
interface PartStore {
  put(value: Uint8Array, key: PartKey): Promise<unknown>;
}

/**
 * Writes every part of one segment of a split index, reporting each written;
 * requests are queued together and settle with the transaction.
 */
async function putParts(store: PartStore, dataKey: string, segment: number, parts: SplitParts, onProgress: (done: number, total: number) => void = () => undefined): Promise<void> {
  const total = 1 + parts.postings.length + parts.filters.length + parts.texts.length;
  let done = 0;
  const put = (part: Uint8Array, key: PartKey): Promise<void> => store.put(part, key).then(() => onProgress(++done, total));
  const puts = [put(parts.head, [dataKey, 'head', segment])];
  const first = segment * SEGMENT_PART_STRIDE;
  for (const kind of ['postings', 'filters', 'texts'] as const) {
    if (parts[kind].length > SEGMENT_PART_STRIDE) throw new Error(`a segment of ${parts[kind].length} ${kind} parts is more than the store numbers`);
    parts[kind].forEach((part, n) => puts.push(put(part, [dataKey, kind, first + n])));
  }
  await Promise.all(puts);
}

/** Stages one segment's posting parts, `POSTING_RUN_PARTS` to a record (`packParts`), for `StagedCorpus.packPostings`. */
async function putPostingRuns(store: PartStore, dataKey: string, segment: number, postings: readonly Uint8Array[]): Promise<void> {
  const puts: Promise<unknown>[] = [];
  for (let run = 0; run * POSTING_RUN_PARTS < postings.length; run++) {
    puts.push(store.put(packParts(postings.slice(run * POSTING_RUN_PARTS, (run + 1) * POSTING_RUN_PARTS)), [dataKey, 'postingRuns', segment * SEGMENT_PART_STRIDE + run]));
  }
  await Promise.all(puts);
}

/**
 * Upgrade from schema version 1: each index of format 3 is split into parts
 * and its record says format 4; older indexes cannot be split (their corpora
 * ask for a re-import, as before); then the `indexes` store goes.
 */
async function splitWholeIndexes(tx: IDBPTransaction<unknown, string[], 'versionchange'>): Promise<void> {
  const indexes = tx.objectStore('indexes');
  // One index in memory at a time: a few corpora of 10,000 articles are hundreds of megabytes.
  for (const id of (await indexes.getAllKeys()) as string[]) {
    const record = parseCorpusRecord(await tx.objectStore('corpora').get(id));
    const stored = (await indexes.get(id)) as CorpusBytes | undefined;
    if (record?.indexFormatVersion !== INDEX_FORMAT_VERSION || !stored) continue;
    let parts: SplitParts;
    try {
      parts = splitIndex(stored.bytes);
    } catch (error) {
      // A damaged index stays unusable; its corpus says so when loaded, as before.
      console.warn(`[Sourcelight] corpus ${id} could not be converted`, error);
      continue;
    }
    await putParts(tx.objectStore('parts') as unknown as PartStore, id, 0, parts);
    await tx.objectStore('corpora').put({ ...record, indexFormatVersion: SPLIT_FORMAT_VERSION, indexBytes: partBytes(parts) });
  }
  tx.db.deleteObjectStore('indexes');
}

/** Whether `error` is the browser refusing storage space. */
export function isQuotaError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'QuotaExceededError';
}

function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted by the failed request itself.
  }
}

let shared: Promise<CorpusStore> | null = null;

/**
 * The connection of this context (page, worker, background), opened on first
 * use and again after the browser or a schema upgrade closed it.
 */
export function sharedCorpusStore(): Promise<CorpusStore> {
  const previous = shared;
  // Chained on the previous call, so concurrent first calls open one connection, not several.
  shared = (async () => {
    const store = await previous?.catch(() => null);
    return store?.isOpen ? store : CorpusStore.open();
  })();
  return shared;
}
