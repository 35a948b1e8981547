/**
 * Imported corpora in IndexedDB: one database of the extension's origin, shared
 * by the options page (and its import worker), which writes it, and the
 * background and the popup, which read it.
 *
 * Three object stores, all keyed by corpus id:
 *
 * - `corpora`: a `CorpusRecord` per corpus, small, listed without loading data;
 * - `indexes`: the corpus's `index.bin` bytes (lib/index-format.ts), documents included;
 * - `searches`: its `search.json` bytes (lib/search-index.ts).
 *
 * A corpus is written, replaced and deleted in one transaction over all three,
 * so an interrupted import (tab closed, browser killed, quota exceeded) leaves
 * either the whole new corpus or nothing, and never touches the others.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { z } from 'zod';

/** Name of the database. */
export const CORPUS_DB_NAME = 'sourcelight-corpora';
/** Schema version of the database; bump with an `upgrade` step on any store change. */
const CORPUS_DB_VERSION = 1;

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
  /** `INDEX_FORMAT_VERSION` and `SEARCH_INDEX_VERSION` the data was written with. */
  indexFormatVersion: z.number().int().positive(),
  searchFormatVersion: z.number().int().positive(),
  indexBytes: z.number().int().nonnegative(),
  searchBytes: z.number().int().nonnegative(),
  /** Names of the files the corpus was imported from (the first few). */
  sources: z.array(z.string()),
});

/** What is known of an imported corpus without loading its data. */
export type CorpusRecord = z.infer<typeof corpusRecordSchema>;

/** The bytes of one corpus in the `indexes` or `searches` store. */
interface CorpusBytes {
  id: string;
  bytes: Uint8Array;
}

interface CorpusDbSchema extends DBSchema {
  corpora: { key: string; value: CorpusRecord };
  indexes: { key: string; value: CorpusBytes };
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
  index: Uint8Array;
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
      upgrade(database) {
        database.createObjectStore('corpora', { keyPath: 'id' });
        database.createObjectStore('indexes', { keyPath: 'id' });
        database.createObjectStore('searches', { keyPath: 'id' });
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

  /** The `index.bin` bytes of a corpus, or null. */
  async getIndex(id: string): Promise<Uint8Array | null> {
    return (await this.db.get('indexes', id))?.bytes ?? null;
  }

  /** The `search.json` bytes of a corpus, or null. */
  async getSearch(id: string): Promise<Uint8Array | null> {
    return (await this.db.get('searches', id))?.bytes ?? null;
  }

  /**
   * Stores an import as a new corpus, or as the new data of `replaceId`, in one
   * transaction. Rejects with the transaction's error (a `QuotaExceededError`
   * DOMException when the browser refuses the space), leaving the store as it was.
   */
  async save(data: CorpusImport, now = new Date()): Promise<CorpusRecord> {
    const tx = this.db.transaction(['corpora', 'indexes', 'searches'], 'readwrite');
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
        indexBytes: data.index.byteLength,
        searchBytes: data.search.byteLength,
        sources: data.sources,
      } satisfies CorpusRecord);
      // One request after the other: a failing one leaves no other request's promise unobserved.
      await tx.objectStore('corpora').put(record);
      await tx.objectStore('indexes').put({ id, bytes: data.index });
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
    const tx = this.db.transaction(['corpora', 'indexes', 'searches'], 'readwrite');
    await tx.objectStore('corpora').delete(id);
    await tx.objectStore('indexes').delete(id);
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
