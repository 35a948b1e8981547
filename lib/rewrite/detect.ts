/**
 * Finds passages of a page that rewrite passages of one source document:
 * reworded, reordered, merged or condensed sentences the fingerprint matcher
 * cannot see because few word runs survive intact.
 *
 * The method follows the best PAN 2013–2014 text-alignment systems
 * (Sanchez-Perez, Sidorov and Gelbukh, "A Winning Approach to Text Alignment
 * for Text Reuse Detection at PAN 2014"), with our own code and choices:
 * 1. seeding — every page sentence is compared with every source sentence that
 *    shares a stemmed content word (an inverted index keeps this to the pairs
 *    that can score): a pair is a seed when both the tf-isf cosine and the Dice
 *    coefficient of their term sets pass a threshold;
 * 2. extension — seeds are clustered into passages, alternately along the page
 *    and along the source, allowing gaps of a few sentences; a cluster whose two
 *    fragments, taken as wholes, are not similar enough is clustered again with
 *    a smaller gap (the "adaptive gap");
 * 3. a second extension with a wide gap on the source side only finds
 *    summaries (a few page sentences condensing a long source passage), and is
 *    preferred when its passages are clearly condensations;
 * 4. filtering — passages overlapping on the page keep the strongest, short
 *    passages and passages that share too few common (not capitalised) words
 *    are dropped, so a page on the same topic that only shares names does not
 *    match.
 *
 * Pure: prepared texts in (`prepareText`), sentence ranges and scores out.
 */
import { firstAtLeast } from '../sorted';
import type { PreparedText } from './terms';

/** Thresholds of the rewritten-reuse stage. */
export interface RewriteOptions {
  /** A sentence pair seeds when its tf-isf cosine exceeds this… */
  seedCosine: number;
  /** …and the Dice coefficient of its term sets exceeds this… */
  seedDice: number;
  /**
   * …and it shares at least this many terms written in lower case in both
   * sentences: sentences about the same people, places and day ("Kelly said
   * Friday in Washington") share names, not wording.
   */
  seedSharedWords: number;
  /**
   * The same for a sentence pair an anchor (copied span) already joins,
   * compared on the words outside the anchor: the copied run is the evidence,
   * the rest of the sentence only has to agree.
   */
  anchoredSeedSharedWords: number;
  /**
   * The summary pass seeds with these lower thresholds (cosine, Dice): a
   * summary sentence condenses a long source sentence, so their term sets
   * overlap less. The pass keeps its passages only when they are clearly
   * condensations, which the general pass's passages are not.
   */
  summarySeedCosine: number;
  summarySeedDice: number;
  /** Sentences allowed between two seeds of one passage, on either side. */
  maxGap: number;
  /** Summaries: sentences allowed between seeds on the source side… */
  summarySourceGap: number;
  /** …and on the page side. */
  summaryPageGap: number;
  /** A summary passage is preferred when its source side is at least this many times longer than its page side. */
  summaryRatio: number;
  /**
   * A summary passage needs this share of its page side's term weight (squared
   * tf-isf) present in its source side: a long source fragment against a short
   * page fragment has a low cosine however faithful the summary.
   */
  summaryContainment: number;
  /**
   * The general passages stand against a condensation when they cover at least
   * this share of the summary passages' page characters…
   */
  paraphraseCover: number;
  /** …with source sides at most this many times their page sides (not condensed themselves)… */
  paraphraseRatio: number;
  /**
   * …and the summary passages' cosine is under this share of theirs: the far
   * source sentences the summary clustering took in dilute the similarity
   * instead of adding to it.
   */
  paraphraseDilution: number;
  /** A summary passage needs at least this many seeds. */
  summaryMinSeeds: number;
  /** A passage's two fragments, as wholes, need at least this tf-isf cosine… */
  minPassageCosine: number;
  /**
   * …or this one for a cluster made only of edited copies (see
   * `editedAnchorSimilarity`): the copied runs already show the sentences are
   * reused, and the page's edits inside and around them (words replaced,
   * moved across the sentence boundary) dilute the sentences' cosine as
   * wholes. Such a cluster is still a passage only if a sentence next to it
   * grows it or it is one reworked passage (`joinsEdited`).
   */
  editedPassageCosine: number;
  /**
   * A passage resting on a single sentence pair (no second seed, no copied
   * span) needs this cosine: one similar sentence is weak evidence of reuse.
   */
  singleSeedCosine: number;
  /** Both fragments of a passage need at least this many characters… */
  minChars: number;
  /**
   * …unless it rests on at least this many sentence pairs (seeds, copied
   * spans' and edge growth's included) over two sentences or more on both
   * sides: short sentences reworded one after another are no chance
   * resemblance.
   */
  shortPassageSeeds: number;
  /**
   * Distinct terms a passage's fragments share that one of them writes in lower
   * case somewhere (common words, not names)…
   */
  minSharedWords: number;
  /**
   * …of which this many both write in lower case: the rest may be capitalised
   * on one side (a sentence's first word, a heading), not on both (a name).
   */
  minSharedBothWords: number;
  /**
   * Copied fragments alone are joined into one passage when the words around
   * them, on the two sides, have at least this tf-isf cosine (see `joinsAnchors`).
   */
  joinSimilarity: number;
  /**
   * Copied fragments alone whose own similarity (`Anchor.similarity`) is under
   * this are edited copies: their cluster grows by edge sentences like a
   * passage with seeds of its own, and is one when it grows (see `extend`).
   * The matcher's similarity is a Dice coefficient over words: 0.95 is about
   * one word in twenty changed, so a copy with a word or two replaced in a
   * sentence counts, and a copy differing only in a word of a long run does
   * not.
   */
  editedAnchorSimilarity: number;
  /**
   * A passage the fingerprint hits do not point to (found because its
   * document is among the few read over the whole page, away from the regions
   * around its hits) needs this tf-isf cosine: with nothing else to go on, a
   * page on the same subject would otherwise pass. It also needs two seeds.
   */
  unpromptedCosine: number;
  /** …and its two fragments within this factor of each other's length (a summary needs the hits' support). */
  unpromptedRatio: number;
  /**
   * Such a passage whose fragments correspond sentence by sentence (`aligned`)
   * over at least this many page sentences does without `unpromptedCosine`: a
   * translation back into the page's language rewords every sentence but keeps
   * them all, in order.
   */
  alignedMinSentences: number;
  /** A sentence next to a passage joins it when it resembles one at the passage's edge at this tf-isf cosine… */
  edgeCosine: number;
  /** …and this Dice coefficient… */
  edgeDice: number;
  /** …sharing this many terms in lower case (see `growEdges`). */
  edgeSharedWords: number;
  /**
   * In general passages, a source sentence joins by edge growth only at this
   * tf-isf cosine and Dice coefficient (page sentences at `edgeCosine` and
   * `edgeDice`): the source sentences around reused text share its subject,
   * so many resemble a page sentence at the lower bar, and a source side is
   * reported as whole sentences, so each one taken in wrongly costs a whole
   * sentence. A page sentence next to the passage is more often the page's
   * own rewording of it. (Summary passages grow at the lower bar on both
   * sides: a condensed sentence shares less with each source sentence.)
   */
  sourceEdgeSimilarity: number;
  /**
   * In general passages, a side grows by edge sentences only while it stays
   * within this factor of the other side's words: a reworded passage keeps
   * about its source's length, and source sentences on the same subject that
   * resemble a short page fragment at the low edge bar one after another
   * would otherwise stretch its source side far past the reused text.
   * (Summary passages are condensed by nature and grow without it.)
   */
  growthRatio: number;
  /**
   * A sentence pair passing no seed threshold seeds all the same when it has
   * this tf-isf cosine…
   */
  diagonalCosine: number;
  /** …this Dice coefficient… */
  diagonalDice: number;
  /**
   * …and this many shared lower-case terms, and a pair next to it on the
   * diagonal (the page sentence before with the source sentence before, or
   * after with after) is a seed, an anchor's or such a pair too (see
   * `diagonalSeeds`).
   */
  diagonalSharedWords: number;
}

/** Defaults, near the published ones (cosine and Dice 0.33 there, 0.3 here; gap 4, validation 0.34, 150 characters). */
export const DEFAULT_REWRITE_OPTIONS: RewriteOptions = {
  seedCosine: 0.3,
  seedDice: 0.3,
  seedSharedWords: 2,
  anchoredSeedSharedWords: 1,
  summarySeedCosine: 0.27,
  summarySeedDice: 0.27,
  maxGap: 4,
  summarySourceGap: 24,
  summaryPageGap: 3,
  summaryRatio: 3,
  summaryContainment: 0.5,
  summaryMinSeeds: 2,
  paraphraseCover: 0.9,
  paraphraseRatio: 1.5,
  paraphraseDilution: 0.8,
  minPassageCosine: 0.34,
  editedPassageCosine: 0.25,
  singleSeedCosine: 0.5,
  minChars: 150,
  shortPassageSeeds: 3,
  minSharedWords: 5,
  minSharedBothWords: 4,
  joinSimilarity: 0.05,
  editedAnchorSimilarity: 0.95,
  unpromptedCosine: 0.45,
  unpromptedRatio: 2,
  alignedMinSentences: 2,
  edgeCosine: 0.2,
  edgeDice: 0.2,
  edgeSharedWords: 1,
  sourceEdgeSimilarity: 0.25,
  growthRatio: 2,
  diagonalCosine: 0.25,
  diagonalDice: 0.2,
  diagonalSharedWords: 1,
};

/** A rewritten passage: sentence ranges on both sides, inclusive of `last`. */
export interface RewrittenPassage {
  pageFirstSentence: number;
  pageLastSentence: number;
  docFirstSentence: number;
  docLastSentence: number;
  /** Character offsets of the two fragments (start of the first word, end of the last). */
  pageStart: number;
  pageEnd: number;
  docStart: number;
  docEnd: number;
  /** tf-isf cosine of the two fragments as wholes, 0–1. */
  similarity: number;
  /** Distinct stemmed content words the fragments share. */
  sharedTerms: number;
  /** Seed sentence pairs inside the passage. */
  seeds: number;
  /**
   * Whether the fragments correspond sentence by sentence: every sentence of
   * each resembles one of the other (at the edge thresholds), the page's in the
   * source's order (see `alignsSentences`). Tested only for passages under
   * `unpromptedCosine`, the only ones it lets through (false for the others).
   */
  aligned: boolean;
}

/** A seed: page sentence `page` resembles source sentence `doc`. */
interface Seed {
  page: number;
  doc: number;
  /** False for seeds taken from anchors (copied spans), true for seeds found by comparing sentences. */
  fresh: boolean;
  /** False for seeds that pass only the summary pass's lower thresholds. */
  strict: boolean;
  /** Index of the anchor a seed comes from, -1 for seeds found by comparing sentences. */
  anchor: number;
  /** tf-isf cosine of the pair where seeding compared it (see `nearClosestPartner`), 0 for anchors' and edge growth's seeds. */
  cosine: number;
}

/**
 * The page side, prepared once for all candidate documents: an inverted index
 * from term to the page sentences holding it. Flat typed arrays, looked up by
 * term number (small and dense, see terms.ts): `findSeeds` asks for every term
 * of every candidate document, tens of thousands of look-ups a page.
 */
export class PageTerms {
  /** Slot of each term number on the page, -1 for terms it lacks (terms above its length too). */
  private readonly slots: Int32Array;
  /** Postings of slot k are entries `[postingStart[k], postingStart[k + 1])` of the arrays below, in sentence order. */
  readonly postingStart: Uint32Array;
  /** Page sentence of each posting (plus `offset`, for a range of the page). */
  readonly postingSentences: Uint32Array;
  /** The term's count in that sentence. */
  readonly postingCounts: Uint16Array;
  /** 1 when the term occurs there in lower case (`termLower`). */
  readonly postingLower: Uint8Array;

  /**
   * `prepared` is the page side. Given `whole`, it is sentences `[offset,
   * offset + prepared.sentences.count)` of `whole.prepared` (see
   * `sentenceRange`), and the postings of `whole` are shared, not rebuilt.
   */
  constructor(
    readonly prepared: PreparedText,
    whole?: PageTerms,
    readonly offset = 0,
  ) {
    if (whole) {
      this.slots = whole.slots;
      this.postingStart = whole.postingStart;
      this.postingSentences = whole.postingSentences;
      this.postingCounts = whole.postingCounts;
      this.postingLower = whole.postingLower;
      return;
    }
    const { termStart, termIds, termCounts, termLower, sentences } = prepared;
    const total = termStart[sentences.count]! - termStart[0]!;
    let largest = -1;
    for (let t = termStart[0]!; t < termStart[sentences.count]!; t++) largest = Math.max(largest, termIds[t]!);
    // Count the postings of each term, then place them: sentences are visited in order, so each term's stay sorted.
    const slots = new Int32Array(largest + 1).fill(-1);
    const sizes: number[] = [];
    for (let t = termStart[0]!; t < termStart[sentences.count]!; t++) {
      const id = termIds[t]!;
      if (slots[id] === -1) {
        slots[id] = sizes.length;
        sizes.push(0);
      }
      sizes[slots[id]!]!++;
    }
    const postingStart = new Uint32Array(sizes.length + 1);
    for (let k = 0; k < sizes.length; k++) postingStart[k + 1] = postingStart[k]! + sizes[k]!;
    const next = postingStart.slice(0, sizes.length);
    this.postingSentences = new Uint32Array(total);
    this.postingCounts = new Uint16Array(total);
    this.postingLower = new Uint8Array(total);
    for (let s = 0; s < sentences.count; s++) {
      for (let t = termStart[s]!; t < termStart[s + 1]!; t++) {
        const at = next[slots[termIds[t]!]!]!++;
        this.postingSentences[at] = s;
        this.postingCounts[at] = termCounts[t]!;
        this.postingLower[at] = termLower[t]!;
      }
    }
    this.slots = slots;
    this.postingStart = postingStart;
  }

  /** The slot of term `id`, -1 when the page lacks it: its postings are entries `[postingStart[slot], postingStart[slot + 1])` of `postingSentences` and its siblings. */
  slotOf(id: number): number {
    return id < this.slots.length ? this.slots[id]! : -1;
  }
}

/**
 * Weights computed by the current `isfWeights`, by term number (term numbers
 * are small and dense, see terms.ts), valid where `weightStamps` holds
 * `weightGeneration`. One table for all comparisons: a page's candidates ask
 * for hundreds of thousands of weights, and the look-ups in a `Map` per
 * comparison were the largest self time in a profile of the stage
 * (docs/performance.md, "The rewritten stage, cheaper").
 */
let cachedWeights = new Float64Array(1024);
let weightStamps = new Uint32Array(1024);
let weightGeneration = 0;

/**
 * Inverse sentence frequency over the page and document sentences together:
 * terms in many sentences (the topic's own words) weigh little. The function
 * caches in the shared table while it is the newest one made, and computes
 * without it afterwards.
 */
function isfWeights(page: PreparedText, doc: PreparedText): (id: number) => number {
  const total = page.sentences.count + doc.sentences.count;
  if (weightGeneration === 0xffffffff) {
    weightStamps.fill(0);
    weightGeneration = 0;
  }
  const generation = ++weightGeneration;
  return (id) => {
    if (id < weightStamps.length && weightStamps[id] === generation) return cachedWeights[id]!;
    const frequency = (page.sentenceFrequency.get(id) ?? 0) + (doc.sentenceFrequency.get(id) ?? 0);
    const weight = Math.log(total / Math.max(1, frequency));
    if (generation === weightGeneration) {
      if (id >= weightStamps.length) growWeightTable(id + 1);
      cachedWeights[id] = weight;
      weightStamps[id] = generation;
    }
    return weight;
  };
}

/** Makes room in the weight table for term numbers below `size`, keeping what it holds. */
function growWeightTable(size: number): void {
  let capacity = weightStamps.length;
  while (capacity < size) capacity *= 2;
  const weights = new Float64Array(capacity);
  weights.set(cachedWeights);
  const stamps = new Uint32Array(capacity);
  stamps.set(weightStamps);
  cachedWeights = weights;
  weightStamps = stamps;
}

/** Euclidean norm of sentence `s`'s tf-isf vector. */
function sentenceNorm(text: PreparedText, s: number, isf: (id: number) => number): number {
  let sum = 0;
  for (let t = text.termStart[s]!; t < text.termStart[s + 1]!; t++) {
    const w = text.termCounts[t]! * isf(text.termIds[t]!);
    sum += w * w;
  }
  return Math.sqrt(sum);
}

/**
 * Sentence pairs passing both seed thresholds, in document sentence order.
 * Pairs passing only the lower diagonal thresholds go to `diagonal`, for
 * `diagonalSeeds`.
 */
function findSeeds(
  page: PageTerms,
  doc: PreparedText,
  isf: (id: number) => number,
  anchors: readonly Anchor[],
  foreign: readonly Anchor[],
  opts: RewriteOptions,
  diagonal: Seed[],
): Seed[] {
  // Words the page copied from other documents are not a rewrite of this one.
  const maskedPage = maskedSentences(page.prepared, foreign.length > 0 ? [...anchors, ...foreign] : anchors, 'page');
  const maskedDoc = maskedSentences(doc, anchors, 'doc');
  const pageText = page.prepared;
  const pageCount = pageText.sentences.count;
  const pageEnd = page.offset + pageCount;
  const { postingStart, postingSentences: sentences, postingCounts, postingLower } = page;
  const dot = new Float64Array(pageCount);
  const shared = new Uint16Array(pageCount);
  const sharedLower = new Uint16Array(pageCount);
  const pageNorm = new Float64Array(pageCount).fill(-1);
  const touched: number[] = [];
  const seeds: Seed[] = [];
  // Pairs that anchors touch are compared as bags; each page sentence's bag and each bag's
  // norm are made once for the whole document, not once per pair.
  const pageSentenceBags = new Map<number, TermBag>();
  const pageSentenceBag = (i: number): TermBag => {
    let bag = pageSentenceBags.get(i);
    if (!bag) {
      bag = sentenceBag(pageText, i);
      pageSentenceBags.set(i, bag);
    }
    return bag;
  };
  const norms = new Map<TermBag, number>();
  const normOf = (bag: TermBag): number => {
    let norm = norms.get(bag);
    if (norm === undefined) {
      norm = bagNorm(bag, isf);
      norms.set(bag, norm);
    }
    return norm;
  };
  for (let j = 0; j < doc.sentences.count; j++) {
    const from = doc.termStart[j]!;
    const to = doc.termStart[j + 1]!;
    if (to === from) continue;
    for (let t = from; t < to; t++) {
      const id = doc.termIds[t]!;
      const slot = page.slotOf(id);
      if (slot < 0) continue;
      const end = postingStart[slot + 1]!;
      // The postings cover the whole stretch the page range was cut from: a region's
      // search reads only its own sentences (see `firstAtLeast`), not the whole page's.
      let p = page.offset === 0 ? postingStart[slot]! : firstAtLeast(sentences, page.offset, postingStart[slot]!, end);
      if (p === end || sentences[p]! >= pageEnd) continue;
      const weight = isf(id);
      const docWeight = doc.termCounts[t]! * weight;
      const docLower = doc.termLower[t]!;
      for (; p < end && sentences[p]! < pageEnd; p++) {
        const i = sentences[p]! - page.offset;
        if (shared[i] === 0) touched.push(i);
        shared[i]!++;
        sharedLower[i]! += docLower & postingLower[p]!;
        dot[i] = dot[i]! + postingCounts[p]! * weight * docWeight;
      }
    }
    let docNorm = -1;
    const docTerms = to - from;
    const docBag = maskedDoc.get(j);
    let docSentence: TermBag | undefined;
    // Dice and shared words at the lowest of the thresholds, needed by any seed.
    const minDice = Math.min(opts.seedDice, opts.summarySeedDice, opts.diagonalDice);
    const minShared = Math.min(opts.seedSharedWords, opts.diagonalSharedWords);
    for (const i of touched) {
      const pageBag = maskedPage.get(i);
      let measures: PairMeasures;
      if (pageBag || docBag) {
        // Slow path, only for sentences anchors touch: compare what they leave uncovered.
        measures = compareBags(pageBag ?? pageSentenceBag(i), docBag ?? (docSentence ??= sentenceBag(doc, j)), isf, normOf);
      } else {
        // Most sentence pairs share a word or two: rule them out before computing norms.
        const pageTerms = pageText.termStart[i + 1]! - pageText.termStart[i]!;
        if (sharedLower[i]! < minShared || (2 * shared[i]!) / (pageTerms + docTerms) <= minDice) {
          dot[i] = 0;
          shared[i] = 0;
          sharedLower[i] = 0;
          continue;
        }
        if (docNorm < 0) docNorm = sentenceNorm(doc, j, isf);
        if (pageNorm[i]! < 0) pageNorm[i] = sentenceNorm(pageText, i, isf);
        measures = {
          dot: dot[i]!,
          shared: shared[i]!,
          sharedLower: sharedLower[i]!,
          pageNorm: pageNorm[i]!,
          docNorm,
          pageTerms,
          docTerms,
        };
      }
      // The relaxed threshold holds only where anchors touch both sentences: a page
      // sentence of its own against a partly copied source sentence needs the full one.
      const anchored = pageBag !== undefined && docBag !== undefined;
      // Only read for pairs that pass a threshold, which needs both norms positive.
      const cosine = measures.dot / (measures.pageNorm * measures.docNorm);
      if (isSeed(measures, opts.summarySeedCosine, opts.summarySeedDice, opts, anchored)) {
        seeds.push({ page: i, doc: j, fresh: true, strict: isSeed(measures, opts.seedCosine, opts.seedDice, opts, anchored), anchor: -1, cosine });
      } else if (resembles(measures, opts.diagonalCosine, opts.diagonalDice, opts.diagonalSharedWords)) {
        diagonal.push({ page: i, doc: j, fresh: true, strict: true, anchor: -1, cosine });
      }
      dot[i] = 0;
      shared[i] = 0;
      sharedLower[i] = 0;
    }
    touched.length = 0;
  }
  return seeds;
}

/** Terms of a piece of text: count and whether written in lower case somewhere. */
type TermBag = Map<number, { count: number; lower: number }>;

/** What seeding needs of a page sentence against a document sentence. */
interface PairMeasures {
  /** Dot product of the tf-isf vectors. */
  dot: number;
  shared: number;
  sharedLower: number;
  /** Norms of the two tf-isf vectors. */
  pageNorm: number;
  docNorm: number;
  /** Distinct terms on each side. */
  pageTerms: number;
  docTerms: number;
}

function isSeed(m: PairMeasures, cosine: number, dice: number, opts: RewriteOptions, masked: boolean): boolean {
  return resembles(m, cosine, dice, masked ? opts.anchoredSeedSharedWords : opts.seedSharedWords);
}

/** Whether two term bags compared by `compareBags` pass a tf-isf cosine, a Dice coefficient and a count of shared lower-case terms. */
function resembles(m: PairMeasures, cosine: number, dice: number, sharedWords: number): boolean {
  const norms = m.pageNorm * m.docNorm;
  return (2 * m.shared) / (m.pageTerms + m.docTerms) > dice && m.sharedLower >= sharedWords && norms > 0 && m.dot / norms > cosine;
}

function bagNorm(bag: TermBag, isf: (id: number) => number): number {
  let sum = 0;
  for (const [id, entry] of bag) sum += (entry.count * isf(id)) ** 2;
  return Math.sqrt(sum);
}

/** `PairMeasures` of two bags of terms; `norm` gives a bag's tf-isf norm (`bagNorm`, or a cache of it). */
function compareBags(page: TermBag, doc: TermBag, isf: (id: number) => number, norm = (bag: TermBag): number => bagNorm(bag, isf)): PairMeasures {
  const m: PairMeasures = {
    dot: 0,
    shared: 0,
    sharedLower: 0,
    pageNorm: norm(page),
    docNorm: norm(doc),
    pageTerms: page.size,
    docTerms: doc.size,
  };
  for (const [id, entry] of page) {
    const other = doc.get(id);
    if (!other) continue;
    const w = isf(id);
    m.dot += entry.count * other.count * w * w;
    m.shared++;
    m.sharedLower += entry.lower & other.lower;
  }
  return m;
}

/** The terms of words `[from, to)` of `text`, leaving out words for which `skip` holds. */
function bagOf(text: PreparedText, from: number, to: number, skip: (start: number, end: number) => boolean): TermBag {
  const bag: TermBag = new Map();
  const { tokens, wordTerms, wordLower } = text;
  for (let i = from; i < to; i++) {
    const id = wordTerms[i]!;
    if (id < 0 || skip(tokens.starts[i]!, tokens.ends[i]!)) continue;
    const lower = wordLower[i]!;
    const entry = bag.get(id);
    if (entry) {
      entry.count++;
      entry.lower |= lower;
    } else {
      bag.set(id, { count: 1, lower });
    }
  }
  return bag;
}

/** The terms of sentence `s` of `text`. */
function sentenceBag(text: PreparedText, s: number): TermBag {
  return bagOf(text, text.sentences.firstWord[s]!, text.sentences.endWord[s]!, () => false);
}

/**
 * Sentences of one side that anchors partly cover, as bags of the terms of
 * their words outside the anchors. A sentence that joins a copied sentence to
 * the page's own words (a missed sentence boundary), or a heavily edited
 * sentence with a copied run in it, must seed on what the copied spans do not
 * already show, compared with what they do not show on the other side.
 */
function maskedSentences(text: PreparedText, anchors: readonly Anchor[], side: Axis): Map<number, TermBag> {
  const masked = new Map<number, TermBag>();
  const startOf = (a: Anchor): number => (side === 'page' ? a.pageStart : a.docStart);
  const endOf = (a: Anchor): number => (side === 'page' ? a.pageEnd : a.docEnd);
  // The anchors' ranges merged, in order, so each word is looked up in log time: on
  // a long page with many copied passages, every word of their sentences is asked.
  const ranges: [number, number][] = [];
  for (const a of [...anchors].sort((x, y) => startOf(x) - startOf(y))) {
    const last = ranges[ranges.length - 1];
    if (last && startOf(a) <= last[1]) last[1] = Math.max(last[1], endOf(a));
    else ranges.push([startOf(a), endOf(a)]);
  }
  const covered = (start: number, end: number): boolean => {
    let lo = 0;
    let hi = ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ranges[mid]![1] <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo < ranges.length && ranges[lo]![0] < end;
  };
  for (const anchor of anchors) {
    const first = sentenceAt(text, startOf(anchor));
    const last = sentenceAt(text, Math.max(startOf(anchor), endOf(anchor) - 1));
    for (let s = first; s <= last; s++) {
      if (!masked.has(s)) masked.set(s, bagOf(text, text.sentences.firstWord[s]!, text.sentences.endWord[s]!, covered));
    }
  }
  return masked;
}

type Axis = 'page' | 'doc';

/** Splits `seeds` where consecutive seeds along `axis` are more than `gap` sentences apart. */
function splitAlong(seeds: Seed[], axis: Axis, gap: number): Seed[][] {
  const other: Axis = axis === 'page' ? 'doc' : 'page';
  const sorted = [...seeds].sort((a, b) => a[axis] - b[axis] || a[other] - b[other]);
  const parts: Seed[][] = [];
  let current: Seed[] = [];
  for (const seed of sorted) {
    const last = current[current.length - 1];
    if (last && seed[axis] - last[axis] - 1 > gap) {
      parts.push(current);
      current = [];
    }
    current.push(seed);
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/**
 * Clusters seeds: split along one axis, then each part along the other, until
 * a split along either axis changes nothing.
 */
function clusterSeeds(seeds: Seed[], pageGap: number, docGap: number, axis: Axis = 'page', otherStable = false): Seed[][] {
  const parts = splitAlong(seeds, axis, axis === 'page' ? pageGap : docGap);
  const next: Axis = axis === 'page' ? 'doc' : 'page';
  if (parts.length === 1) return otherStable ? parts : clusterSeeds(seeds, pageGap, docGap, next, true);
  return parts.flatMap((part) => clusterSeeds(part, pageGap, docGap, next, false));
}

/** What `fragmentSimilarity` measures of two fragments. */
interface FragmentSimilarity {
  cosine: number;
  /** Share of the page fragment's tf-isf weight (squared) in terms the source fragment has too. */
  containment: number;
  /** Distinct terms both fragments have; of them, those in lower case on both sides, and on either side. */
  shared: number;
  sharedLower: number;
  sharedEither: number;
}

/** tf-isf cosine of page sentences `[pageFirst, pageLast]` and document sentences `[docFirst, docLast]`, and their shared terms. */
function fragmentSimilarity(
  page: PreparedText,
  doc: PreparedText,
  pageFirst: number,
  pageLast: number,
  docFirst: number,
  docLast: number,
  isf: (id: number) => number,
): FragmentSimilarity {
  const collect = (text: PreparedText, first: number, last: number): Map<number, { count: number; lower: number }> => {
    const terms = new Map<number, { count: number; lower: number }>();
    for (let t = text.termStart[first]!; t < text.termStart[last + 1]!; t++) {
      const id = text.termIds[t]!;
      const entry = terms.get(id);
      if (entry) {
        entry.count += text.termCounts[t]!;
        entry.lower |= text.termLower[t]!;
      } else {
        terms.set(id, { count: text.termCounts[t]!, lower: text.termLower[t]! });
      }
    }
    return terms;
  };
  const a = collect(page, pageFirst, pageLast);
  const b = collect(doc, docFirst, docLast);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  let shared = 0;
  let sharedLower = 0;
  let sharedEither = 0;
  let contained = 0;
  for (const [id, entry] of a) {
    const w = isf(id);
    normA += (entry.count * w) ** 2;
    const other = b.get(id);
    if (other) {
      contained += (entry.count * w) ** 2;
      dot += entry.count * other.count * w * w;
      shared++;
      if (entry.lower && other.lower) sharedLower++;
      if (entry.lower || other.lower) sharedEither++;
    }
  }
  for (const [id, entry] of b) normB += (entry.count * isf(id)) ** 2;
  const norms = Math.sqrt(normA) * Math.sqrt(normB);
  return { cosine: norms > 0 ? dot / norms : 0, containment: normA > 0 ? contained / normA : 0, shared, sharedLower, sharedEither };
}

/**
 * The first and last words of a fragment, sentences `[first, last]` of `text`,
 * trimmed to words whose terms occur in the sentences seeded with its first
 * and last sentence on the other side (`other`). Reused text rarely starts and
 * ends on sentence boundaries of the page: the page's own words before and
 * after it, in the same sentence, are not part of the passage.
 */
function trimmedWords(
  text: PreparedText,
  other: PreparedText,
  cluster: readonly Seed[],
  first: number,
  last: number,
  side: Axis,
): { first: number; last: number } {
  const otherSide: Axis = side === 'page' ? 'doc' : 'page';
  const partnerTerms = (sentence: number): Set<number> => {
    const terms = new Set<number>();
    for (const seed of cluster) {
      if (seed[side] !== sentence) continue;
      const s = seed[otherSide];
      for (let t = other.termStart[s]!; t < other.termStart[s + 1]!; t++) terms.add(other.termIds[t]!);
    }
    return terms;
  };
  const { firstWord, endWord } = text.sentences;
  let from = firstWord[first]!;
  const startTerms = partnerTerms(first);
  while (from < endWord[first]! - 1 && !startTerms.has(text.wordTerms[from]!)) from++;
  let to = endWord[last]! - 1;
  const endTerms = partnerTerms(last);
  while (to > firstWord[last]! && !endTerms.has(text.wordTerms[to]!)) to--;
  // A one-sentence fragment trimmed from both ends past itself: keep the whole sentence.
  if (to < from) return { first: firstWord[first]!, last: endWord[last]! - 1 };
  return { first: from, last: to };
}

/**
 * Turns clusters into passages, re-clustering with a smaller gap any cluster
 * whose fragments are not similar enough as wholes.
 */
function extend(seeds: Seed[], pageGap: number, docGap: number, summary: boolean, context: Context): RewrittenPassage[] {
  const { page, doc, opts } = context;
  const passages: RewrittenPassage[] = [];
  for (const found of clusterSeeds(seeds, pageGap, docGap)) {
    // A summary sentence draws on source sentences far apart; in general passages a
    // page sentence's far partners only share its subject.
    const cluster = summary ? found : nearClosestPartner(found);
    // Too few seeds for a summary passage: re-clustered at smaller gaps, its parts have fewer still.
    if (summary && cluster.length < opts.summaryMinSeeds) continue;
    let pageFirst = Infinity;
    let pageLast = -1;
    let docFirst = Infinity;
    let docLast = -1;
    for (const seed of cluster) {
      pageFirst = Math.min(pageFirst, seed.page);
      pageLast = Math.max(pageLast, seed.page);
      docFirst = Math.min(docFirst, seed.doc);
      docLast = Math.max(docLast, seed.doc);
    }
    const similarity = similarityOf(context, pageFirst, pageLast, docFirst, docLast);
    const valid = summary
      ? similarity.containment >= opts.summaryContainment
      : similarity.cosine >= (isEditedOnly(cluster, context) ? opts.editedPassageCosine : opts.minPassageCosine);
    if (!valid) {
      // One seed re-clusters to itself at every gap, with the same bounds and the same verdict.
      if (cluster.length > 1 && (pageGap > 0 || docGap > 0)) {
        passages.push(...extend(cluster, Math.max(0, pageGap - 1), Math.max(0, docGap - 1), summary, context));
      }
      continue;
    }
    if (similarity.sharedLower < opts.minSharedBothWords || similarity.sharedEither < opts.minSharedWords) continue;
    // Passages made only of copied sentences are the copied spans' to show, unless
    // they join copied fragments with rewritten text (see joinsAnchors)…
    const fresh = cluster.some((seed) => seed.fresh) || joinsAnchors(cluster, pageFirst, pageLast, docFirst, docLast, context);
    // …or the copied runs were edited themselves, so the text around them may be reworded
    // too: they stand only if a sentence next to them resembles its source (growEdges) or
    // they are pieces of one reworked passage (joinsEdited). A verbatim copy's neighbours
    // are the page's own.
    const edited = !fresh && !summary && isEditedOnly(cluster, context);
    if (!fresh && !edited) continue;
    if (fresh && cluster.length === 1 && similarity.cosine < opts.singleSeedCosine) continue;
    const grown = growEdges(cluster, pageFirst, pageLast, docFirst, docLast, context, summary ? Infinity : opts.growthRatio, !summary);
    if (!fresh && grown.seeds.length === 0 && !joinsEdited(cluster, pageFirst, pageLast, docFirst, docLast, context)) continue;
    cluster.push(...grown.seeds);
    ({ pageFirst, pageLast, docFirst, docLast } = grown);
    const pageWords = trimmedWords(page, doc, cluster, pageFirst, pageLast, 'page');
    const docWords = trimmedWords(doc, page, cluster, docFirst, docLast, 'doc');
    passages.push({
      pageFirstSentence: pageFirst,
      pageLastSentence: pageLast,
      docFirstSentence: docFirst,
      docLastSentence: docLast,
      pageStart: page.tokens.starts[pageWords.first]!,
      pageEnd: page.tokens.ends[pageWords.last]!,
      docStart: doc.tokens.starts[docWords.first]!,
      docEnd: doc.tokens.ends[docWords.last]!,
      similarity: similarity.cosine,
      sharedTerms: similarity.shared,
      seeds: cluster.length,
      // Tested only where it can matter (see RewrittenPassage.aligned): it compares every sentence pair of the passage.
      aligned: similarity.cosine < opts.unpromptedCosine && alignsSentences(pageFirst, pageLast, docFirst, docLast, context),
    });
  }
  return passages;
}

/** Whether every seed of `cluster` comes from an edited copy (an anchor of similarity under `editedAnchorSimilarity`). */
function isEditedOnly(cluster: readonly Seed[], context: Context): boolean {
  return cluster.every((seed) => !seed.fresh && (context.anchors[seed.anchor]!.similarity ?? 1) < context.opts.editedAnchorSimilarity);
}

/** Source sentences either side of a page sentence's closest partner that its other partners may be (see `nearClosestPartner`). */
const PARTNER_REACH = 1;

/**
 * `cluster` less the pairs found by comparing sentences whose source sentence
 * is more than `PARTNER_REACH` sentences from the closest partner (highest
 * cosine) of their page sentence. A page sentence that merges or splits
 * source sentences resembles neighbours of its closest partner; a far source
 * sentence it also resembles at the seed bar shares the subject, and only
 * stretched the source side past the reused text (or, for a passage found
 * away from the fingerprint hits, past `unpromptedRatio`).
 */
function nearClosestPartner(cluster: readonly Seed[]): Seed[] {
  const closest = new Map<number, Seed>();
  for (const seed of cluster) {
    if (!seed.fresh) continue;
    const current = closest.get(seed.page);
    if (!current || seed.cosine > current.cosine) closest.set(seed.page, seed);
  }
  return cluster.filter((seed) => !seed.fresh || Math.abs(seed.doc - closest.get(seed.page)!.doc) <= PARTNER_REACH);
}

/** Fragments with more sentences than this on either side are not tested by `alignsSentences` (a cost bound; they are not aligned). */
const MAX_ALIGNED_SENTENCES = 12;

/**
 * Whether page sentences `[pageFirst, pageLast]` and source sentences
 * `[docFirst, docLast]` correspond one by one: each sentence of either side
 * resembles one of the other at `edgeCosine`/`edgeDice`/`edgeSharedWords`,
 * and the page sentences' closest partners follow the source's order. A
 * translation or close paraphrase keeps its source's sentences and their
 * order; a page on the same subject resembles it here and there.
 */
function alignsSentences(pageFirst: number, pageLast: number, docFirst: number, docLast: number, context: Context): boolean {
  const { page, doc, isf, opts } = context;
  if (pageLast - pageFirst >= MAX_ALIGNED_SENTENCES || docLast - docFirst >= MAX_ALIGNED_SENTENCES) return false;
  const docBags: TermBag[] = [];
  for (let j = docFirst; j <= docLast; j++) docBags.push(sentenceBag(doc, j));
  const docMatched = new Uint8Array(docBags.length);
  let previous = -1;
  for (let i = pageFirst; i <= pageLast; i++) {
    const pageBag = sentenceBag(page, i);
    let best = -1;
    let bestCosine = -1;
    for (const [j, docBag] of docBags.entries()) {
      const m = compareBags(pageBag, docBag, isf);
      if (!resembles(m, opts.edgeCosine, opts.edgeDice, opts.edgeSharedWords)) continue;
      docMatched[j] = 1;
      const cosine = m.dot / (m.pageNorm * m.docNorm);
      if (cosine > bestCosine) {
        bestCosine = cosine;
        best = j;
      }
    }
    if (best < 0 || best < previous) return false;
    previous = best;
  }
  return docMatched.every((matched) => matched === 1);
}

/** Sentences either side of a fragment's edge searched for an edge sentence's partner. */
const EDGE_REACH = 1;

/**
 * Grows a passage's edges sentence by sentence: a page sentence just before or
 * after the page fragment joins it when it resembles a source sentence at or
 * next to either end of the source fragment at the lower `edgeCosine`/
 * `edgeDice`, and the same for source sentences; in both passes (a summary's
 * page side loses its edge sentences the same way). Inside a passage already shown reused, a
 * neighbouring sentence needs less evidence than a seed found on its own;
 * heavily edited reuse loses its first and last sentences to the seed
 * thresholds otherwise. A side grows only while its words stay within
 * `maxRatio` times the other side's. In `general` passages a source
 * sentence joins only at `sourceEdgeSimilarity`, and one before the source
 * fragment looks for its partner only around the page fragment's first
 * sentence, one after it only around the last: a reworded passage keeps its
 * source's order at its edges, while the source sentences either side of
 * the reused text share its subject and so resemble some page sentence of
 * the passage at the low edge bar, at whichever end (measured on PAN's
 * translated cases: the source sentences edge growth added before a passage
 * lay outside the reused text two times in three). Page sentences still
 * look at both ends (held to the same order, they cost recall on heavily
 * edited reuse, which moves words across sentences), and a summary draws on
 * its source in any order. Returns the new seeds and ranges.
 */
function growEdges(
  cluster: readonly Seed[],
  pageFirst: number,
  pageLast: number,
  docFirst: number,
  docLast: number,
  context: Context,
  maxRatio: number,
  general: boolean,
): { seeds: Seed[]; pageFirst: number; pageLast: number; docFirst: number; docLast: number } {
  const { page, doc, isf, opts } = context;
  const seeds: Seed[] = [];
  // Each sentence's bag is built once: an edge sentence is compared with up to six sentences, again on every round.
  const bags = { page: new Map<number, TermBag>(), doc: new Map<number, TermBag>() };
  const whole = (side: Axis, s: number): TermBag => {
    let bag = bags[side].get(s);
    if (!bag) {
      bag = sentenceBag(side === 'page' ? page : doc, s);
      bags[side].set(s, bag);
    }
    return bag;
  };
  // Whether page sentence `i` and source sentence `j` resemble at the edge bar of the side growing (`side`).
  const edgePair = (i: number, j: number, side: Axis): boolean => {
    const m = compareBags(whole('page', i), whole('doc', j), isf);
    if (general && side === 'doc') return resembles(m, opts.sourceEdgeSimilarity, opts.sourceEdgeSimilarity, opts.edgeSharedWords);
    return resembles(m, opts.edgeCosine, opts.edgeDice, opts.edgeSharedWords);
  };
  // A partner of sentence `s` of one side at or next to either edge of the other side's fragment `[first, last]`, or -1:
  // reuse that lost its first sentence on one side mostly lost its counterpart on the other.
  const partner = (side: Axis, s: number, first: number, last: number): number => {
    const count = side === 'page' ? doc.sentences.count : page.sentences.count;
    const near = new Set<number>();
    // A source sentence's side of the source fragment: which end of the page fragment it may pair with, in order.
    const before = side === 'doc' && s < docFirst;
    const after = side === 'doc' && s > docLast;
    for (let d = -EDGE_REACH; d <= EDGE_REACH; d++) {
      if (!(general && after) && first + d >= 0 && first + d < count) near.add(first + d);
      if (!(general && before) && last + d >= 0 && last + d < count) near.add(last + d);
    }
    for (const o of near) if (side === 'page' ? edgePair(s, o, side) : edgePair(o, s, side)) return o;
    return -1;
  };
  let grew = true;
  while (grew) {
    grew = false;
    const tries: [Axis, number][] = [
      ['page', pageFirst - 1],
      ['page', pageLast + 1],
      ['doc', docFirst - 1],
      ['doc', docLast + 1],
    ];
    for (const [side, s] of tries) {
      if (s < 0 || s >= (side === 'page' ? page : doc).sentences.count) continue;
      const pageWords = wordsOf(page, side === 'page' ? Math.min(pageFirst, s) : pageFirst, side === 'page' ? Math.max(pageLast, s) : pageLast);
      const docWords = wordsOf(doc, side === 'doc' ? Math.min(docFirst, s) : docFirst, side === 'doc' ? Math.max(docLast, s) : docLast);
      if (side === 'page' ? pageWords > maxRatio * docWords : docWords > maxRatio * pageWords) continue;
      const o = side === 'page' ? partner('page', s, docFirst, docLast) : partner('doc', s, pageFirst, pageLast);
      if (o < 0) continue;
      const seed: Seed = side === 'page' ? { page: s, doc: o, fresh: true, strict: true, anchor: -1, cosine: 0 } : { page: o, doc: s, fresh: true, strict: true, anchor: -1, cosine: 0 };
      seeds.push(seed);
      pageFirst = Math.min(pageFirst, seed.page);
      pageLast = Math.max(pageLast, seed.page);
      docFirst = Math.min(docFirst, seed.doc);
      docLast = Math.max(docLast, seed.doc);
      grew = true;
    }
  }
  return { seeds, pageFirst, pageLast, docFirst, docLast };
}

/** Words of sentences `[first, last]` of `text`. */
function wordsOf(text: PreparedText, first: number, last: number): number {
  return text.sentences.endWord[last]! - text.sentences.firstWord[first]!;
}

/** What extension reads besides the seeds. */
interface Context {
  page: PreparedText;
  doc: PreparedText;
  isf: (id: number) => number;
  opts: RewriteOptions;
  anchors: readonly Anchor[];
  /** Page passages copied from other documents. */
  foreign: readonly Anchor[];
  /** `fragmentSimilarity` by fragment bounds: re-clustering at smaller gaps asks for the same fragments again. */
  similarities: Map<string, FragmentSimilarity>;
}

/** `fragmentSimilarity` of the fragments, computed once per comparison. */
function similarityOf(context: Context, pageFirst: number, pageLast: number, docFirst: number, docLast: number): FragmentSimilarity {
  const key = `${pageFirst} ${pageLast} ${docFirst} ${docLast}`;
  let similarity = context.similarities.get(key);
  if (!similarity) {
    similarity = fragmentSimilarity(context.page, context.doc, pageFirst, pageLast, docFirst, docLast, context.isf);
    context.similarities.set(key, similarity);
  }
  return similarity;
}

/** The copied fragments a cluster's anchor seeds come from, in page order. */
function fragmentsOf(cluster: readonly Seed[], anchors: readonly Anchor[]): Anchor[] {
  return [...new Set(cluster.map((seed) => seed.anchor))].map((a) => anchors[a]!).sort((a, b) => a.pageStart - b.pageStart);
}

/**
 * Whether `fragments` (in page order) are two or more pieces of one passage,
 * apart on both sides: overlapping fragments are one passage found twice
 * (repeated on the page or in the source), not two pieces of one.
 */
function apart(fragments: readonly Anchor[]): boolean {
  if (fragments.length < 2) return false;
  for (let i = 1; i < fragments.length; i++) {
    const [a, b] = [fragments[i - 1]!, fragments[i]!];
    if (b.pageStart < a.pageEnd || (a.docStart < b.docEnd && b.docStart < a.docEnd)) return false;
  }
  return true;
}

/**
 * `PairMeasures` of the words of page sentences `[pageFirst, pageLast]` and
 * source sentences `[docFirst, docLast]` that `fragments` leave uncovered
 * (on the page, passages copied from other documents are left out too).
 */
function uncoveredMeasures(fragments: readonly Anchor[], pageFirst: number, pageLast: number, docFirst: number, docLast: number, context: Context): PairMeasures {
  const { page, doc, isf, foreign } = context;
  const overlaps = (spans: readonly Anchor[], start: number, end: number, side: Axis): boolean =>
    spans.some((a) => (side === 'page' ? start < a.pageEnd && a.pageStart < end : start < a.docEnd && a.docStart < end));
  const pageBag = bagOf(page, page.sentences.firstWord[pageFirst]!, page.sentences.endWord[pageLast]!, (start, end) => overlaps(fragments, start, end, 'page') || overlaps(foreign, start, end, 'page'));
  const docBag = bagOf(doc, doc.sentences.firstWord[docFirst]!, doc.sentences.endWord[docLast]!, (start, end) => overlaps(fragments, start, end, 'doc'));
  return compareBags(pageBag, docBag, isf);
}

/**
 * Whether a cluster of anchors alone (copied fragments, no sentence pair
 * passing the seed thresholds) is one reused passage: it holds at least two
 * copied fragments, apart on both sides, and the words of its sentences that
 * no fragment covers (nor a passage the page copied from another document)
 * share terms and have a tf-isf cosine of `joinSimilarity`. Heavily edited
 * reuse keeps a few copied runs inside reworded and shuffled sentences: one
 * passage, not a detection per run. Two copied sentences side by side, or
 * copied sentences around the page's own prose, leave nothing alike uncovered
 * and stay apart.
 */
function joinsAnchors(cluster: readonly Seed[], pageFirst: number, pageLast: number, docFirst: number, docLast: number, context: Context): boolean {
  const fragments = fragmentsOf(cluster, context.anchors);
  if (!apart(fragments)) return false;
  // Every page sentence of the cluster holds a copied fragment: a sentence of the page's own between copied ones is not part of them.
  const held = new Set(cluster.map((seed) => seed.page));
  for (let s = pageFirst; s <= pageLast; s++) if (!held.has(s)) return false;
  const m = uncoveredMeasures(fragments, pageFirst, pageLast, docFirst, docLast, context);
  const norms = m.pageNorm * m.docNorm;
  return m.shared > 0 && norms > 0 && m.dot / norms >= context.opts.joinSimilarity;
}

/**
 * Whether a cluster of edited copies alone (see `editedAnchorSimilarity`)
 * that no sentence next to it grows is one reworked passage all the same:
 * - two fragments or more, apart on both sides, every page sentence between
 *   them holding one or resembling a source sentence of the cluster at the
 *   edge bar (`edgeCosine`, `edgeDice`, `edgeSharedWords`): a passage
 *   reworked throughout keeps a few edited runs, and is one detection, not one
 *   per run; edited copies around the page's own prose stay apart;
 * - or one fragment (or one found twice) whose sentences' words outside it
 *   share wording (`edgeSharedWords` lower-case terms) with its source
 *   sentences' words outside it: the rewording goes on past the run the
 *   fingerprints could align, so the passage is its sentences (trimmed to
 *   their partners' terms), not the run. A copy covering its whole sentence
 *   leaves nothing to share and stays the copied span's to show.
 */
function joinsEdited(cluster: readonly Seed[], pageFirst: number, pageLast: number, docFirst: number, docLast: number, context: Context): boolean {
  const { page, doc, isf, opts } = context;
  const fragments = fragmentsOf(cluster, context.anchors);
  if (!apart(fragments)) {
    const m = uncoveredMeasures(fragments, pageFirst, pageLast, docFirst, docLast, context);
    return m.sharedLower >= opts.edgeSharedWords && m.dot > 0;
  }
  const held = new Set(cluster.map((seed) => seed.page));
  for (let i = pageFirst; i <= pageLast; i++) {
    if (held.has(i)) continue;
    const pageBag = sentenceBag(page, i);
    let resembling = false;
    for (let j = docFirst; j <= docLast && !resembling; j++) {
      resembling = resembles(compareBags(pageBag, sentenceBag(doc, j), isf), opts.edgeCosine, opts.edgeDice, opts.edgeSharedWords);
    }
    if (!resembling) return false;
  }
  return true;
}

/**
 * Keeps passages long enough on both sides (or resting on `shortPassageSeeds`
 * sentence pairs) and, of passages overlapping on the page, the one with the
 * most seeds (then the most similar): one reused passage, one detection.
 */
function filterPassages(passages: RewrittenPassage[], opts: RewriteOptions): RewrittenPassage[] {
  const supported = (p: RewrittenPassage): boolean =>
    p.seeds >= opts.shortPassageSeeds && p.pageLastSentence > p.pageFirstSentence && p.docLastSentence > p.docFirstSentence;
  const long = passages.filter((p) => (p.pageEnd - p.pageStart >= opts.minChars && p.docEnd - p.docStart >= opts.minChars) || supported(p));
  long.sort((a, b) => b.seeds - a.seeds || b.similarity - a.similarity || a.pageStart - b.pageStart);
  const kept: RewrittenPassage[] = [];
  for (const passage of long) {
    if (kept.some((k) => k.pageStart < passage.pageEnd && passage.pageStart < k.pageEnd)) continue;
    kept.push(passage);
  }
  return mergeNeighbours(kept.sort((a, b) => a.pageStart - b.pageStart));
}

/** Two passages closer than this share of the shorter one's length, on both sides, are one passage. */
const MERGE_GAP_SHARE = 0.5;

/**
 * Joins consecutive passages (page order) that follow each other in the source
 * too, with gaps small relative to their sizes on both sides: one reused
 * passage cut in two by a sentence the seeding missed is one detection.
 */
function mergeNeighbours(passages: RewrittenPassage[]): RewrittenPassage[] {
  return joinWhere(passages, (last, passage) => {
    const pageGap = passage.pageStart - last.pageEnd;
    const docGap = passage.docStart - last.docEnd;
    const pageLimit = MERGE_GAP_SHARE * Math.min(last.pageEnd - last.pageStart, passage.pageEnd - passage.pageStart);
    const docLimit = MERGE_GAP_SHARE * Math.min(last.docEnd - last.docStart, passage.docEnd - passage.docStart);
    return pageGap <= pageLimit && docGap >= -docLimit && docGap <= docLimit;
  });
}

/**
 * Joins condensations (the summary pass's passages, in page order, not
 * overlapping) on consecutive page sentences, wherever their source sides
 * are, and with them `copied` (copied fragments of the same document as
 * passages, see `copiedPieces`) on the page sentences next to them. A
 * summary's sentences follow one another on the page while the source parts
 * they condense, or quote word for word, lie anywhere in the source: the
 * summary clustering's source gap (`summarySourceGap`), which keeps far source
 * sentences that share only the subject out of one cluster, split such a
 * summary into pieces, each a valid condensation, or left out a sentence it
 * quotes from a far part, and one summary was then several detections. Only
 * next sentences: page text between them may be the page's own. Copied
 * fragments join only through a condensation; alone they stay the copied
 * spans' to show.
 */
export function mergeCondensations(passages: readonly RewrittenPassage[], copied: readonly RewrittenPassage[] = []): RewrittenPassage[] {
  const outside = copied.filter((c) => !passages.some((p) => p.pageFirstSentence <= c.pageLastSentence && c.pageFirstSentence <= p.pageLastSentence));
  const pieces = [...passages, ...outside].sort((x, y) => x.pageStart - y.pageStart);
  const joined = joinWhere(pieces, (last, passage) => passage.pageFirstSentence <= last.pageLastSentence + 1);
  return joined.filter((j) => passages.some((p) => j.pageStart <= p.pageStart && p.pageEnd <= j.pageEnd));
}

/** Copied fragments (`anchors`) as passages over the page and source sentences they touch, for `mergeCondensations`. */
function copiedPieces(anchors: readonly Anchor[], page: PreparedText, doc: PreparedText): RewrittenPassage[] {
  return anchors.map((a) => ({
    pageFirstSentence: sentenceAt(page, a.pageStart),
    pageLastSentence: sentenceAt(page, Math.max(a.pageStart, a.pageEnd - 1)),
    docFirstSentence: sentenceAt(doc, a.docStart),
    docLastSentence: sentenceAt(doc, Math.max(a.docStart, a.docEnd - 1)),
    pageStart: a.pageStart,
    pageEnd: a.pageEnd,
    docStart: a.docStart,
    docEnd: a.docEnd,
    similarity: 0,
    sharedTerms: 0,
    seeds: 1,
    aligned: false,
  }));
}

/** Joins each passage (in page order) to the one before it, as merged so far, when `joins` holds for the two. */
function joinWhere(passages: readonly RewrittenPassage[], joins: (last: RewrittenPassage, passage: RewrittenPassage) => boolean): RewrittenPassage[] {
  const merged: RewrittenPassage[] = [];
  for (const passage of passages) {
    const last = merged[merged.length - 1];
    if (last && joins(last, passage)) {
      merged[merged.length - 1] = {
        ...last,
        pageLastSentence: Math.max(last.pageLastSentence, passage.pageLastSentence),
        docFirstSentence: Math.min(last.docFirstSentence, passage.docFirstSentence),
        docLastSentence: Math.max(last.docLastSentence, passage.docLastSentence),
        pageEnd: Math.max(last.pageEnd, passage.pageEnd),
        docStart: Math.min(last.docStart, passage.docStart),
        docEnd: Math.max(last.docEnd, passage.docEnd),
        similarity: Math.max(last.similarity, passage.similarity),
        sharedTerms: Math.max(last.sharedTerms, passage.sharedTerms),
        seeds: last.seeds + passage.seeds,
        aligned: last.aligned && passage.aligned,
      };
    } else {
      merged.push(passage);
    }
  }
  return merged;
}

/** The highest similarity of `passages`, 0 for none. */
const strongest = (passages: readonly RewrittenPassage[]): number => passages.reduce((max, p) => Math.max(max, p.similarity), 0);

const characters = (passages: readonly RewrittenPassage[], side: 'page' | 'doc'): number =>
  passages.reduce((sum, p) => sum + (side === 'page' ? p.pageEnd - p.pageStart : p.docEnd - p.docStart), 0);

/** A passage already known to be reused (a copied span), in character offsets. */
export interface Anchor {
  pageStart: number;
  pageEnd: number;
  docStart: number;
  docEnd: number;
  /** How alike the two sides are, 0–1, when known (a copied span's Dice coefficient over words); unknown counts as 1. */
  similarity?: number;
}

/** Number of the sentence of `text` holding character `offset` (the last one starting at or before it). */
function sentenceAt(text: PreparedText, offset: number): number {
  const { firstWord } = text.sentences;
  let lo = 0;
  let hi = text.sentences.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (text.tokens.starts[firstWord[mid]!]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Seeds from anchors: each page sentence an anchor touches is paired with the
 * source sentences its part of the anchor maps to (at the same relative
 * positions), so copied fragments join the rewritten text around them in one
 * passage even where a sentence pair alone would not pass the seed
 * thresholds. A page sentence may merge two source sentences, or the copy run
 * over a source boundary the page dropped: pairing it with the first source
 * sentence only left the others out of the passage, and its fragments' cosine
 * as wholes too low.
 */
function anchorSeeds(anchors: readonly Anchor[], page: PreparedText, doc: PreparedText): Seed[] {
  const seeds: Seed[] = [];
  if (page.sentences.count === 0 || doc.sentences.count === 0) return seeds;
  for (const [a, anchor] of anchors.entries()) {
    const first = sentenceAt(page, anchor.pageStart);
    const last = sentenceAt(page, Math.max(anchor.pageStart, anchor.pageEnd - 1));
    const scale = (anchor.docEnd - anchor.docStart) / Math.max(1, anchor.pageEnd - anchor.pageStart);
    // The source offset the page offset `at` (inside the anchor) maps to.
    const mapped = (at: number): number => anchor.docStart + Math.round((at - anchor.pageStart) * scale);
    for (let i = first; i <= last; i++) {
      const sentenceStart = Math.max(anchor.pageStart, page.tokens.starts[page.sentences.firstWord[i]!]!);
      const sentenceEnd = Math.min(anchor.pageEnd, page.tokens.ends[page.sentences.endWord[i]! - 1]!);
      const from = sentenceAt(doc, mapped(sentenceStart));
      const to = Math.max(from, sentenceAt(doc, Math.max(anchor.docStart, mapped(sentenceEnd) - 1)));
      for (let j = from; j <= to; j++) seeds.push({ page: i, doc: j, fresh: false, strict: true, anchor: a, cosine: 0 });
    }
  }
  return seeds;
}

/**
 * The pairs of `diagonal` (passing only the lower diagonal thresholds) that
 * have a neighbour on the diagonal — the page sentence before paired with the
 * source sentence before, or after with after — among `seeds` (anchors' too)
 * or `diagonal` itself. Heavily reworded reuse keeps its sentences and their
 * order: a run of weakly similar pairs in step on both sides is reuse where
 * each pair alone is not, while a page on the same subject resembles the
 * source here and there, out of step. `docCount` is the number of source
 * sentences.
 */
function diagonalSeeds(diagonal: readonly Seed[], seeds: readonly Seed[], docCount: number): Seed[] {
  if (diagonal.length === 0) return [];
  // One number per pair; sentence -1 and one past the last (the neighbours of edge pairs) are numbered too.
  const key = (page: number, doc: number): number => (page + 1) * (docCount + 2) + doc + 1;
  const known = new Set<number>();
  for (const seed of seeds) known.add(key(seed.page, seed.doc));
  for (const pair of diagonal) known.add(key(pair.page, pair.doc));
  return diagonal.filter((pair) => known.has(key(pair.page - 1, pair.doc - 1)) || known.has(key(pair.page + 1, pair.doc + 1)));
}

/**
 * Passages of the page (prepared once as `page`) that rewrite passages of
 * `doc`, sorted by page offset and not overlapping on the page. `anchors`
 * (copied spans of the same document) count as seeds, and a passage needs a
 * seed sentence that they do not already cover or must join them (see
 * `joinsAnchors`). `foreign` (page passages copied from other documents) are
 * left out of the comparison: copied from elsewhere, they rewrite nothing here.
 */
export function findRewrittenPassages(
  page: PageTerms,
  doc: PreparedText,
  options: Partial<RewriteOptions> = {},
  anchors: readonly Anchor[] = [],
  foreign: readonly Anchor[] = [],
): RewrittenPassage[] {
  const opts = { ...DEFAULT_REWRITE_OPTIONS, ...options };
  const isf = isfWeights(page.prepared, doc);
  const diagonal: Seed[] = [];
  const seeds = findSeeds(page, doc, isf, anchors, foreign, opts, diagonal);
  seeds.push(...anchorSeeds(anchors, page.prepared, doc));
  seeds.push(...diagonalSeeds(diagonal, seeds, doc.sentences.count));
  if (seeds.length === 0) return [];
  const context: Context = { page: page.prepared, doc, isf, opts, anchors, foreign, similarities: new Map() };
  const strict = seeds.filter((seed) => seed.strict);
  const general = filterPassages(extend(strict, opts.maxGap, opts.maxGap, false, context), opts);
  const summary = filterPassages(extend(seeds, opts.summaryPageGap, opts.summarySourceGap, true, context), opts);
  // A condensation: the summary clustering found passages whose source side is
  // much longer than their page side, and they cover more than the general ones.
  const condensed = characters(summary, 'doc') >= opts.summaryRatio * characters(summary, 'page');
  // Unless the general passages explain (nearly) the same page text with source text of about its own length:
  // a translation or paraphrase, whose summary clustering only took in far source sentences.
  const paraphrase =
    characters(general, 'page') >= opts.paraphraseCover * characters(summary, 'page') &&
    characters(general, 'doc') <= opts.paraphraseRatio * characters(general, 'page') &&
    strongest(summary) < opts.paraphraseDilution * strongest(general);
  if (summary.length > 0 && condensed && !paraphrase && characters(summary, 'doc') > characters(general, 'doc')) return mergeCondensations(summary, copiedPieces(anchors, page.prepared, doc));
  return general;
}
