/**
 * Finds passages of a page that were copied or lightly edited from corpus documents.
 *
 * Pure: text in, offsets and scores out. Two stages, as in BLAST-style search:
 * 1. candidates — every k-gram of the page is looked up in the fingerprint
 *    table; hits in the same document on nearby diagonals are chained;
 * 2. alignment — each chain is aligned word by word (banded Smith–Waterman) so
 *    the span covers the whole reused passage across small edits, and only
 *    the reused words, not the page's own words around them. Chains whose
 *    seeds say nothing (one hit with no copied word beside it), then chains
 *    that provably cannot yield a reported span, are dropped first (see
 *    `markPromisingChains`): against a large corpus most chains are one seed on a
 *    common phrase, and reading their documents and aligning them all would
 *    dominate the cost.
 */
import { alignBanded, type AlignmentSide } from './align';
import { pageFilterValue } from './filter-words';
import { extendsContext, hashKgrams, SKIPPED_KGRAM } from './fingerprint';
import { findPostings, type IndexData } from './index-format';
import { asMatchIndex, type DocumentFilter, type MatchIndex, type PostingTable } from './match-index';
import { DEFAULT_MATCH_OPTIONS } from './match-options';
import { findRewrittenInCandidates, type Candidate, type CandidatePassage } from './rewrite/stage';
import { chooseAmong, KEEP_ALL, type CandidateChains, type CandidateChoice, type PageCandidates } from './source-cap';
import { tokenizeWords, wordHolding, WORD_CAPITALIZED, WORD_STOPWORD, type WordTokens } from './tokenize';

/** A reused passage: where it is on the page and where it came from. */
export interface MatchSpan {
  /** Offset of the first reused character in the page text. */
  pageStart: number;
  /** Offset just past the last reused character in the page text. */
  pageEnd: number;
  /** Id of the corpus document the passage came from. */
  docId: string;
  /** Offsets of the passage in that document's text. */
  docStart: number;
  docEnd: number;
  /**
   * 0–1. Copied: Dice coefficient over words, 2 × equal words / (page words +
   * source words). Rewritten: tf-isf cosine of the stemmed content words of the
   * two passages (see `lib/rewrite/detect.ts`).
   */
  similarity: number;
  /** Copied: words equal on both sides. Rewritten: distinct stemmed content words both sides share. */
  matchedWords: number;
  /** Words of the span on the page, and in the source. */
  pageWords: number;
  docWords: number;
  /**
   * `copied`: found by the fingerprint matcher, word for word apart from small
   * edits; `rewritten`: found by the sentence-level stage (`lib/rewrite/`),
   * reworded, reordered or condensed.
   */
  kind: MatchKind;
  /**
   * Candidate documents that share phrases with this passage but were not
   * compared with it, because more than `maxSourcesPerPassage` documents did
   * (`lib/source-cap.ts`). Absent when none were left out.
   */
  otherSources?: number;
}

/** How a passage was reused; see `MatchSpan.kind`. */
export type MatchKind = 'copied' | 'rewritten';

/** Thresholds of the matcher. */
export interface MatchOptions {
  /** A passage needs at least this many words equal to its source. */
  minWords: number;
  /** A passage needs at least this similarity to its source (0–1). */
  minSimilarity: number;
  /**
   * Of the equal words, at least this many must be lower-case content words, so
   * a run of names and function words ("the United States and the European
   * Union") is never a match on its own.
   */
  minDescriptiveWords: number;
  /** Seeds further apart than this many page words start separate chains. */
  maxSeedGap: number;
  /** Word insertions/deletions tolerated between seeds of one chain, and around it. */
  band: number;
  /** Words aligned beyond the outermost seeds of a chain, on each side. */
  margin: number;
  /**
   * Also look for rewritten reuse (`lib/rewrite/`) in the documents the page
   * has fingerprint hits in. `minWords` then counts the distinct stemmed words
   * a passage shares with its source; `minSimilarity` does not apply (the
   * rewritten stage has its own similarity scale and thresholds).
   */
  rewritten: boolean;
  /**
   * Documents compared with any one stretch of the page, at most: those whose
   * seed chains there are longest (`lib/source-cap.ts`). The others are not
   * read; a span counts them in `otherSources`. 0: no cap.
   */
  maxSourcesPerPassage: number;
}

/** Widest band the aligner is allowed, so a degenerate chain cannot blow up the cost. */
const MAX_BAND_WIDTH = 256;

/** Corpus words whose tokens and text a `DocumentTokenCache` keeps at most, by default (about 13 bytes of tokens and 6 of text each). */
export const DEFAULT_TOKEN_CACHE_WORDS = 1_000_000;

/**
 * Gives the matcher a corpus document by number: its text and its tokens.
 * Texts are read from the index (inflated from their shard on demand) and
 * tokenized on a document's first promising chain; the tokens of the most
 * recently used documents are kept, up to a budget of words, so background
 * memory does not grow with the corpus or with the pages matched.
 */
export class DocumentTokenCache {
  /**
   * Tokens and text by document number, least recently used first (a Map keeps
   * insertion order). The text is kept beside its tokens because the rewritten
   * stage reads it too: one read (and inflation) per document and page.
   */
  private readonly cache = new Map<number, { tokens: WordTokens; text: string }>();
  private words = 0;
  /** Pages being matched (`beginPage`); while any is, the documents they used are not evicted. */
  private pagesOpen = 0;
  /** Documents used by the open pages. */
  private readonly pinned = new Set<number>();

  private readonly index: MatchIndex;

  constructor(
    index: IndexData | MatchIndex,
    private readonly maxWords = DEFAULT_TOKEN_CACHE_WORDS,
  ) {
    this.index = asMatchIndex(index);
  }

  /** Tokens of document number `docIndex` (whose text must be at hand, see `has`). */
  get(docIndex: number): WordTokens {
    return this.entry(docIndex).tokens;
  }

  /** Text of document number `docIndex` (which must be at hand, see `has`). */
  text(docIndex: number): string {
    return this.entry(docIndex).text;
  }

  /**
   * Whether the tokens of `docIndex` are kept or its text is at hand in the
   * index; when neither, a split index notes the text as wanted.
   */
  has(docIndex: number): boolean {
    if (this.cache.has(docIndex)) {
      // Kept for the rest of the page: over a split index its text may not be loaded, so
      // evicting it in the middle of the page would make the next round ask for it again.
      if (this.pagesOpen > 0) this.pinned.add(docIndex);
      return true;
    }
    return this.index.hasText(docIndex);
  }

  /**
   * Starts matching a page over a split index (`findMatchesInParts`): until
   * its `endPage`, the documents it uses stay cached beyond the budget, like
   * the index's parts. Without this, a page with more candidate words than
   * the budget evicted, in one round, documents whose text was read on an
   * earlier page and is no longer loaded, and asked for them in the next,
   * round after round (seen at 100,000 articles: a 10,000-word page matched
   * a second time ran out of rounds and showed nothing).
   */
  beginPage(): void {
    this.pagesOpen++;
  }

  /** Ends a page: when none is open, the least recently used documents beyond the budget are dropped. */
  endPage(): void {
    this.pagesOpen = Math.max(0, this.pagesOpen - 1);
    if (this.pagesOpen > 0) return;
    this.pinned.clear();
    this.evict(-1);
  }

  private entry(docIndex: number): { tokens: WordTokens; text: string } {
    let entry = this.cache.get(docIndex);
    if (entry) {
      this.cache.delete(docIndex);
    } else {
      const text = this.index.documentText(docIndex);
      if (text === null) throw new Error(`the text of document ${docIndex} is not at hand`);
      entry = { tokens: tokenizeWords(text), text };
      this.words += entry.tokens.count;
      this.evict(docIndex);
    }
    if (this.pagesOpen > 0) this.pinned.add(docIndex);
    this.cache.set(docIndex, entry);
    return entry;
  }

  /** Evicts the least recently used documents beyond the budget, but never `keep` nor one an open page uses. */
  private evict(keep: number): void {
    for (const [oldest, old] of this.cache) {
      if (this.words <= this.maxWords) break;
      if (oldest === keep || this.pinned.has(oldest)) continue;
      this.cache.delete(oldest);
      this.words -= old.tokens.count;
    }
  }
}

interface WordSpan {
  docIndex: number;
  pageStart: number;
  pageEnd: number;
  docStart: number;
  docEnd: number;
  matches: number;
}

/**
 * Finds the passages of `pageText` reused from documents of `index`. Spans are
 * in original `pageText` offsets, sorted by `pageStart`; a passage found in
 * several documents yields one span per document. `choice`: the candidates to
 * compare when several indexes share one cap on sources (`SharedSourceCap`);
 * by default the index chooses its own.
 */
export function findMatches(
  pageText: string,
  indexData: IndexData | MatchIndex,
  options: Partial<MatchOptions> = {},
  tokenCache: DocumentTokenCache = new DocumentTokenCache(indexData),
  choice?: CandidateChoice,
): MatchSpan[] {
  // Over a split index, data not at hand is skipped here and noted by the index (see split-index.ts).
  const index = asMatchIndex(indexData);
  const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
  // Copied spans anchor the rewritten stage, which leaves copied sentences to them.
  // They are found at the default thresholds even when the reader asks for longer
  // or closer matches: a verbatim sentence too short to be shown must not come back
  // as part of a "rewritten" passage spanning the page's own prose around it.
  const anchorOpts = anchorOptions(opts);
  const { page, seeds } = lookUpPage(pageText, index);
  // A passage of k words or fewer may be one seed with no word around it in common.
  const lonesMustExtend = anchorOpts.minWords > index.k;
  const vocabulary = new DescriptiveVocabulary(page);
  const spans: MatchSpan[] = [];
  const copiedByDoc = new Map<number, MatchSpan[]>();
  const sources = choice ?? ownChoice(seeds, page, anchorOpts, index);
  // Whether a split index lacked filter words or texts this round: its result is then thrown away (split-index.ts).
  let lacking = false;
  for (let d = 0; d < seeds.docs.length; d++) {
    const docIndex = seeds.docs[d]!;
    const first = seeds.starts[d]!;
    if (isSilentLone(seeds, d, lonesMustExtend)) continue;
    // Left out by the cap on sources: neither its filter words nor its text are read.
    if (!sources.keeps(docIndex)) continue;
    const chains = chainSeeds(seeds, first, seeds.starts[d + 1]!, lonesMustExtend, anchorOpts);
    if (chains.tellingCount === 0) continue;
    const filter = index.documentFilter(docIndex);
    if (!filter) {
      lacking = true;
      continue;
    }
    // Most candidate documents have no promising chain: they are never read nor tokenized.
    if (!markPromisingChains(chains, vocabulary, filter, index.k, anchorOpts)) continue;
    if (!tokenCache.has(docIndex)) {
      lacking = true;
      continue;
    }
    const doc = tokenCache.get(docIndex);
    const found: WordSpan[] = [];
    for (let l = 0; l < chains.count; l++) {
      const chain = chains.listed[l]!;
      if (chains.keep[chain] === 0) continue;
      const span = alignChain(chains, chain, page, doc, docIndex, index.k, anchorOpts);
      if (span) found.push(span);
    }
    for (const span of mergeOverlapping(found, page, doc, index.k, anchorOpts)) {
      const result = toMatchSpan(span, page, doc, index.documentId(docIndex), anchorOpts);
      if (!result) continue;
      const others = sources.leftOutIn(span.pageStart, span.pageEnd);
      if (others > 0) result.otherSources = others;
      if (result.matchedWords >= opts.minWords && result.similarity >= opts.minSimilarity) spans.push(result);
      const copied = copiedByDoc.get(docIndex);
      if (copied) copied.push(result);
      else copiedByDoc.set(docIndex, [result]);
    }
  }
  if (opts.rewritten) {
    const candidates = rewriteCandidates(seeds, page, copiedByDoc, index.k);
    // Every candidate document is asked for, so a split index notes all the texts it lacks at once.
    const wanted = new Set([...candidates.regions.map((region) => region.docIndex), ...candidates.wholePage]);
    for (const docIndex of wanted) if (!tokenCache.has(docIndex)) lacking = true;
    // A round that lacked anything is matched again once it is loaded: the costliest stage waits for that round.
    if (!lacking) {
      const passages = findRewrittenInCandidates(pageText, page, candidates.regions, {
        tokens: (docIndex) => tokenCache.get(docIndex),
        text: (docIndex) => tokenCache.text(docIndex),
      }, copiedByDoc, {}, candidates.wholePage);
      for (const passage of passages) {
        const result = toRewrittenSpan(passage, index.documentId(passage.docIndex), opts);
        if (result) spans.push(result);
      }
    }
  }
  return spans.sort((x, y) => x.pageStart - y.pageStart || y.similarity - x.similarity || x.docId.localeCompare(y.docId));
}

/** The options copied spans are found with: see `findMatches`. */
function anchorOptions(opts: MatchOptions): MatchOptions {
  return opts.rewritten
    ? { ...opts, minWords: Math.min(opts.minWords, DEFAULT_MATCH_OPTIONS.minWords), minSimilarity: Math.min(opts.minSimilarity, DEFAULT_MATCH_OPTIONS.minSimilarity) }
    : opts;
}

/**
 * The page's candidate documents in `index` and their telling chains
 * (`chainSeeds`), from the postings alone: nothing of a document is read.
 * Over a split index the page's posting parts must be at hand.
 */
export function pageCandidates(pageText: string, indexData: IndexData | MatchIndex, options: Partial<MatchOptions> = {}): PageCandidates {
  const index = asMatchIndex(indexData);
  const { page, seeds } = lookUpPage(pageText, index);
  return candidatesOf(seeds, page, anchorOptions({ ...DEFAULT_MATCH_OPTIONS, ...options }), index);
}

/**
 * The candidates `findMatches` compares when `index` is capped on its own
 * (no `SharedSourceCap`). Over a split index the page's posting parts must be
 * at hand; `findMatchesInParts` then chooses once for all its rounds.
 */
export function chooseOwnCandidates(pageText: string, indexData: IndexData | MatchIndex, options: Partial<MatchOptions> = {}): CandidateChoice {
  const index = asMatchIndex(indexData);
  const { page, seeds } = lookUpPage(pageText, index);
  return ownChoice(seeds, page, anchorOptions({ ...DEFAULT_MATCH_OPTIONS, ...options }), index);
}

/**
 * At most `maxSourcesPerPassage` candidates over any stretch of the page
 * (`lib/source-cap.ts`), chosen from their telling chains before anything of
 * them is read. `opts`: the anchor options (`anchorOptions`).
 */
function ownChoice(seeds: Seeds, page: WordTokens, opts: MatchOptions, index: MatchIndex): CandidateChoice {
  if (opts.maxSourcesPerPassage <= 0 || seeds.docs.length <= opts.maxSourcesPerPassage) return KEEP_ALL;
  return chooseAmong([candidatesOf(seeds, page, opts, index)], { limit: opts.maxSourcesPerPassage, joinGap: opts.maxSeedGap })[0]!;
}

/** The candidates of `seeds` with their telling chains; `opts`: the anchor options. */
function candidatesOf(seeds: Seeds, page: WordTokens, opts: MatchOptions, index: MatchIndex): PageCandidates {
  return {
    chains: telltaleChains(seeds, opts.minWords > index.k, opts, index.k),
    docs: seeds.docs,
    pageWords: page.count,
    published: (candidate) => index.documentPublished(seeds.docs[candidate]!),
  };
}

/** The commonest candidate of a large corpus: one hit that says nothing (see `markPromisingChains`). */
function isSilentLone(seeds: Seeds, d: number, lonesMustExtend: boolean): boolean {
  const first = seeds.starts[d]!;
  return lonesMustExtend && seeds.starts[d + 1]! - first === 1 && seeds.extendsContext[first] === 0;
}

/** The telling chains of every candidate (`chainSeeds`), by candidate number (`seeds.docs` order). */
function telltaleChains(seeds: Seeds, lonesMustExtend: boolean, opts: MatchOptions, k: number): CandidateChains {
  const candidate: number[] = [];
  const pageFrom: number[] = [];
  const pageTo: number[] = [];
  for (let d = 0; d < seeds.docs.length; d++) {
    if (isSilentLone(seeds, d, lonesMustExtend)) continue;
    const chains = chainSeeds(seeds, seeds.starts[d]!, seeds.starts[d + 1]!, lonesMustExtend, opts);
    for (let c = 0; c < chains.count; c++) {
      if (chains.telling[c] === 0) continue;
      candidate.push(d);
      pageFrom.push(chains.pageFirst[c]!);
      pageTo.push(chains.pageLast[c]! + k);
    }
  }
  return { count: candidate.length, candidate: Uint32Array.from(candidate), pageFrom: Uint32Array.from(pageFrom), pageTo: Uint32Array.from(pageTo) };
}

/** Two fingerprint hits at most this many words apart on the page, and in the document, point to a rewrite. */
const CANDIDATE_HIT_DISTANCE = 40;
/** Page words around such a pair, or a copied span, that the rewritten stage reads (a rewritten passage keeps few hits). */
const REGION_MARGIN = 150;
/** Hits of a document within `REGION_MARGIN` words of one of its copied spans, outside the span, for the region to be read. */
const MIN_HITS_AROUND_COPIED = 1;

/**
 * Where the sentence-level rewritten stage looks: for each document, the page
 * regions around its copied spans and around pairs of fingerprint hits close
 * together on the page and in the document but not overlapping (two distinct
 * phrases). Rewritten reuse keeps some three-word runs (names, figures, set
 * phrases) near each other; hits that happen by chance against a large corpus
 * are single phrases, scattered. This keeps the stage off almost all of a
 * large corpus and off the parts of a long page nothing points to. Also
 * returns the few documents read over the whole page (`WHOLE_PAGE_CANDIDATES`).
 */
function rewriteCandidates(
  seeds: Seeds,
  page: WordTokens,
  copiedByDoc: ReadonlyMap<number, readonly MatchSpan[]>,
  k: number,
): { regions: Candidate[]; wholePage: number[] } {
  const candidates: (Candidate & { hits: number })[] = [];
  // Hits on k-grams of names and function words only ("the United States and
  // the European Union") are common to many documents and say nothing about a
  // rewrite; a pair counts when one of its hits holds a lower-case content word,
  // as in the copied stage's minDescriptiveWords. Without this, every document
  // sharing one stock phrase with the page would be read and prepared.
  const isDescriptiveHit = (pagePosition: number): boolean => {
    for (let w = pagePosition; w < pagePosition + k && w < page.count; w++) {
      if ((page.flags[w]! & (WORD_STOPWORD | WORD_CAPITALIZED)) === 0) return true;
    }
    return false;
  };
  const best: { docIndex: number; hits: number }[] = [];
  for (let d = 0; d < seeds.docs.length; d++) {
    const docIndex = seeds.docs[d]!;
    const first = seeds.starts[d]!;
    const end = seeds.starts[d + 1]!;
    const regions: [number, number][] = [];
    for (const span of copiedByDoc.get(docIndex) ?? []) {
      const from = wordHolding(page, span.pageStart);
      const to = wordHolding(page, span.pageEnd - 1) + 1;
      // A copied span with no hit of its document around it: nothing rewritten there to join it.
      const around = countBetween(seeds.pagePositions, first, end, from - REGION_MARGIN, to + REGION_MARGIN) - countBetween(seeds.pagePositions, first, end, from - k + 1, to);
      if (around >= MIN_HITS_AROUND_COPIED) regions.push([from, to]);
    }
    for (let s = first + 1; s < end; s++) {
      const pageGap = seeds.pagePositions[s]! - seeds.pagePositions[s - 1]!;
      const docGap = Math.abs(seeds.docPositions[s]! - seeds.docPositions[s - 1]!);
      if (
        pageGap >= k &&
        pageGap <= CANDIDATE_HIT_DISTANCE &&
        docGap >= k &&
        docGap <= CANDIDATE_HIT_DISTANCE &&
        (isDescriptiveHit(seeds.pagePositions[s - 1]!) || isDescriptiveHit(seeds.pagePositions[s]!))
      ) {
        regions.push([seeds.pagePositions[s - 1]!, seeds.pagePositions[s]! + k]);
      }
    }
    for (const [from, to] of regions) {
      const pageFrom = from - REGION_MARGIN;
      const pageTo = to + REGION_MARGIN;
      candidates.push({ docIndex, pageFrom, pageTo, hits: countBetween(seeds.pagePositions, first, end, pageFrom, pageTo) });
    }
    let descriptive = 0;
    for (let s = first; s < end; s++) if (isDescriptiveHit(seeds.pagePositions[s]!)) descriptive++;
    if (descriptive >= MIN_WHOLE_PAGE_HITS) offerBest(best, { docIndex, hits: descriptive });
  }
  return { regions: strongestPerRegion(candidates), wholePage: best.map((entry) => entry.docIndex) };
}

/**
 * The documents with the most descriptive hits on the page are also read over
 * the whole page, not only around pairs of hits: a source reworded throughout
 * (translated and back, say) keeps a phrase here and there, too far apart to
 * pair, yet it is still the corpus document that shares the most with the
 * page. A fixed number of them keeps the cost to a few whole-page comparisons
 * however large the corpus; passages found there that no region holds need a
 * higher similarity (`RewriteOptions.unpromptedCosine`).
 */
const WHOLE_PAGE_CANDIDATES = 2;
/** Descriptive hits a document needs to be read over the whole page. */
const MIN_WHOLE_PAGE_HITS = 1;

/** Keeps in `best` (most hits first) the `WHOLE_PAGE_CANDIDATES` documents with the most hits, the earlier on ties. */
function offerBest(best: { docIndex: number; hits: number }[], entry: { docIndex: number; hits: number }): void {
  if (best.length === WHOLE_PAGE_CANDIDATES && best[best.length - 1]!.hits >= entry.hits) return;
  let at = best.length;
  while (at > 0 && best[at - 1]!.hits < entry.hits) at--;
  best.splice(at, 0, entry);
  if (best.length > WHOLE_PAGE_CANDIDATES) best.pop();
}

/**
 * At most this many candidate documents whose regions overlap a candidate's
 * region may outrank it: a passage duplicated across many corpus documents
 * (wire copy, boilerplate) sends the sentence-level stage to the few that
 * share the most with the page there, not to all of them.
 */
const MAX_CANDIDATES_PER_REGION = 4;

/** Seeds among entries `[first, end)` of `positions` (ascending) in `[from, to)`. */
function countBetween(positions: Uint32Array, first: number, end: number, from: number, to: number): number {
  const lowerBound = (value: number): number => {
    let lo = first;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (positions[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return lowerBound(to) - lowerBound(from);
}

/** Page words a bucket of `strongestPerRegion` spans: regions are a few tens of words, so each is in a few buckets. */
const REGION_BUCKET_WORDS = 16;

/**
 * Candidates with the most hits in their region, no more than
 * `MAX_CANDIDATES_PER_REGION` other documents' overlapping any one of them.
 * The kept regions are filed by the buckets of page words they cover, so a
 * candidate is compared with its neighbours only, not with every region kept
 * (at 100,000 articles a page has thousands of candidates: comparing each
 * with all those kept took ≈ 140 ms of a 2k-word page's first match).
 */
export function strongestPerRegion(candidates: readonly (Candidate & { hits: number })[]): Candidate[] {
  const ranked = [...candidates].sort((a, b) => b.hits - a.hits || a.docIndex - b.docIndex || a.pageFrom - b.pageFrom);
  const kept: Candidate[] = [];
  const keptDocs = new Set<number>();
  // Regions kept, by bucket, then by document: a document kept with many regions there is one to look at, not many.
  const buckets = new Map<number, Map<number, Candidate[]>>();
  // An empty region [from, from) still lies in the bucket of `from`, as it still overlaps a region around it.
  const bucketsOf = (region: Candidate): [number, number] => [
    Math.floor(region.pageFrom / REGION_BUCKET_WORDS),
    Math.floor(Math.max(region.pageFrom, region.pageTo - 1) / REGION_BUCKET_WORDS),
  ];
  const overlaps = (a: Candidate, b: Candidate): boolean => a.pageFrom < b.pageTo && b.pageFrom < a.pageTo;
  const outranking = new Set<number>();
  for (const candidate of ranked) {
    const [firstBucket, lastBucket] = bucketsOf(candidate);
    // Another region of a document already kept costs no new preparation of the document.
    if (!keptDocs.has(candidate.docIndex)) {
      outranking.clear();
      scan: for (let bucket = firstBucket; bucket <= lastBucket; bucket++) {
        for (const [docIndex, regions] of buckets.get(bucket) ?? []) {
          if (outranking.has(docIndex) || !regions.some((region) => overlaps(region, candidate))) continue;
          outranking.add(docIndex);
          if (outranking.size >= MAX_CANDIDATES_PER_REGION) break scan;
        }
      }
      if (outranking.size >= MAX_CANDIDATES_PER_REGION) continue;
    }
    const region = { docIndex: candidate.docIndex, pageFrom: candidate.pageFrom, pageTo: candidate.pageTo };
    for (let bucket = firstBucket; bucket <= lastBucket; bucket++) {
      let byDoc = buckets.get(bucket);
      if (!byDoc) buckets.set(bucket, (byDoc = new Map()));
      const regions = byDoc.get(region.docIndex);
      if (regions) regions.push(region);
      else byDoc.set(region.docIndex, [region]);
    }
    kept.push(region);
    keptDocs.add(candidate.docIndex);
  }
  return kept;
}

/** Seeds (page k-grams found in the index) grouped by document, each group in page order. */
interface Seeds {
  /** Documents with at least one seed, in the order of their first seed on the page. */
  docs: Uint32Array;
  /** Seeds of `docs[d]` are entries `[starts[d], starts[d + 1])` of the position arrays. */
  starts: Uint32Array;
  /** Word position of each seed's k-gram on the page. */
  pagePositions: Uint32Array;
  /** Word position of each seed's k-gram in its document. */
  docPositions: Uint32Array;
  /**
   * 1 for each seed whose page k-gram has the word before or after it in
   * common with its document's k-gram (`extendsContext`, 4 bits a word).
   */
  extendsContext: Uint8Array;
}

/** The last page tokenized by `pageKgrams`. */
let lastPage: { text: string; k: number; page: WordTokens; kgrams: Uint32Array } | null = null;

/**
 * A page's tokens and k-gram hashes. A split index is matched several times
 * for one page while its parts arrive (split-index.ts, `findMatchesInParts`):
 * the last page's are kept, so those rounds neither tokenize the page again
 * nor, getting the same `kgrams` array, rebuild its posting table. They are
 * never modified, so sharing them changes no result.
 */
export function pageKgrams(pageText: string, k: number): { page: WordTokens; kgrams: Uint32Array } {
  if (lastPage?.text !== pageText || lastPage.k !== k) {
    const page = tokenizeWords(pageText);
    lastPage = { text: pageText, k, page, kgrams: hashKgrams(page.hashes, page.flags, k) };
  }
  return lastPage;
}

/** The last page looked up in each posting table, and its seeds (gone with the table). */
const lastLookUps = new WeakMap<PostingTable, { page: WordTokens; seeds: Seeds }>();

/**
 * The page's tokens and seeds. Over a split index the rounds of one page get
 * the same tokens and the same posting table (`pageKgrams`), so its seeds are
 * kept with the table and not collected again. Seeds are never modified.
 */
function lookUpPage(pageText: string, index: MatchIndex): { page: WordTokens; seeds: Seeds } {
  const { page, kgrams } = pageKgrams(pageText, index.k);
  const table = index.postingTable(kgrams);
  if (!table) return { page, seeds: collectSeeds(page, kgrams, index.k, EMPTY_TABLE, index.documentCount) };
  const last = lastLookUps.get(table);
  if (last?.page === page) return last;
  const lookUp = { page, seeds: collectSeeds(page, kgrams, index.k, table, index.documentCount) };
  lastLookUps.set(table, lookUp);
  return lookUp;
}

/**
 * Looks every page k-gram up. Two passes over the postings (count, then place)
 * fill flat typed arrays, so a page with tens of thousands of seeds allocates a
 * handful of arrays, not one per seed or per document.
 */
function collectSeeds(page: WordTokens, kgrams: Uint32Array, k: number, table: PostingTable, documentCount: number): Seeds {
  const { keys, postingDocs, postingPositions, postingContexts } = table;
  const buckets = keyBuckets(keys);
  const shift = 32 - Math.log2(buckets.length - 1);
  const postingFrom = new Uint32Array(kgrams.length);
  const postingTo = new Uint32Array(kgrams.length);
  const perDoc = new Uint32Array(documentCount);
  const docs: number[] = [];
  let total = 0;
  for (let i = 0; i < kgrams.length; i++) {
    const hash = kgrams[i]!;
    if (hash === SKIPPED_KGRAM) continue;
    const bucket = hash >>> shift;
    const [from, to] = findPostings(table, hash, buckets[bucket], buckets[bucket + 1]);
    if (from === to) continue;
    postingFrom[i] = from;
    postingTo[i] = to;
    total += to - from;
    for (let p = from; p < to; p++) {
      if (perDoc[postingDocs[p]!]!++ === 0) docs.push(postingDocs[p]!);
    }
  }
  const starts = new Uint32Array(docs.length + 1);
  // perDoc becomes each document's write cursor.
  for (let d = 0, at = 0; d < docs.length; d++) {
    const count = perDoc[docs[d]!]!;
    starts[d] = at;
    perDoc[docs[d]!] = at;
    at += count;
  }
  starts[docs.length] = total;
  const pagePositions = new Uint32Array(total);
  const docPositions = new Uint32Array(total);
  const extendsAt = new Uint8Array(total);
  for (let i = 0; i < kgrams.length; i++) {
    for (let p = postingFrom[i]!; p < postingTo[i]!; p++) {
      const at = perDoc[postingDocs[p]!]!++;
      pagePositions[at] = i;
      docPositions[at] = postingPositions[p]!;
      if (extendsContext(postingContexts[p]!, page.hashes, page.count, i, k)) extendsAt[at] = 1;
    }
  }
  return { docs: Uint32Array.from(docs), starts, pagePositions, docPositions, extendsContext: extendsAt };
}

/** What a page is looked up in while its index's table is not at hand: no seeds at all. */
const EMPTY_TABLE: PostingTable = {
  keys: new Uint32Array(0),
  offsets: new Uint32Array(1),
  postingDocs: new Uint32Array(0),
  postingPositions: new Uint32Array(0),
  postingContexts: new Uint8Array(0),
};

/** Bucket tables of the key arrays seen so far (one per loaded index). */
const bucketTables = new WeakMap<Uint32Array, Uint32Array>();

/**
 * Where each run of keys sharing their top bits starts: `keys[table[b], table[b + 1])`
 * are the keys whose top bits are `b`. Narrows each look-up from a binary search
 * of the whole (cache-unfriendly) key array to a few neighbouring keys. Built once
 * per index, about one entry per key, at most 2^16 + 1.
 */
function keyBuckets(keys: Uint32Array): Uint32Array {
  let table = bucketTables.get(keys);
  if (table) return table;
  let bits = 1;
  while (bits < 16 && 1 << bits < keys.length) bits++;
  const shift = 32 - bits;
  table = new Uint32Array((1 << bits) + 1);
  for (let b = 0, i = 0; b <= 1 << bits; b++) {
    while (i < keys.length && keys[i]! >>> shift < b) i++;
    table[b] = i;
  }
  bucketTables.set(keys, table);
  return table;
}

/**
 * The chains of one document, as parallel arrays numbered by creation. Chains
 * are created as seeds arrive, in page order, so chain numbers are in
 * `pageFirst` order. One table is reused for every document: most documents of
 * a large corpus have a chain or two, and objects for each cost more than the
 * work done on them.
 */
class ChainTable {
  count = 0;
  /** Chains with `telling` 1. */
  tellingCount = 0;
  pageFirst = new Int32Array(0);
  pageLast = new Int32Array(0);
  docFirst = new Int32Array(0);
  docLast = new Int32Array(0);
  minDiagonal = new Int32Array(0);
  maxDiagonal = new Int32Array(0);
  lastDiagonal = new Int32Array(0);
  /** 1 for a chain whose seeds say something: two or more, or one that extends its context (see `markPromisingChains`). */
  telling = new Uint8Array(0);
  /** Chain numbers in the order they are aligned: closed chains as they close, then the still-open ones. */
  listed = new Int32Array(0);
  /** 1 for a chain worth aligning (see `markPromisingChains`). */
  keep = new Uint8Array(0);
  /** Scratch: open chains, oldest first; the cluster stack of `markPromisingChains`. */
  open = new Int32Array(0);
  clusterFirst = new Int32Array(0);
  clusterSize = new Int32Array(0);
  clusterPageFrom = new Int32Array(0);
  clusterPageTo = new Int32Array(0);
  clusterDocFrom = new Int32Array(0);
  clusterDocTo = new Int32Array(0);
  clusterLast = new Int32Array(0);

  /** Empties the table, with room for `capacity` chains. */
  reset(capacity: number): void {
    this.count = 0;
    this.tellingCount = 0;
    if (this.pageFirst.length >= capacity) return;
    const size = Math.max(64, 2 * capacity);
    this.pageFirst = new Int32Array(size);
    this.pageLast = new Int32Array(size);
    this.docFirst = new Int32Array(size);
    this.docLast = new Int32Array(size);
    this.minDiagonal = new Int32Array(size);
    this.maxDiagonal = new Int32Array(size);
    this.lastDiagonal = new Int32Array(size);
    this.telling = new Uint8Array(size);
    this.listed = new Int32Array(size);
    this.keep = new Uint8Array(size);
    this.open = new Int32Array(size);
    this.clusterFirst = new Int32Array(size);
    this.clusterSize = new Int32Array(size);
    this.clusterPageFrom = new Int32Array(size);
    this.clusterPageTo = new Int32Array(size);
    this.clusterDocFrom = new Int32Array(size);
    this.clusterDocTo = new Int32Array(size);
    this.clusterLast = new Int32Array(size);
  }
}

const chainTable = new ChainTable();

/**
 * Groups seeds `[from, to)` that lie on nearby diagonals within `maxSeedGap`
 * page words of each other. A seed joins the oldest open chain whose last
 * diagonal is within `band` of its own; chains with no seed in the last
 * `maxSeedGap` words are closed (newest first among those closing together).
 * A chain is telling once it has two seeds, or from its first seed when that
 * seed extends its context or `lonesMustExtend` is false.
 */
function chainSeeds(seeds: Seeds, from: number, to: number, lonesMustExtend: boolean, opts: MatchOptions): ChainTable {
  const table = chainTable;
  table.reset(to - from);
  const { pageFirst, pageLast, docFirst, docLast, minDiagonal, maxDiagonal, lastDiagonal, telling, listed, open } = table;
  let openCount = 0;
  let listedCount = 0;
  for (let s = from; s < to; s++) {
    const pagePos = seeds.pagePositions[s]!;
    const docPos = seeds.docPositions[s]!;
    const diagonal = docPos - pagePos;
    // Close stale chains, newest first, keeping the others in order.
    let kept = 0;
    for (let o = openCount - 1; o >= 0; o--) {
      if (pagePos - pageLast[open[o]!]! > opts.maxSeedGap) listed[listedCount++] = open[o]!;
    }
    for (let o = 0; o < openCount; o++) {
      if (pagePos - pageLast[open[o]!]! <= opts.maxSeedGap) open[kept++] = open[o]!;
    }
    openCount = kept;
    let chain = -1;
    for (let o = 0; o < openCount; o++) {
      if (Math.abs(lastDiagonal[open[o]!]! - diagonal) <= opts.band) {
        chain = open[o]!;
        break;
      }
    }
    if (chain >= 0) {
      pageLast[chain] = pagePos;
      docFirst[chain] = Math.min(docFirst[chain]!, docPos);
      docLast[chain] = Math.max(docLast[chain]!, docPos);
      minDiagonal[chain] = Math.min(minDiagonal[chain]!, diagonal);
      maxDiagonal[chain] = Math.max(maxDiagonal[chain]!, diagonal);
      lastDiagonal[chain] = diagonal;
      if (telling[chain] === 0) {
        telling[chain] = 1;
        table.tellingCount++;
      }
    } else {
      chain = table.count++;
      pageFirst[chain] = pagePos;
      pageLast[chain] = pagePos;
      docFirst[chain] = docPos;
      docLast[chain] = docPos;
      minDiagonal[chain] = diagonal;
      maxDiagonal[chain] = diagonal;
      lastDiagonal[chain] = diagonal;
      telling[chain] = lonesMustExtend ? seeds.extendsContext[s]! : 1;
      table.tellingCount += telling[chain]!;
      open[openCount++] = chain;
    }
  }
  for (let o = 0; o < openCount; o++) listed[listedCount++] = open[o]!;
  return table;
}

/**
 * Marks (`keep`) the chains of one document that can lead to a reported span;
 * the others are dropped before their alignment is paid for. Most chains of a
 * large corpus are one seed on a common phrase ("the United States") and can
 * never pass `minDescriptiveWords`.
 *
 * 1. From the seeds alone (nothing of the document is read, see `chainSeeds`):
 *    only telling chains are kept, i.e. chains of two seeds or more, or of one
 *    seed whose page k-gram has the word before or after it in common with its
 *    document (`extendsContext`, from the 4 bits of each neighbour stored with
 *    the posting). A reported passage has at least `minWords > k` equal words;
 *    a lone seed inside a copied run of `k + 1` words or more always extends
 *    its context, so short verbatim copies, the ones with a single seed, are
 *    kept. A lone seed on a common phrase passes when the phrase goes on with
 *    the same word, or by chance (28 % of the lone chains of the bench's
 *    10k-word page pass). What is given up: a passage whose only seed is a
 *    k-gram edited on both sides (measured in docs/performance.md). A chain
 *    not kept is never aligned, so it yields no span and cannot merge with
 *    one: the rest works on telling chains as if the others did not exist.
 * 2. Exact: telling chains are grouped into clusters whose spans can never be
 *    merged with each other's. A chain's span lies in its alignment window, and
 *    each re-alignment in `mergeOverlapping` widens a span by at most `k` words
 *    per side, so the spans of a cluster of n chains lie in the hull of their
 *    windows grown by `k × (n - 1)`. Clusters are grown until no two of them
 *    come within a word of each other: then no span of one ever merges with a
 *    span of another, and each cluster's result does not depend on the others.
 *    The lower-case content words of a cluster's page extent found
 *    anywhere in its document extent bound what `countDescriptiveMatches` can
 *    count for any of its spans, so a cluster whose bound is below
 *    `minDescriptiveWords` reports nothing, aligned or not. The document side
 *    is read from the index's 16-bit filter words, not from the document's
 *    tokens: equal words have equal filter words, so the bound stays an upper
 *    bound, and documents without a promising chain are never tokenized.
 *
 * Returns whether any chain is kept.
 */
function markPromisingChains(chains: ChainTable, vocabulary: DescriptiveVocabulary, doc: DocumentFilter, k: number, opts: MatchOptions): boolean {
  const need = opts.minDescriptiveWords;
  const { count, keep, telling, clusterFirst, clusterLast, clusterSize, clusterPageFrom, clusterPageTo, clusterDocFrom, clusterDocTo } = chains;
  keep.fill(0, 0, count);
  // A stack of clusters, each the telling chains of a run of chain numbers
  // (page order), merged leftwards whenever growth makes neighbours touch.
  let top = -1;
  for (let c = 0; c < count; c++) {
    if (telling[c] === 0) continue;
    let first = c;
    let size = 1;
    let pageFrom = chains.pageFirst[c]! - opts.margin;
    let pageTo = chains.pageLast[c]! + k + opts.margin;
    let docFrom = chains.docFirst[c]! - opts.margin;
    let docTo = chains.docLast[c]! + k + opts.margin;
    // Spans of two clusters can merge only if their grown extents come within one word.
    while (top >= 0 && pageFrom - k * (size - 1) <= clusterPageTo[top]! + k * (clusterSize[top]! - 1) + 1) {
      first = clusterFirst[top]!;
      size += clusterSize[top]!;
      pageFrom = Math.min(pageFrom, clusterPageFrom[top]!);
      pageTo = Math.max(pageTo, clusterPageTo[top]!);
      docFrom = Math.min(docFrom, clusterDocFrom[top]!);
      docTo = Math.max(docTo, clusterDocTo[top]!);
      top--;
    }
    top++;
    clusterFirst[top] = first;
    clusterLast[top] = c;
    clusterSize[top] = size;
    clusterPageFrom[top] = pageFrom;
    clusterPageTo[top] = pageTo;
    clusterDocFrom[top] = docFrom;
    clusterDocTo[top] = docTo;
  }
  let kept = false;
  for (let t = 0; t <= top; t++) {
    const growth = k * (clusterSize[t]! - 1);
    if (
      need <= 0 ||
      vocabulary.countShared(
        clusterPageFrom[t]! - growth,
        clusterPageTo[t]! + growth,
        doc,
        clusterDocFrom[t]! - growth,
        clusterDocTo[t]! + growth,
        need,
      ) >= need
    ) {
      for (let c = clusterFirst[t]!; c <= clusterLast[t]!; c++) keep[c] = telling[c]!;
      kept = true;
    }
  }
  return kept;
}

/**
 * The page's content words ("descriptive" in `countDescriptiveMatches`), numbered
 * once per page by their 16-bit filter value (filter-words.ts), so that asking
 * which of them a document window holds costs one array read per document word.
 */
class DescriptiveVocabulary {
  /** Number of each page word in the vocabulary, or -1 for function words. */
  private readonly ids: Int32Array;
  /** Filter value → vocabulary number, -1 when no page content word has it. */
  private readonly byValue = new Int32Array(1 << 16).fill(-1);
  /** `seen[id] === stamp`: a word with filter value number `id` occurs in the document window of the current question. */
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(private readonly page: WordTokens) {
    this.ids = new Int32Array(page.count);
    let size = 0;
    for (let i = 0; i < page.count; i++) {
      if ((page.flags[i]! & WORD_STOPWORD) !== 0) {
        this.ids[i] = -1;
        continue;
      }
      const value = pageFilterValue(page.hashes[i]!);
      if (this.byValue[value] === -1) this.byValue[value] = size++;
      this.ids[i] = this.byValue[value]!;
    }
    this.seen = new Uint32Array(size);
  }

  /**
   * Counts, up to `enough`, the page words of `[pageFrom, pageTo)` in the
   * vocabulary whose filter value occurs in document window `[docFrom, docTo)`
   * (both clipped to the texts): an upper bound of `countDescriptiveMatches`
   * for any span inside these windows.
   */
  countShared(pageFrom: number, pageTo: number, doc: DocumentFilter, docFrom: number, docTo: number, enough: number): number {
    const stamp = ++this.stamp;
    const { seen, byValue, ids } = this;
    const { part, base } = doc;
    const values = part.values;
    // Only the document's non-zero filter words are stored: 0, a function or capitalized word, is never descriptive.
    const from = Math.min(doc.count, Math.max(0, docFrom));
    const to = Math.max(from, Math.min(doc.count, docTo));
    for (let v = part.nonZeroBefore(base + from), end = part.nonZeroBefore(base + to); v < end; v++) {
      const id = byValue[values[v]!]!;
      if (id >= 0) seen[id] = stamp;
    }
    let count = 0;
    for (let i = Math.max(0, pageFrom), end = Math.min(this.page.count, pageTo); i < end && count < enough; i++) {
      const id = ids[i]!;
      if (id >= 0 && seen[id] === stamp) count++;
    }
    return count;
  }
}

function side(tokens: WordTokens, from: number, to: number): AlignmentSide {
  return { hashes: tokens.hashes, flags: tokens.flags, from: Math.max(0, from), to: Math.min(tokens.count, to) };
}

function alignRegion(
  page: WordTokens,
  doc: WordTokens,
  docIndex: number,
  pageFrom: number,
  pageTo: number,
  docFrom: number,
  docTo: number,
  minDiagonal: number,
  maxDiagonal: number,
  opts: MatchOptions,
): WordSpan | null {
  let lo = minDiagonal - opts.band;
  let hi = maxDiagonal + opts.band;
  if (hi - lo + 1 > MAX_BAND_WIDTH) {
    const middle = Math.round((minDiagonal + maxDiagonal) / 2);
    lo = middle - MAX_BAND_WIDTH / 2;
    hi = middle + MAX_BAND_WIDTH / 2 - 1;
  }
  const alignment = alignBanded(
    side(page, pageFrom - opts.margin, pageTo + opts.margin),
    side(doc, docFrom - opts.margin, docTo + opts.margin),
    lo,
    hi,
  );
  if (!alignment) return null;
  return {
    docIndex,
    pageStart: alignment.aStart,
    pageEnd: alignment.aEnd,
    docStart: alignment.bStart,
    docEnd: alignment.bEnd,
    matches: alignment.matches,
  };
}

function alignChain(
  chains: ChainTable,
  chain: number,
  page: WordTokens,
  doc: WordTokens,
  docIndex: number,
  k: number,
  opts: MatchOptions,
): WordSpan | null {
  return alignRegion(
    page,
    doc,
    docIndex,
    chains.pageFirst[chain]!,
    chains.pageLast[chain]! + k,
    chains.docFirst[chain]!,
    chains.docLast[chain]! + k,
    chains.minDiagonal[chain]!,
    chains.maxDiagonal[chain]!,
    opts,
  );
}

/**
 * Chains of one document whose alignments overlap or touch on the page (a long
 * passage with a gap between seeds wider than `maxSeedGap`) are aligned again as
 * one region, so one reused passage yields one span.
 */
function mergeOverlapping(spans: WordSpan[], page: WordTokens, doc: WordTokens, k: number, opts: MatchOptions): WordSpan[] {
  const sorted = spans.sort((x, y) => x.pageStart - y.pageStart || x.docStart - y.docStart);
  const merged: WordSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    const close = (x: number, y: number): boolean => Math.abs(x - y) <= opts.band;
    // The same page words found again elsewhere in the document (it repeats the
    // sentence): one span per document is enough.
    if (last && span.pageEnd <= last.pageEnd) continue;
    if (
      last &&
      span.pageStart <= last.pageEnd + 1 &&
      close(span.docStart - span.pageStart, last.docEnd - last.pageEnd)
    ) {
      const diagonals = [last.docStart - last.pageStart, last.docEnd - last.pageEnd, span.docStart - span.pageStart, span.docEnd - span.pageEnd];
      // markPromisingChains relies on this margin of k: each re-alignment widens a span by at most k words.
      const realigned = alignRegion(
        page,
        doc,
        span.docIndex,
        last.pageStart,
        Math.max(last.pageEnd, span.pageEnd),
        Math.min(last.docStart, span.docStart),
        Math.max(last.docEnd, span.docEnd),
        Math.min(...diagonals),
        Math.max(...diagonals),
        { ...opts, margin: k },
      );
      if (realigned) merged[merged.length - 1] = realigned;
      continue;
    }
    merged.push(span);
  }
  return merged;
}

/** Applies the precision thresholds and converts word positions to character offsets. */
function toMatchSpan(span: WordSpan, page: WordTokens, doc: WordTokens, docId: string, opts: MatchOptions): MatchSpan | null {
  const pageWords = span.pageEnd - span.pageStart;
  const docWords = span.docEnd - span.docStart;
  const similarity = (2 * span.matches) / (pageWords + docWords);
  if (span.matches < opts.minWords || similarity < opts.minSimilarity) return null;
  if (countDescriptiveMatches(span, page, doc) < opts.minDescriptiveWords) return null;
  return {
    pageStart: page.starts[span.pageStart]!,
    pageEnd: page.ends[span.pageEnd - 1]!,
    docId,
    docStart: doc.starts[span.docStart]!,
    docEnd: doc.ends[span.docEnd - 1]!,
    similarity: Math.round(similarity * 1000) / 1000,
    matchedWords: span.matches,
    pageWords,
    docWords,
    kind: 'copied',
  };
}

/** A rewritten passage as a span, unless it shares fewer than `minWords` stems with its source. */
function toRewrittenSpan(passage: CandidatePassage, docId: string, opts: MatchOptions): MatchSpan | null {
  if (passage.sharedTerms < opts.minWords) return null;
  return {
    pageStart: passage.pageStart,
    pageEnd: passage.pageEnd,
    docId,
    docStart: passage.docStart,
    docEnd: passage.docEnd,
    similarity: Math.round(passage.similarity * 1000) / 1000,
    matchedWords: passage.sharedTerms,
    pageWords: passage.pageWords,
    docWords: passage.docWords,
    kind: 'rewritten',
  };
}

/**
 * Content words of the page span that occur lower-case in the source span.
 * `markPromisingChains` bounds this count from above (`DescriptiveVocabulary`): a
 * change to what counts here must keep that bound an upper bound.
 */
function countDescriptiveMatches(span: WordSpan, page: WordTokens, doc: WordTokens): number {
  // Case is read on the source side: a page that reprints the sentence in capitals
  // or title case still reuses its lower-case words, while a run of names stays names.
  const source = new Set<number>();
  for (let j = span.docStart; j < span.docEnd; j++) if (isDescriptive(doc.flags[j]!)) source.add(doc.hashes[j]!);
  let count = 0;
  for (let i = span.pageStart; i < span.pageEnd; i++) {
    if ((page.flags[i]! & WORD_STOPWORD) === 0 && source.has(page.hashes[i]!)) count++;
  }
  return count;
}

/** Whether a word with these flags is a lower-case content word, the kind `minDescriptiveWords` counts. */
function isDescriptive(flags: number): boolean {
  return (flags & (WORD_STOPWORD | WORD_CAPITALIZED)) === 0;
}
