/**
 * Which corpora are in use: the shipped one unless the user switched it off
 * (its choice lives in storage.local, extension/storage.ts) and every imported one
 * that is switched on (IndexedDB, corpus-db.ts). Read by the background for
 * matching and by the extension pages for search.
 */
import { t } from '../i18n';
import type { CorpusRef } from '../../lib/domain';
import { parseShippedCorpus, shippedCorpusItem, type ShippedCorpusPrefs } from '../storage';
import { sharedCorpusStore, type CorpusRecord } from './corpus-db';
import { SHIPPED_CORPUS_ID } from '../../lib/corpus-ids';

/** The corpora in use. */
export interface EnabledCorpora {
  /** The shipped corpus, or null when switched off. */
  shipped: CorpusRef | null;
  /** Imported corpora switched on, oldest import first. */
  imported: CorpusRecord[];
}

/** The shipped corpus as the user named it, else by its default name. */
export function shippedCorpusRef(prefs: ShippedCorpusPrefs): CorpusRef {
  return { id: SHIPPED_CORPUS_ID, name: prefs.name || t('corpusShippedName') };
}

/**
 * Reads the corpora in use. When IndexedDB cannot be opened (some private
 * modes refuse it) only the shipped corpus is used: matching goes on without
 * imports rather than stopping.
 */
export async function enabledCorpora(): Promise<EnabledCorpora> {
  // Both read at once: a waking background waits for this before its first page.
  const [stored, imported] = await Promise.all([
    shippedCorpusItem.getValue(),
    sharedCorpusStore()
      .then((store) => store.list())
      .then(
        (records) => records.filter((record) => record.enabled),
        (error: unknown) => {
          console.warn('[Sourcelight] imported corpora are unavailable', error);
          return [] as CorpusRecord[];
        },
      ),
  ]);
  const prefs = parseShippedCorpus(stored);
  return { shipped: prefs.enabled ? shippedCorpusRef(prefs) : null, imported };
}
