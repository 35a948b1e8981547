/**
 * The background's side of matching: owns the decoded indexes (one copy per
 * browser, not per tab) and answers content scripts with sourced spans.
 *
 * Several corpora can be enabled at once: the shipped one and those the user
 * imported. Every id leaving this module is qualified (see corpus-ids.ts).
 */
import type { DocumentMetadata } from '../lib/corpus';
import { qualifyDocId, splitDocId } from '../lib/corpus-ids';
import { decodeIndex, documentMetadata, type IndexData } from '../lib/index-format';
import { DEFAULT_MATCH_OPTIONS } from '../lib/match-options';
import { DEFAULT_TOKEN_CACHE_WORDS, DocumentTokenCache, findMatches, pageCandidates, type MatchOptions, type MatchSpan } from '../lib/matcher';
import { SharedSourceCap, type SourceCapSeat } from '../lib/source-cap';
import { findMatchesInParts, readDocumentTexts, type PartReader, type SplitIndex } from '../lib/split-index';
import type { CorpusRef, SourcedDocument, SourcedMatch } from '../lib/domain';

/** Characters of source context shown around a passage at most, per side. */
const MAX_CONTEXT_CHARS = 280;

/** A corpus stored split (lib/split-index.ts): its decoded head, and where its parts are read from. */
export interface SplitCorpus {
  readonly index: SplitIndex;
  readonly parts: PartReader;
}

/**
 * Matching over the documents of one corpus: a whole decoded index (the
 * shipped corpus) or a split one whose parts are read per page (imported
 * corpora in IndexedDB).
 */
export class MatchService {
  private readonly tokenCache: DocumentTokenCache;
  /** Document numbers by id within the corpus. */
  private readonly numbers = new Map<string, number>();

  /** `tokenCacheWords`: see `DocumentTokenCache`; a corpus in segments gives each its share. */
  constructor(
    readonly source: IndexData | SplitCorpus,
    readonly corpus: CorpusRef,
    tokenCacheWords = DEFAULT_TOKEN_CACHE_WORDS,
  ) {
    this.tokenCache = new DocumentTokenCache('parts' in source ? source.index : source, tokenCacheWords);
    const ids = 'parts' in source ? source.index.documentIds : source.documents.map((doc) => doc.id);
    ids.forEach((id, docIndex) => this.numbers.set(id, docIndex));
  }

  /** Decodes index bytes (throws `IndexFormatError` on a bad file). */
  static fromBytes(bytes: ArrayBuffer | Uint8Array, corpus: CorpusRef): MatchService {
    return new MatchService(decodeIndex(bytes), corpus);
  }

  /**
   * Matches `text` and attaches each source's metadata and passage text; ids
   * are qualified. `seat`: this corpus's (or segment's) place at a cap on
   * sources shared with the others (`SharedSourceCap`); the caller leaves it.
   */
  async findSourcedMatches(text: string, options: Partial<MatchOptions> = {}, seat?: SourceCapSeat): Promise<SourcedMatch[]> {
    const source = this.source;
    if (!('parts' in source)) {
      const choice = seat && (await seat.offer(pageCandidates(text, source, options)));
      return this.sourced(findMatches(text, source, options, this.tokenCache, choice));
    }
    // The parts the matcher read stay loaded until the page is done, so the sources' texts are at hand.
    source.index.beginPage();
    this.tokenCache.beginPage();
    try {
      return this.sourced(await findMatchesInParts(text, source.index, source.parts, options, this.tokenCache, seat));
    } finally {
      this.tokenCache.endPage();
      source.index.endPage();
    }
  }

  /** A document by its id within this corpus (unqualified); the answer carries the qualified id. */
  async getDocument(docId: string): Promise<SourcedDocument | null> {
    const docIndex = this.numbers.get(docId);
    if (docIndex === undefined) return null;
    const source = this.source;
    let text: string;
    if ('parts' in source) {
      [text] = (await readDocumentTexts(source.index, source.parts, [docIndex])) as [string];
    } else {
      text = source.documents[docIndex]!.text;
    }
    return { ...this.metadata(docIndex), text, id: qualifyDocId(this.corpus.id, docId), corpus: this.corpus };
  }

  /** A document's metadata (a split index checks it on first read). */
  private metadata(docIndex: number): DocumentMetadata {
    return 'parts' in this.source ? this.source.index.documentMetadata(docIndex) : documentMetadata(this.source.documents[docIndex]!);
  }

  /** The spans with their sources attached; the sources' texts must be at hand. */
  private sourced(spans: readonly MatchSpan[]): SourcedMatch[] {
    // A document's text is read (inflated) once per page however many of its passages the page reuses.
    const texts = new Map<string, string>();
    return spans.map((span) => {
      const docIndex = this.numbers.get(span.docId)!;
      let docText = texts.get(span.docId);
      if (docText === undefined) {
        docText = this.tokenCache.text(docIndex);
        texts.set(span.docId, docText);
      }
      const id = qualifyDocId(this.corpus.id, span.docId);
      return {
        ...span,
        docId: id,
        source: { ...this.metadata(docIndex), id },
        corpus: this.corpus,
        sourceText: docText.slice(span.docStart, span.docEnd),
        contextBefore: docText.slice(sentenceStart(docText, span.docStart), span.docStart),
        contextAfter: docText.slice(span.docEnd, sentenceEnd(docText, span.docEnd)),
        documentLength: docText.length,
      };
    });
  }
}

/** Matching over every enabled corpus at once, results merged as if from one index. */
export class CorpusSetMatchService {
  /** The services of each corpus: one, or one a segment of a corpus stored in segments. */
  private readonly byCorpus = new Map<string, MatchService[]>();

  /** `services` in display order; a corpus in segments has one a segment, in order. */
  constructor(readonly services: readonly MatchService[]) {
    for (const service of services) {
      const list = this.byCorpus.get(service.corpus.id);
      if (list) list.push(service);
      else this.byCorpus.set(service.corpus.id, [service]);
    }
  }

  /**
   * Matches `text` against every corpus; sorted as `findMatches` sorts one
   * index's spans. A corpus whose parts cannot be read (damaged, deleted
   * meanwhile) is left out with a warning: the others still match.
   */
  async findSourcedMatches(text: string, options: Partial<MatchOptions> = {}): Promise<SourcedMatch[]> {
    // One cap on sources over all corpora and segments: at most `maxSourcesPerPassage` for any passage, whichever index holds them.
    const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
    const cap = this.services.length > 1 ? new SharedSourceCap(this.services.length, { limit: opts.maxSourcesPerPassage, joinGap: opts.maxSeedGap }) : null;
    const perCorpus = await Promise.all(
      this.services.map((service, i) => {
        const seat = cap?.seat(i);
        return service
          .findSourcedMatches(text, options, seat)
          .catch((error: unknown) => {
            console.warn(`[Sourcelight] corpus ${service.corpus.id} could not be matched`, error);
            return [];
          })
          // A corpus that failed before offering its candidates must not keep the others waiting.
          .finally(() => seat?.leave());
      }),
    );
    const matches = perCorpus.flat();
    return this.services.length < 2
      ? matches
      : matches.sort((x, y) => x.pageStart - y.pageStart || y.similarity - x.similarity || x.docId.localeCompare(y.docId));
  }

  /** A document by qualified id; null when its corpus is not loaded (disabled, deleted) or has no such document. */
  async getDocument(id: string): Promise<SourcedDocument | null> {
    const { corpusId, docId } = splitDocId(id);
    // A document id is in one segment (ids are unique in a corpus); the others answer null without reading.
    for (const service of this.byCorpus.get(corpusId) ?? []) {
      const document = await service.getDocument(docId);
      if (document) return document;
    }
    return null;
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
