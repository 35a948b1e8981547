/**
 * The background's side of matching: owns the decoded index (one copy per
 * browser, not per tab) and answers content scripts with sourced spans.
 */
import type { CorpusDocument } from './corpus';
import { decodeIndex, type IndexData } from './index-format';
import { DocumentTokenCache, findMatches, type MatchOptions } from './matcher';
import type { SourcedMatch } from './messages';

/** Characters of source context shown around a passage at most, per side. */
const MAX_CONTEXT_CHARS = 280;

/** Matching over one loaded index. */
export class MatchService {
  private readonly tokenCache: DocumentTokenCache;
  private readonly byId = new Map<string, CorpusDocument>();

  constructor(readonly index: IndexData) {
    this.tokenCache = new DocumentTokenCache(index);
    for (const doc of index.documents) this.byId.set(doc.id, doc);
  }

  /** Decodes index bytes (throws `IndexFormatError` on a bad file). */
  static fromBytes(bytes: ArrayBuffer | Uint8Array): MatchService {
    return new MatchService(decodeIndex(bytes));
  }

  /** Matches `text` and attaches each source's metadata and passage text. */
  findSourcedMatches(text: string, options: Partial<MatchOptions> = {}): SourcedMatch[] {
    return findMatches(text, this.index, options, this.tokenCache).map((span) => {
      const { text: docText, ...source } = this.byId.get(span.docId)!;
      return {
        ...span,
        source,
        sourceText: docText.slice(span.docStart, span.docEnd),
        contextBefore: docText.slice(sentenceStart(docText, span.docStart), span.docStart),
        contextAfter: docText.slice(span.docEnd, sentenceEnd(docText, span.docEnd)),
        documentLength: docText.length,
      };
    });
  }

  /** A document by id. */
  getDocument(id: string): CorpusDocument | null {
    return this.byId.get(id) ?? null;
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
