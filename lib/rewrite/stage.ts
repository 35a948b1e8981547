/**
 * The rewritten-reuse stage as the matcher runs it: prepares the page once,
 * each candidate document once per token object (cached), and converts
 * passages to spans the way the rest of the extension reads them.
 */
import type { WordTokens } from '../tokenize';
import { findRewrittenPassages, PageTerms, type Anchor, type RewriteOptions, type RewrittenPassage } from './detect';
import { prepareText, type PreparedText } from './terms';

/**
 * Prepared documents, keyed by the token object of the document: the
 * matcher's token cache hands out one object per document, so a long-lived
 * cache keeps the preparation and a dropped one frees it.
 */
const preparedDocuments = new WeakMap<WordTokens, PreparedText>();

/** How the stage reads corpus documents: tokens as the matcher's token cache holds them, and the text for punctuation and stems. */
export interface CandidateDocuments {
  tokens(docIndex: number): WordTokens;
  text(docIndex: number): string;
}

/** A rewritten passage of one candidate document. */
export interface CandidatePassage extends RewrittenPassage {
  docIndex: number;
  /** Words of the two fragments. */
  pageWords: number;
  docWords: number;
}

/** A document worth the sentence-level comparison, and the page words `[pageFrom, pageTo)` where it might be reused. */
export interface Candidate {
  docIndex: number;
  pageFrom: number;
  pageTo: number;
}

/** The words `[from, to)` of `tokens` as tokens of their own (offsets still into the whole text). */
function sliceTokens(tokens: WordTokens, from: number, to: number): WordTokens {
  return {
    count: to - from,
    hashes: tokens.hashes.subarray(from, to),
    starts: tokens.starts.subarray(from, to),
    ends: tokens.ends.subarray(from, to),
    flags: tokens.flags.subarray(from, to),
  };
}

/**
 * Rewritten passages of `pageText` (tokenized as `page`) in the candidate
 * documents, each looked for in its page region only. Overlapping regions are
 * merged and each merged region is prepared once, so a long page costs in
 * proportion to the regions where candidates have fingerprint hits, not to
 * its length. `anchors` gives the passages already found copied from a document.
 */
export function findRewrittenInCandidates(
  pageText: string,
  page: WordTokens,
  candidates: readonly Candidate[],
  documents: CandidateDocuments,
  anchors: (docIndex: number) => readonly Anchor[],
  options: Partial<RewriteOptions> = {},
): CandidatePassage[] {
  const sorted = [...candidates].sort((a, b) => a.pageFrom - b.pageFrom);
  const found: CandidatePassage[] = [];
  for (let r = 0; r < sorted.length; ) {
    const from = Math.max(0, sorted[r]!.pageFrom);
    let to = sorted[r]!.pageTo;
    let end = r + 1;
    while (end < sorted.length && sorted[end]!.pageFrom <= to) to = Math.max(to, sorted[end++]!.pageTo);
    to = Math.min(page.count, to);
    if (to > from) {
      const pageTerms = new PageTerms(prepareText(pageText, sliceTokens(page, from, to)));
      const regionStart = page.starts[from]!;
      const regionEnd = page.ends[to - 1]!;
      // One document may have several candidate regions merged into this one: look once.
      const docs = new Set(sorted.slice(r, end).map((c) => c.docIndex));
      for (const docIndex of docs) {
        const regionAnchors = anchors(docIndex).filter((a) => a.pageStart < regionEnd && regionStart < a.pageEnd);
        found.push(...findInDocument(pageTerms, docIndex, documents, regionAnchors, options));
      }
    }
    r = end;
  }
  return found;
}

function findInDocument(
  pageTerms: PageTerms,
  docIndex: number,
  documents: CandidateDocuments,
  anchors: readonly Anchor[],
  options: Partial<RewriteOptions>,
): CandidatePassage[] {
  const tokens = documents.tokens(docIndex);
  let prepared = preparedDocuments.get(tokens);
  if (!prepared) {
    prepared = prepareText(documents.text(docIndex), tokens);
    preparedDocuments.set(tokens, prepared);
  }
  const pageSentences = pageTerms.prepared.sentences;
  return findRewrittenPassages(pageTerms, prepared, options, anchors).map((passage) => ({
    ...passage,
    docIndex,
    pageWords: pageSentences.endWord[passage.pageLastSentence]! - pageSentences.firstWord[passage.pageFirstSentence]!,
    docWords: prepared.sentences.endWord[passage.docLastSentence]! - prepared.sentences.firstWord[passage.docFirstSentence]!,
  }));
}
