/**
 * Imported corpora in IndexedDB: one database of the extension's origin, shared
 * by the options page (and its import worker), which writes it, and the
 * background and the popup, which read it.
 *
 * Three object stores:
 *
 * - `corpora`: a `CorpusRecord` per corpus, keyed by id, small, listed without loading data;
 * - `parts`: the corpus's index split into parts (lib/split-index.ts: a head,
 *   posting, filter-word and text parts), one record each, keyed
 *   `[corpusId, kind, number]`, so the background reads the head when it wakes
 *   and, per page, only the parts the page needs;
 * - `searches`: its `search.json` bytes (lib/search-index.ts), keyed by id.
 *
 * A corpus is written, replaced and deleted in one transaction over all three,
 * so an interrupted import (tab closed, browser killed, quota exceeded) leaves
 * either the whole new corpus or nothing, and never touches the others.
 *
 * Schema version 1 kept each index whole in an `indexes` store; opening the
 * database upgrades it, splitting every index of format 3 (format 4 is the same
 * tables, split) and dropping older ones, whose corpora the options page then
 * asks to re-import.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { z } from 'zod';
import { INDEX_FORMAT_VERSION } from '../../lib/index-format';
import { joinIndex, splitIndex, SPLIT_FORMAT_VERSION, type PartKind, type PartReader, type SplitParts } from '../../lib/split-index';

/** Name of the database. */
export const CORPUS_DB_NAME = 'sourcelight-corpora';
/** Schema version of the database; bump with an `upgrade` step on any store change. */
const CORPUS_DB_VERSION = 2;

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
});

/** What is known of an imported corpus without loading its data. */
export type CorpusRecord = z.infer<typeof corpusRecordSchema>;

/** The bytes of one corpus in the `searches` store (and the `indexes` store of schema version 1). */
interface CorpusBytes {
  id: string;
  bytes: Uint8Array;
}

/** Key of a part: corpus id, kind, number (the head is number 0). */
type PartKey = [string, PartKind, number];

interface CorpusDbSchema extends DBSchema {
  corpora: { key: string; value: CorpusRecord };
  parts: { key: PartKey; value: Uint8Array };
  searches: { key: string; value: CorpusBytes };
}


/** Everything an import writes; the store fills in id, revision and the user's choices. */
export interface CorpusImport {
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
  index: SplitParts;
  search: Uint8Array;
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

  /** The head of a corpus's split index (lib/split-index.ts), or null. */
  async getHead(id: string): Promise<Uint8Array | null> {
    return (await this.db.get('parts', [id, 'head', 0])) ?? null;
  }

  /** Reads the parts of a corpus's split index, each read in one transaction. */
  partReader(id: string): PartReader {
    return {
      read: async (kind, numbers) => {
        const tx = this.db.transaction('parts');
        // All requests at once: the browser runs them back to back, not one round trip each.
        const parts = await Promise.all(numbers.map((n) => tx.store.get([id, kind, n])));
        const found = new Map<number, Uint8Array>();
        parts.forEach((bytes, i) => {
          if (!bytes) throw new Error(`corpus ${id} lacks ${kind} part ${numbers[i]}: its data is damaged, re-import it`);
          found.set(numbers[i]!, bytes);
        });
        return found;
      },
    };
  }

  /** A corpus's index as one `index.bin` (format 3), joined from its parts (for export and search), or null. */
  async getIndex(id: string): Promise<Uint8Array | null> {
    const tx = this.db.transaction('parts');
    const range = (kind: PartKind): IDBKeyRange => IDBKeyRange.bound([id, kind, 0], [id, kind, Infinity]);
    const [head, postings, filters, texts] = await Promise.all([tx.store.get([id, 'head', 0]), tx.store.getAll(range('postings')), tx.store.getAll(range('filters')), tx.store.getAll(range('texts'))]);
    return head ? joinIndex({ head, postings, filters, texts }) : null;
  }

  /** The `search.json` bytes of a corpus, or null. */
  async getSearch(id: string): Promise<Uint8Array | null> {
    return (await this.db.get('searches', id))?.bytes ?? null;
  }

  /**
   * Stores an import as a new corpus, or as the new data of `replaceId`, in one
   * transaction. Rejects with the transaction's error (a `QuotaExceededError`
   * DOMException when the browser refuses the space), leaving the store as it was.
   * `onProgress` counts the index's parts written (seconds for a large corpus).
   */
  async save(data: CorpusImport, now = new Date(), onProgress: (done: number, total: number) => void = () => undefined): Promise<CorpusRecord> {
    const tx = this.db.transaction(['corpora', 'parts', 'searches'], 'readwrite');
    try {
      const previous = data.replaceId === undefined ? null : parseCorpusRecord(await tx.objectStore('corpora').get(data.replaceId));
      if (data.replaceId !== undefined && !previous) throw new CorpusNotFoundError(`corpus ${data.replaceId} is not in the store`);
      const id = previous?.id ?? (await this.unusedId(tx.objectStore('corpora')));
      const record = corpusRecordSchema.parse({
        id,
        name: previous?.name ?? data.name,
        enabled: previous?.enabled ?? true,
        revision: (previous?.revision ?? 0) + 1,
        importedAt: now.toISOString(),
        documentCount: data.documentCount,
        wordCount: data.wordCount,
        corpusDigest: data.corpusDigest,
        indexFormatVersion: data.indexFormatVersion,
        searchFormatVersion: data.searchFormatVersion,
        indexBytes: partBytes(data.index),
        searchBytes: data.search.byteLength,
        sources: data.sources,
      } satisfies CorpusRecord);
      // One request after the other: a failing one leaves no other request's promise unobserved.
      await tx.objectStore('corpora').put(record);
      await tx.objectStore('parts').delete(allParts(id));
      await putParts(tx.objectStore('parts'), id, data.index, onProgress);
      await tx.objectStore('searches').put({ id, bytes: data.search });
      await tx.done;
      return record;
    } catch (error) {
      abortQuietly(tx);
      await tx.done.catch(() => undefined);
      // A transaction the browser aborted (no space, say) names the cause in `error`; one we aborted has none.
      throw tx.error ?? error;
    }
  }

  /** Renames or switches a corpus. */
  async update(id: string, change: Partial<Pick<CorpusRecord, 'name' | 'enabled'>>): Promise<CorpusRecord> {
    const tx = this.db.transaction('corpora', 'readwrite');
    const current = parseCorpusRecord(await tx.store.get(id));
    if (!current) {
      abortQuietly(tx);
      await tx.done.catch(() => undefined);
      throw new CorpusNotFoundError(`corpus ${id} is not in the store`);
    }
    const record = corpusRecordSchema.parse({ ...current, ...change });
    await tx.store.put(record);
    await tx.done;
    return record;
  }

  /** Deletes a corpus and its data, in one transaction. */
  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['corpora', 'parts', 'searches'], 'readwrite');
    await tx.objectStore('corpora').delete(id);
    await tx.objectStore('parts').delete(allParts(id));
    await tx.objectStore('searches').delete(id);
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

  private async unusedId(corpora: { getKey(id: string): Promise<string | undefined> }): Promise<string> {
    for (;;) {
      const id = newCorpusId();
      if ((await corpora.getKey(id)) === undefined) return id;
    }
  }
}

/** Every part key of corpus `id`: `[id]` sorts before them, `[id, []]` after (arrays sort after strings). */
function allParts(id: string): IDBKeyRange {
  return IDBKeyRange.bound([id], [id, []]);
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

/** Writes every part of a split index, reporting each written; requests are queued together and settle with the transaction. */
async function putParts(store: PartStore, id: string, parts: SplitParts, onProgress: (done: number, total: number) => void = () => undefined): Promise<void> {
  const total = 1 + parts.postings.length + parts.filters.length + parts.texts.length;
  let done = 0;
  const put = (part: Uint8Array, key: PartKey): Promise<void> => store.put(part, key).then(() => onProgress(++done, total));
  const puts = [put(parts.head, [id, 'head', 0])];
  for (const kind of ['postings', 'filters', 'texts'] as const) parts[kind].forEach((part, n) => puts.push(put(part, [id, kind, n])));
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
    await putParts(tx.objectStore('parts') as unknown as PartStore, id, parts);
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
