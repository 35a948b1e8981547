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

/**
 * Rewritten passages of `pageText` (tokenized as `page`) in each of
 * `candidates`, the documents worth the sentence-level comparison.
 * `anchors` gives the passages already found copied from a document.
 */
export function findRewrittenInCandidates(
  pageText: string,
  page: WordTokens,
  candidates: Iterable<number>,
  documents: CandidateDocuments,
  anchors: (docIndex: number) => readonly Anchor[],
  options: Partial<RewriteOptions> = {},
): CandidatePassage[] {
  let pageTerms: PageTerms | undefined;
  const found: CandidatePassage[] = [];
  for (const docIndex of candidates) {
    pageTerms ??= new PageTerms(prepareText(pageText, page));
    const tokens = documents.tokens(docIndex);
    let prepared = preparedDocuments.get(tokens);
    if (!prepared) {
      prepared = prepareText(documents.text(docIndex), tokens);
      preparedDocuments.set(tokens, prepared);
    }
    for (const passage of findRewrittenPassages(pageTerms, prepared, options, anchors(docIndex))) {
      const pageSentences = pageTerms.prepared.sentences;
      found.push({
        ...passage,
        docIndex,
        pageWords: pageSentences.endWord[passage.pageLastSentence]! - pageSentences.firstWord[passage.pageFirstSentence]!,
        docWords: prepared.sentences.endWord[passage.docLastSentence]! - prepared.sentences.firstWord[passage.docFirstSentence]!,
      });
    }
  }
  return found;
}
