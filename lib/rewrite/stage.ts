/**
 * The rewritten-reuse stage as the matcher runs it: prepares the page once,
 * each candidate document once per token object (cached), and converts
 * passages to spans the way the rest of the extension reads them.
 */
import { firstAtLeast } from '../sorted';
import { wordHolding, type WordTokens } from '../tokenize';
import { DEFAULT_REWRITE_OPTIONS, findRewrittenPassages, PageTerms, type Anchor, type RewriteOptions, type RewrittenPassage } from './detect';
import { ownPart } from './sentences';
import { prepareText, sentenceRange, type PreparedText } from './terms';

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
 * documents, each looked for in its own page regions only. The union of all
 * candidates' regions is prepared once, each stretch of it in one piece, so a
 * long page costs in proportion to the regions where candidates have
 * fingerprint hits, not to its length (unless `wholePage` names a document, see
 * below); a document's overlapping regions are
 * merged and compared as a range of whole sentences of that preparation (not
 * with the regions of other documents, which would make every document pay
 * for all of them). `copied` gives the passages already found copied, by
 * document, with their similarity (an edited copy may sit in reworded text,
 * see `RewriteOptions.editedAnchorSimilarity`). The documents of `wholePage` are also compared with the whole
 * page; what that finds outside their regions' passages must be a close,
 * same-length rewrite (`unpromptedCosine`, `unpromptedRatio`) resting on two
 * seeds at least. Passages are reported with their source side widened to
 * whole sentences (`wholeSourceSentences`).
 */
export function findRewrittenInCandidates(
  pageText: string,
  page: WordTokens,
  candidates: readonly Candidate[],
  documents: CandidateDocuments,
  copied: ReadonlyMap<number, readonly Anchor[]>,
  options: Partial<RewriteOptions> = {},
  wholePage: readonly number[] = [],
): CandidatePassage[] {
  const whole = wholePage.map((docIndex): Candidate => ({ docIndex, pageFrom: 0, pageTo: page.count }));
  const stretches = mergeRegions([...candidates, ...whole], page.count).map(([from, to]) => ({
    from,
    to,
    terms: undefined as PageTerms | undefined,
  }));
  const byDocument = new Map<number, Candidate[]>();
  for (const candidate of candidates) {
    const list = byDocument.get(candidate.docIndex);
    if (list) list.push(candidate);
    else byDocument.set(candidate.docIndex, [candidate]);
  }
  const pageTerms = new Map<string, PageTerms>();
  /** The page words `[from, to)` (whole sentences of their stretch) as prepared page terms. */
  const termsOf = (from: number, to: number): PageTerms => {
    // The stretch holding the range: stretches are the union of all regions.
    const stretch = stretches.find((s) => s.from <= from && to <= s.to)!;
    stretch.terms ??= new PageTerms(prepareText(pageText, sliceTokens(page, stretch.from, stretch.to)));
    const all = stretch.terms;
    const first = sentenceOfWord(all.prepared, from - stretch.from);
    const end = sentenceOfWord(all.prepared, to - 1 - stretch.from) + 1;
    const key = `${stretch.from}:${first}:${end}`;
    let terms = pageTerms.get(key);
    if (!terms) {
      terms = first === 0 && end === all.prepared.sentences.count ? all : new PageTerms(sentenceRange(all.prepared, first, end), all, first);
      pageTerms.set(key, terms);
    }
    return terms;
  };
  // Every copied passage, by page start: a region takes the other documents' ones overlapping it
  // (a long page has hundreds of copied passages and a hundred regions; detect.ts reads those in any order).
  const allCopied = [...copied].flatMap(([docIndex, anchors]) => anchors.map((anchor) => ({ docIndex, anchor })));
  allCopied.sort((a, b) => a.anchor.pageStart - b.anchor.pageStart);
  const copiedStarts = allCopied.map(({ anchor }) => anchor.pageStart);
  const longestCopied = allCopied.reduce((longest, { anchor }) => Math.max(longest, anchor.pageEnd - anchor.pageStart), 0);
  const search = (docIndex: number, from: number, to: number): FoundPassage[] => {
    const regionStart = page.starts[from]!;
    const regionEnd = page.ends[to - 1]!;
    // The document's own anchors in their order: their seeds are numbered by it.
    const own = (copied.get(docIndex) ?? []).filter((a) => a.pageStart < regionEnd && regionStart < a.pageEnd);
    const foreign: Anchor[] = [];
    for (let at = firstAtLeast(copiedStarts, regionStart - longestCopied); at < allCopied.length && copiedStarts[at]! < regionEnd; at++) {
      const { docIndex: other, anchor } = allCopied[at]!;
      if (other !== docIndex && regionStart < anchor.pageEnd) foreign.push(anchor);
    }
    return findInDocument(termsOf(from, to), docIndex, documents, own, foreign, options);
  };
  const found: FoundPassage[] = [];
  for (const [docIndex, regions] of byDocument) {
    for (const [from, to] of mergeRegions(regions, page.count)) found.push(...search(docIndex, from, to));
  }
  if (page.count > 0) {
    const { unpromptedCosine, unpromptedRatio, alignedMinSentences } = { ...DEFAULT_REWRITE_OPTIONS, ...options };
    for (const docIndex of wholePage) {
      const inRegions = found.filter((p) => p.docIndex === docIndex);
      for (const passage of search(docIndex, 0, page.count)) {
        // What the regions found stands; elsewhere only a close rewrite of the same
        // length, on two sentence pairs at least, counts.
        if (inRegions.some((p) => p.pageStart < passage.pageEnd && passage.pageStart < p.pageEnd)) continue;
        const pageLength = passage.pageEnd - passage.pageStart;
        const docLength = passage.docEnd - passage.docStart;
        if (passage.seeds < 2 || Math.max(pageLength, docLength) > unpromptedRatio * Math.min(pageLength, docLength)) continue;
        // A close rewrite, or a translation: every sentence reworded, none left out, the order kept.
        const aligned = passage.aligned && passage.pageLastSentence - passage.pageFirstSentence + 1 >= alignedMinSentences;
        if (passage.similarity < unpromptedCosine && !aligned) continue;
        found.push(passage);
      }
    }
  }
  return found.map(wholeSourceSentences).sort((a, b) => a.pageStart - b.pageStart || a.docIndex - b.docIndex);
}

/** A passage as `findInDocument` finds it: also the offsets of its whole source sentences. */
interface FoundPassage extends CandidatePassage {
  docSentencesStart: number;
  docSentencesEnd: number;
}

/**
 * `passage` with its source side widened to whole sentences (less a short
 * heading or sentence the splitter joined to an edge sentence, unless the
 * fragment reaches into it: see `ownPart`). A rewrite rewords
 * and reorders a source sentence as a whole, so the first and last words it
 * still shares with the page may sit anywhere in that sentence: trimmed to
 * them, the source side lost the reworded start or end of its edge sentences.
 * The page side stays trimmed (see `trimmedWords` in detect.ts): a page often
 * sets a rewritten clause in a sentence of its own. Every filter before this
 * (detect.ts, and `unpromptedRatio` here) judged the trimmed fragments, the
 * evidence of reuse; this only widens what is reported.
 */
function wholeSourceSentences(passage: FoundPassage): CandidatePassage {
  const { docSentencesStart, docSentencesEnd, ...rest } = passage;
  return { ...rest, docStart: Math.min(rest.docStart, docSentencesStart), docEnd: Math.max(rest.docEnd, docSentencesEnd) };
}

/** Word ranges `[from, to)` covering the candidates' regions, overlapping ones merged, clipped to the page's `count` words, in page order. */
function mergeRegions(candidates: readonly Candidate[], count: number): [number, number][] {
  const sorted = [...candidates].sort((a, b) => a.pageFrom - b.pageFrom);
  const merged: [number, number][] = [];
  for (const candidate of sorted) {
    const from = Math.max(0, candidate.pageFrom);
    const to = Math.min(count, candidate.pageTo);
    if (to <= from) continue;
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** Number of the sentence of `text` holding word `word` (the last one starting at or before it). */
function sentenceOfWord(text: PreparedText, word: number): number {
  const { firstWord } = text.sentences;
  let lo = 0;
  let hi = text.sentences.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (firstWord[mid]! <= word) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function findInDocument(
  pageTerms: PageTerms,
  docIndex: number,
  documents: CandidateDocuments,
  anchors: readonly Anchor[],
  foreign: readonly Anchor[],
  options: Partial<RewriteOptions>,
): FoundPassage[] {
  const tokens = documents.tokens(docIndex);
  let prepared = preparedDocuments.get(tokens);
  if (!prepared) {
    prepared = prepareText(documents.text(docIndex), tokens);
    preparedDocuments.set(tokens, prepared);
  }
  const pageSentences = pageTerms.prepared.sentences;
  const docTokens = prepared.tokens;
  return findRewrittenPassages(pageTerms, prepared, options, anchors, foreign).map((passage) => {
    // The fragment's first and last words, to widen its edge sentences from (see `ownPart`).
    const from = wordHolding(docTokens, passage.docStart);
    const to = wordHolding(docTokens, passage.docEnd - 1) + 1;
    return {
      ...passage,
      docIndex,
      pageWords: pageSentences.endWord[passage.pageLastSentence]! - pageSentences.firstWord[passage.pageFirstSentence]!,
      docWords: prepared.sentences.endWord[passage.docLastSentence]! - prepared.sentences.firstWord[passage.docFirstSentence]!,
      docSentencesStart: docTokens.starts[ownPart(prepared.sentences, passage.docFirstSentence, from, to).first]!,
      docSentencesEnd: docTokens.ends[ownPart(prepared.sentences, passage.docLastSentence, from, to).end - 1]!,
    };
  });
}

