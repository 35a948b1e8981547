/**
 * Document ids across corpora. Several corpora can be enabled at once and their
 * document ids may collide, so everywhere outside a corpus's own data an
 * imported document is named `<corpusId>:<docId>`; the shipped corpus's
 * documents keep their plain ids (what existing dismissals and links hold).
 * Neither a corpus id nor a document id can hold ":", so the split is exact.
 */

/** Id of the corpus that ships inside the extension. */
export const SHIPPED_CORPUS_ID = 'shipped';

/** The id the rest of the extension uses for document `docId` of corpus `corpusId`. */
export function qualifyDocId(corpusId: string, docId: string): string {
  return corpusId === SHIPPED_CORPUS_ID ? docId : `${corpusId}:${docId}`;
}

/** Splits an id made by `qualifyDocId` back into its corpus and document ids. */
export function splitDocId(id: string): { corpusId: string; docId: string } {
  const colon = id.indexOf(':');
  return colon === -1 ? { corpusId: SHIPPED_CORPUS_ID, docId: id } : { corpusId: id.slice(0, colon), docId: id.slice(colon + 1) };
}
