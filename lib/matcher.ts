/**
 * Finds passages of a page that were copied or lightly edited from corpus documents.
 *
 * Pure: text in, offsets and scores out. Two stages, as in BLAST-style search:
 * 1. candidates — every k-gram of the page is looked up in the fingerprint
 *    table; hits in the same document on nearby diagonals are chained;
 * 2. alignment — each chain is aligned word by word (banded Smith–Waterman) so
 *    the span covers the whole reused passage across small edits, and only
 *    the reused words, not the page's own words around them.
 */
import { alignBanded, type AlignmentSide } from './align';
import { hashKgrams, SKIPPED_KGRAM } from './fingerprint';
import { findPostings, type IndexData } from './index-format';
import { tokenizeWords, WORD_CAPITALIZED, WORD_STOPWORD, type WordTokens } from './tokenize';

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
  /** Dice coefficient over words: 2 × equal words / (page words + source words), 0–1. */
  similarity: number;
  /** Words equal on both sides. */
  matchedWords: number;
  /** Words of the span on the page, and in the source. */
  pageWords: number;
  docWords: number;
}

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
}

/** Defaults: a passage of 8 equal words, half similar, with 3 descriptive words. */
export const DEFAULT_MATCH_OPTIONS: MatchOptions = {
  minWords: 8,
  minSimilarity: 0.5,
  minDescriptiveWords: 3,
  maxSeedGap: 24,
  band: 8,
  margin: 16,
};

/** Widest band the aligner is allowed, so a degenerate chain cannot blow up the cost. */
const MAX_BAND_WIDTH = 256;

/**
 * Caches the tokens of corpus documents. Tokenizing lazily, on a document's first
 * candidate, keeps index load time independent of corpus size.
 */
export class DocumentTokenCache {
  private readonly cache = new Map<number, WordTokens>();

  constructor(private readonly index: IndexData) {}

  /** Tokens of document number `docIndex`. */
  get(docIndex: number): WordTokens {
    let tokens = this.cache.get(docIndex);
    if (!tokens) {
      tokens = tokenizeWords(this.index.documents[docIndex]!.text);
      this.cache.set(docIndex, tokens);
    }
    return tokens;
  }
}

interface Chain {
  pageFirst: number;
  pageLast: number;
  docFirst: number;
  docLast: number;
  minDiagonal: number;
  maxDiagonal: number;
  lastDiagonal: number;
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
 * several documents yields one span per document.
 */
export function findMatches(
  pageText: string,
  index: IndexData,
  options: Partial<MatchOptions> = {},
  tokenCache: DocumentTokenCache = new DocumentTokenCache(index),
): MatchSpan[] {
  const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
  const page = tokenizeWords(pageText);
  const seedsByDoc = collectSeeds(page, index);
  const spans: MatchSpan[] = [];
  for (const [docIndex, seeds] of seedsByDoc) {
    const doc = tokenCache.get(docIndex);
    const found = chainSeeds(seeds, opts)
      .map((chain) => alignChain(chain, page, doc, docIndex, index.k, opts))
      .filter((span): span is WordSpan => span !== null);
    for (const span of mergeOverlapping(found, page, doc, index.k, opts)) {
      const result = toMatchSpan(span, page, doc, index.documents[docIndex]!.id, opts);
      if (result) spans.push(result);
    }
  }
  return spans.sort((x, y) => x.pageStart - y.pageStart || y.similarity - x.similarity || x.docId.localeCompare(y.docId));
}

/** Looks every page k-gram up; returns, per document, flat (pagePos, docPos) pairs in page order. */
function collectSeeds(page: WordTokens, index: IndexData): Map<number, number[]> {
  const kgrams = hashKgrams(page.hashes, page.flags, index.k);
  const byDoc = new Map<number, number[]>();
  for (let i = 0; i < kgrams.length; i++) {
    const hash = kgrams[i]!;
    if (hash === SKIPPED_KGRAM) continue;
    const [from, to] = findPostings(index, hash);
    for (let p = from; p < to; p++) {
      const docIndex = index.postingDocs[p]!;
      let seeds = byDoc.get(docIndex);
      if (!seeds) byDoc.set(docIndex, (seeds = []));
      seeds.push(i, index.postingPositions[p]!);
    }
  }
  return byDoc;
}

/** Groups seeds that lie on nearby diagonals within `maxSeedGap` page words of each other. */
function chainSeeds(seeds: number[], opts: MatchOptions): Chain[] {
  const open: Chain[] = [];
  const done: Chain[] = [];
  for (let s = 0; s < seeds.length; s += 2) {
    const pagePos = seeds[s]!;
    const docPos = seeds[s + 1]!;
    const diagonal = docPos - pagePos;
    for (let c = open.length - 1; c >= 0; c--) {
      if (pagePos - open[c]!.pageLast > opts.maxSeedGap) done.push(...open.splice(c, 1));
    }
    const chain = open.find((candidate) => Math.abs(candidate.lastDiagonal - diagonal) <= opts.band);
    if (chain) {
      chain.pageLast = pagePos;
      chain.docFirst = Math.min(chain.docFirst, docPos);
      chain.docLast = Math.max(chain.docLast, docPos);
      chain.minDiagonal = Math.min(chain.minDiagonal, diagonal);
      chain.maxDiagonal = Math.max(chain.maxDiagonal, diagonal);
      chain.lastDiagonal = diagonal;
    } else {
      open.push({
        pageFirst: pagePos,
        pageLast: pagePos,
        docFirst: docPos,
        docLast: docPos,
        minDiagonal: diagonal,
        maxDiagonal: diagonal,
        lastDiagonal: diagonal,
      });
    }
  }
  return done.concat(open);
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

function alignChain(chain: Chain, page: WordTokens, doc: WordTokens, docIndex: number, k: number, opts: MatchOptions): WordSpan | null {
  return alignRegion(
    page,
    doc,
    docIndex,
    chain.pageFirst,
    chain.pageLast + k,
    chain.docFirst,
    chain.docLast + k,
    chain.minDiagonal,
    chain.maxDiagonal,
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
    if (
      last &&
      span.pageStart <= last.pageEnd + 1 &&
      close(span.docStart - span.pageStart, last.docEnd - last.pageEnd)
    ) {
      if (span.pageEnd <= last.pageEnd && span.docEnd <= last.docEnd) continue;
      const diagonals = [last.docStart - last.pageStart, last.docEnd - last.pageEnd, span.docStart - span.pageStart, span.docEnd - span.pageEnd];
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
  };
}

/** Lower-case content words of the page span that also occur in the source span. */
function countDescriptiveMatches(span: WordSpan, page: WordTokens, doc: WordTokens): number {
  const source = new Set<number>();
  for (let j = span.docStart; j < span.docEnd; j++) source.add(doc.hashes[j]!);
  let count = 0;
  for (let i = span.pageStart; i < span.pageEnd; i++) {
    if ((page.flags[i]! & (WORD_STOPWORD | WORD_CAPITALIZED)) === 0 && source.has(page.hashes[i]!)) count++;
  }
  return count;
}
