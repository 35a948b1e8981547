/**
 * The background's loaded corpora: builds a `CorpusSetMatchService` over every
 * enabled corpus on first use, and again after `reload()` (the options page
 * changed something), decoding only indexes it does not hold yet. An imported
 * corpus costs only its split index's heads here (one a segment); its other
 * parts are read per page (lib/split-index.ts).
 */
import { decodeIndex, type IndexData, type IndexInfo } from '../../lib/index-format';
import { DEFAULT_TOKEN_CACHE_WORDS } from '../../lib/matcher';
import { DEFAULT_BUDGETS, shareBudgets, SplitIndex, type PartReader } from '../../lib/split-index';
import { CorpusSetMatchService, MatchService, type SplitCorpus } from '../match-service';
import { segmentCount, type CorpusDataRef } from './corpus-db';
import type { EnabledCorpora } from './enabled-corpora';

/** Where the loader gets its data; the background passes the real ones, tests fakes. */
export interface CorpusSources {
  enabledCorpora(): Promise<EnabledCorpora>;
  /** The shipped `index.bin`. */
  shippedIndex(): Promise<ArrayBuffer | Uint8Array>;
  /** The head of one segment of an imported corpus's split index; null when it is no longer stored. */
  importedHead(corpus: CorpusDataRef, segment: number): Promise<Uint8Array | null>;
  /** Where the other parts of one segment of an imported corpus's split index are read. */
  importedParts(corpus: CorpusDataRef, segment: number): PartReader;
}

/** Loads and caches the matching service over the enabled corpora. */
export class CorpusSetLoader {
  private current: Promise<CorpusSetMatchService> | null = null;
  private shipped: Promise<IndexData> | null = null;
  /** Imported corpora by `<id>@<revision>`, a decoded head a segment: a rename or a switch reuses them, a re-import does not. */
  private readonly imported = new Map<string, Promise<SplitCorpus[] | null>>();

  constructor(private readonly sources: CorpusSources) {}

  /** The service over the enabled corpora, loaded on first use. */
  get(): Promise<CorpusSetMatchService> {
    this.current ??= this.load().catch((error: unknown) => {
      this.current = null;
      throw error;
    });
    return this.current;
  }

  /** Forgets the current set; the next `get()` reads which corpora are enabled again. */
  reload(): void {
    this.current = null;
  }

  /** Facts about the shipped index (loaded even while it is switched off: the options page shows them). */
  async shippedInfo(): Promise<IndexInfo> {
    return (await this.shippedIndex()).info;
  }

  private async load(): Promise<CorpusSetMatchService> {
    const enabled = await this.sources.enabledCorpora();
    const services: MatchService[] = [];
    const wanted = new Set(enabled.imported.map((record) => `${record.id}@${record.revision}`));
    // Indexes of corpora switched off, deleted or re-imported since: free their memory.
    for (const key of this.imported.keys()) if (!wanted.has(key)) this.imported.delete(key);
    // The shipped index and the imported heads are read at once.
    const [shipped, indexes] = await Promise.all([
      enabled.shipped && this.shippedIndex(),
      Promise.all(enabled.imported.map((record) => this.importedIndex(record))),
    ]);
    if (shipped && enabled.shipped) services.push(new MatchService(shipped, enabled.shipped));
    enabled.imported.forEach((record, i) => {
      const segments = indexes[i] ?? [];
      // Like the parts (shareBudgets), the tokens a corpus keeps between pages do not grow with its segments.
      const tokenCacheWords = Math.floor(DEFAULT_TOKEN_CACHE_WORDS / Math.max(1, segments.length));
      for (const segment of segments) services.push(new MatchService(segment, { id: record.id, name: record.name }, tokenCacheWords));
    });
    return new CorpusSetMatchService(services);
  }

  private shippedIndex(): Promise<IndexData> {
    this.shipped ??= this.sources
      .shippedIndex()
      .then((bytes) => decodeIndex(bytes))
      .catch((error: unknown) => {
        this.shipped = null;
        throw error;
      });
    return this.shipped;
  }

  /**
   * An imported corpus with the heads of its segments decoded; null (and a
   * warning) when one is missing or damaged, so the other corpora still match.
   */
  private importedIndex(record: CorpusDataRef & { revision: number }): Promise<SplitCorpus[] | null> {
    const key = `${record.id}@${record.revision}`;
    let index = this.imported.get(key);
    if (!index) {
      const count = segmentCount(record);
      // The corpus keeps the parts of one index between pages, however many segments it has.
      const budgets = shareBudgets(DEFAULT_BUDGETS, count);
      const segments = Array.from({ length: count }, async (_, segment): Promise<SplitCorpus> => {
        const head = await this.sources.importedHead(record, segment);
        if (!head) throw new Error(`no index stored${segment ? ` for segment ${segment}` : ''}`);
        return { index: SplitIndex.fromHead(head, budgets), parts: this.sources.importedParts(record, segment) };
      });
      index = Promise.all(segments)
        .catch((error: unknown) => {
          console.warn(`[Sourcelight] imported corpus ${record.id} cannot be loaded`, error);
          this.imported.delete(key);
          return null;
        });
      this.imported.set(key, index);
    }
    return index;
  }
}
