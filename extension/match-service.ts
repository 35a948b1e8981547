/**
 * The background's side of matching: owns the decoded indexes (one copy per
 * browser, not per tab) and answers content scripts with sourced spans.
 *
 * Several corpora can be enabled at once: the shipped one and those the user
 * imported. Every id leaving this module is qualified (see corpus-ids.ts).
 */
import type { CorpusDocument } from '../lib/corpus';
import { qualifyDocId, splitDocId } from '../lib/corpus-ids';
import { decodeIndex, documentMetadata, type IndexData } from '../lib/index-format';
import { DocumentTokenCache, findMatches, type MatchOptions } from '../lib/matcher';
import type { CorpusRef, SourcedDocument, SourcedMatch } from '../lib/domain';

/** Characters of source context shown around a passage at most, per side. */
const MAX_CONTEXT_CHARS = 280;

/** Matching over one loaded index, the documents of one corpus. */
export class MatchService {
  private readonly tokenCache: DocumentTokenCache;
  private readonly byId = new Map<string, CorpusDocument>();

  constructor(
    readonly index: IndexData,
    readonly corpus: CorpusRef,
  ) {
    this.tokenCache = new DocumentTokenCache(index);
    for (const doc of index.documents) this.byId.set(doc.id, doc);
  }

  /** Decodes index bytes (throws `IndexFormatError` on a bad file). */
  static fromBytes(bytes: ArrayBuffer | Uint8Array, corpus: CorpusRef): MatchService {
    return new MatchService(decodeIndex(bytes), corpus);
  }

  /** Matches `text` and attaches each source's metadata and passage text; ids are qualified. */
  findSourcedMatches(text: string, options: Partial<MatchOptions> = {}): SourcedMatch[] {
    // A document's text is read (inflated) once per page however many of its passages the page reuses.
    const texts = new Map<string, string>();
    return findMatches(text, this.index, options, this.tokenCache).map((span) => {
      const doc = this.byId.get(span.docId)!;
      let docText = texts.get(span.docId);
      if (docText === undefined) {
        docText = doc.text;
        texts.set(span.docId, docText);
      }
      const id = qualifyDocId(this.corpus.id, span.docId);
      return {
        ...span,
        docId: id,
        source: { ...documentMetadata(doc), id },
        corpus: this.corpus,
        sourceText: docText.slice(span.docStart, span.docEnd),
        contextBefore: docText.slice(sentenceStart(docText, span.docStart), span.docStart),
        contextAfter: docText.slice(span.docEnd, sentenceEnd(docText, span.docEnd)),
        documentLength: docText.length,
      };
    });
  }

  /** A document by its id within this corpus (unqualified); the answer carries the qualified id. */
  getDocument(docId: string): SourcedDocument | null {
    const doc = this.byId.get(docId);
    return doc ? { ...doc, id: qualifyDocId(this.corpus.id, docId), corpus: this.corpus } : null;
  }
}

/** Matching over every enabled corpus at once, results merged as if from one index. */
export class CorpusSetMatchService {
  private readonly byCorpus: ReadonlyMap<string, MatchService>;

  /** `services` in display order; each corpus at most once. */
  constructor(readonly services: readonly MatchService[]) {
    this.byCorpus = new Map(services.map((service) => [service.corpus.id, service]));
  }

  /** Matches `text` against every corpus; sorted as `findMatches` sorts one index's spans. */
  findSourcedMatches(text: string, options: Partial<MatchOptions> = {}): SourcedMatch[] {
    const matches = this.services.flatMap((service) => service.findSourcedMatches(text, options));
    return this.services.length < 2
      ? matches
      : matches.sort((x, y) => x.pageStart - y.pageStart || y.similarity - x.similarity || x.docId.localeCompare(y.docId));
  }

  /** A document by qualified id; null when its corpus is not loaded (disabled, deleted) or has no such document. */
  getDocument(id: string): SourcedDocument | null {
    const { corpusId, docId } = splitDocId(id);
    return this.byCorpus.get(corpusId)?.getDocument(docId) ?? null;
  }
}

/** Start of the sentence holding `offset`: after the last ". ", "! ", "? " or line break before it. */
export function sentenceStart(text: string, offset: number): number {
  const floor = Math.max(0, offset - MAX_CONTEXT_CHARS);
  for (let i = offset - 1; i > floor; i--) {
    const c = text[i]!;
    if (c === '\n') return i + 1;
    if (/\s/.test(c) && /[.!?]["”’)]?$/.test(text.slice(Math.max(0, i - 2), i))) return i + 1;
  }
  return floor === 0 ? 0 : text.indexOf(' ', floor) + 1 || floor;
}

/** End of the sentence holding `offset - 1`: through the next sentence-ending punctuation. */
export function sentenceEnd(text: string, offset: number): number {
  const ceiling = Math.min(text.length, offset + MAX_CONTEXT_CHARS);
  for (let i = offset; i < ceiling; i++) {
    const c = text[i]!;
    if (c === '\n') return i;
    if (/[.!?]/.test(c) && (i + 1 >= text.length || /[\s"”’)]/.test(text[i + 1]!))) {
      let end = i + 1;
      while (end < text.length && /["”’)]/.test(text[end]!)) end++;
      return end;
    }
  }
  return ceiling === text.length ? ceiling : text.lastIndexOf(' ', ceiling) > offset ? text.lastIndexOf(' ', ceiling) : ceiling;
}
