/**
 * Records being read or read lately, by key, within a byte budget: the
 * segments of a corpus whose posting parts are packed together
 * (lib/packed-parts.ts) each want the same records for a page, at about the
 * same time, and this makes them one read.
 */

/** A record read, or being read. */
interface Entry {
  readonly promise: Promise<Uint8Array | undefined>;
  /** Its length once read; 0 while being read (never dropped then). */
  bytes: number;
}

/** Records by key, the least recently used dropped first once over the budget. */
export class RecentRecords<K> {
  private readonly entries = new Map<K, Entry>();
  private bytes = 0;

  /** `budget`: bytes of records kept once read. */
  constructor(private readonly budget: number) {}

  /**
   * The records `keys`, in order: those being read or kept are shared, and
   * `readMissing` is called once, with the others, to read them (a promise a
   * key, in the order given; undefined for a record not stored, which is not
   * kept, nor is a failed read).
   */
  take(keys: readonly K[], readMissing: (missing: K[]) => Promise<Uint8Array | undefined>[]): Promise<(Uint8Array | undefined)[]> {
    const missing = keys.filter((key) => !this.entries.has(key));
    if (missing.length > 0) {
      const reads = readMissing(missing);
      missing.forEach((key, i) => this.track(key, reads[i]!));
    }
    return Promise.all(
      keys.map((key) => {
        const entry = this.entries.get(key)!;
        // Most recently used last.
        this.entries.delete(key);
        this.entries.set(key, entry);
        return entry.promise;
      }),
    );
  }

  /** Bytes of the records kept (not those being read). */
  get keptBytes(): number {
    return this.bytes;
  }

  private track(key: K, promise: Promise<Uint8Array | undefined>): void {
    const entry: Entry = { promise, bytes: 0 };
    this.entries.set(key, entry);
    const forget = (): void => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    promise.then(
      (record) => {
        if (!record) return forget();
        if (this.entries.get(key) !== entry) return;
        entry.bytes = record.length;
        this.bytes += entry.bytes;
        this.evict();
      },
      forget,
    );
  }

  /** Drops the least recently used records read until the kept ones fit the budget. */
  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.budget) return;
      if (entry.bytes === 0) continue;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }
}
