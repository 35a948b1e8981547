/**
 * Caps the candidate documents the matcher reads for any one stretch of a page.
 *
 * Against a large corpus a passage is often found in many documents: wire
 * copy reprinted by dozens of outlets, a press release quoted everywhere, a
 * stock phrase. Reading and aligning every one of them made a page against
 * 100,000 articles read hundreds of megabytes (docs/performance.md, "At
 * 100,000 articles"), and a card listing fifty outlets for one sentence helps
 * no reader. So, from the seed chains alone (before any document is read),
 * each page word keeps at most `limit` documents, those the card would list
 * first; the documents left out are counted per passage so the card can say
 * how many more articles share it.
 *
 * Pure: chain extents in, chosen documents and counts out.
 */
import { MAJOR_SOURCE_SHARE } from './passage-grouping';
import { firstAtLeast } from './sorted';

/** Telling seed chains of a page's candidate documents, in page words. */
export interface CandidateChains {
  /** Number of chains. */
  count: number;
  /** Candidate number of each chain's document (0 ≤ candidate < `candidates`). */
  candidate: Uint32Array;
  /** First page word of each chain. */
  pageFrom: Uint32Array;
  /** Page word just past each chain. */
  pageTo: Uint32Array;
}

/** Which candidates `chooseSources` keeps, and what it leaves out. */
export interface ChosenSources {
  /** 1 for each candidate kept. */
  kept: Uint8Array;
  /** Number of candidates kept. */
  keptCount: number;
  /**
   * Counts the candidates left out that have a chain centred in page words
   * `[from, to)`: documents that share phrases with a passage there and were
   * not compared with it.
   */
  leftOutIn(from: number, to: number): number;
}

/**
 * Chooses the candidates to read, ranking them as the hover card ranks a
 * passage's sources (`rankSources`, lib/passage-grouping.ts), so the sources
 * the card would list first are the ones read:
 *
 * - A candidate's chains that overlap on the page, or lie `joinGap` words
 *   apart or closer, are one stretch.
 * - A stretch is major when it is at least `MAJOR_SOURCE_SHARE` of the
 *   longest stretch over any of its words; major stretches come first.
 * - Among those, the earliest published document first (dated before
 *   undated): of wire copy reprinted word for word, the original. Then the
 *   longest stretch, the document with the most chained words on the whole
 *   page, the lower candidate number and the earlier stretch, so the choice
 *   does not depend on the order of input.
 * - In that order, a stretch's document is kept when more than half of the
 *   stretch's page words are covered by fewer than `limit` kept documents;
 *   every stretch of a kept document then counts as covering its words.
 *
 * A common phrase ("the prime minister said on Tuesday") found in thousands
 * of articles is so read in at most `limit` of them, and a passage reprinted
 * by dozens of outlets in `limit` of them, the original among them.
 */
export function chooseSources(chains: CandidateChains, options: ChooseSourcesOptions): ChosenSources {
  const { candidates, pageWords, limit, joinGap = 0, published = () => undefined } = options;
  const kept = new Uint8Array(candidates);
  if (limit <= 0 || candidates <= limit) {
    kept.fill(1);
    return { kept, keptCount: candidates, leftOutIn: () => 0 };
  }
  const { count, candidate, pageFrom, pageTo } = stretches(chains, joinGap);
  const from = (c: number): number => Math.min(pageFrom[c]!, pageWords);
  const to = (c: number): number => Math.min(pageTo[c]!, pageWords);
  const capped = Math.min(limit, 0xfffe);
  // Stretches over each page word (counted up to `limit` + 1) and the longest of them.
  const depth = new Uint16Array(pageWords + 1);
  const longest = new Uint32Array(pageWords + 1);
  for (let c = 0; c < count; c++) {
    const length = pageTo[c]! - pageFrom[c]!;
    for (let i = from(c), end = to(c); i < end; i++) {
      if (depth[i]! <= capped) depth[i]!++;
      if (longest[i]! < length) longest[i] = length;
    }
  }
  // A stretch no word of which has more than `limit` stretches is kept in any
  // order: only the others are ranked, which on most pages is a small share.
  let keptCount = 0;
  const contested: number[] = [];
  const cover = new Uint16Array(pageWords + 1);
  for (let c = 0; c < count; c++) {
    let crowded = false;
    for (let i = from(c), end = to(c); i < end && !crowded; i++) crowded = depth[i]! > capped;
    if (crowded) {
      contested.push(c);
      continue;
    }
    if (kept[candidate[c]!] === 0) {
      kept[candidate[c]!] = 1;
      keptCount++;
    }
    for (let i = from(c), end = to(c); i < end; i++) cover[i]!++;
  }
  // Ranking keys of the contested stretches: major or not, date, length, words chained in all.
  const major = new Uint8Array(count);
  const chained = new Float64Array(candidates);
  for (let c = 0; c < count; c++) chained[candidate[c]!]! += pageTo[c]! - pageFrom[c]!;
  for (const c of contested) {
    let reference = 0;
    for (let i = from(c), end = to(c); i < end; i++) reference = Math.max(reference, longest[i]!);
    major[c] = pageTo[c]! - pageFrom[c]! >= MAJOR_SOURCE_SHARE * reference ? 1 : 0;
  }
  const dateRank = rankByDate(contested.map((c) => candidate[c]!), candidates, published);
  // The first three keys packed in one number, so that most comparisons read
  // one value a side: a long page has thousands of contested stretches, and
  // the comparator was most of the choice. Each field fits its 26 bits (a date
  // rank is at most `candidates`, a length at most `pageWords`).
  const leading = new Float64Array(count);
  for (const c of contested) {
    const length = Math.min(pageTo[c]! - pageFrom[c]!, PACKED_FIELD_MAX);
    leading[c] = (1 - major[c]!) * 2 ** 52 + Math.min(dateRank[candidate[c]!]!, PACKED_FIELD_MAX) * 2 ** 26 + (PACKED_FIELD_MAX - length);
  }
  contested.sort(
    (x, y) =>
      leading[x]! - leading[y]! ||
      // Equal packed keys differ in these two only where a field reached its largest value.
      dateRank[candidate[x]!]! - dateRank[candidate[y]!]! ||
      pageTo[y]! - pageFrom[y]! - (pageTo[x]! - pageFrom[x]!) ||
      chained[candidate[y]!]! - chained[candidate[x]!]! ||
      candidate[x]! - candidate[y]! ||
      pageFrom[x]! - pageFrom[y]!,
  );
  for (const c of contested) {
    const doc = candidate[c]!;
    if (kept[doc] === 0) {
      let open = 0;
      for (let i = from(c), end = to(c); i < end; i++) if (cover[i]! < capped) open++;
      if (2 * open <= to(c) - from(c)) continue;
      kept[doc] = 1;
      keptCount++;
    }
    for (let i = from(c), end = to(c); i < end; i++) if (cover[i]! < capped) cover[i]!++;
  }
  return { kept, keptCount, leftOutIn: leftOutCounter({ count, candidate, pageFrom, pageTo }, kept, candidates) };
}

/** What `chooseSources` chooses among. */
export interface ChooseSourcesOptions {
  /** Number of candidates; chains name them 0 … candidates − 1. */
  candidates: number;
  /** Words of the page; chains are clipped to them. */
  pageWords: number;
  /** Candidates kept over any page word at most; ≤ 0 keeps every candidate. */
  limit: number;
  /**
   * A candidate's chains this many page words apart or closer are one
   * stretch: an edited passage is several chains of its original, and the
   * aligner joins them again (0: only overlapping or touching chains).
   */
  joinGap?: number;
  /** A candidate's publication date (ISO 8601), if known. */
  published?: (candidate: number) => string | undefined;
}

/** Largest value of a field packed in a sort key of `chooseSources` (26 bits). */
const PACKED_FIELD_MAX = 2 ** 26 - 1;

/** Rank of each candidate of `list` by publication date, earliest 0, undated after every dated one. */
function rankByDate(list: readonly number[], candidates: number, published: (candidate: number) => string | undefined): Int32Array {
  const rank = new Int32Array(candidates);
  const dated = new Map<number, string>();
  for (const doc of list) {
    if (dated.has(doc)) continue;
    const date = published(doc);
    if (date !== undefined) dated.set(doc, date);
  }
  const byDate = [...dated].sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  rank.fill(candidates);
  let previous: string | undefined;
  let at = -1;
  for (const [doc, date] of byDate) {
    if (date !== previous) at++;
    previous = date;
    rank[doc] = at;
  }
  return rank;
}

/**
 * Each candidate's chains with page extents that overlap, touch or lie
 * `joinGap` words apart joined: a document that repeats a sentence has two
 * chains over it but covers its words once, and an edited passage is one
 * stretch of its original.
 */
function stretches(chains: CandidateChains, joinGap: number): CandidateChains {
  // The matcher lists chains by candidate and page word already: sorting them
  // anyway cost ≈ 1 ms a long page (10,000 words, 8,000 chains).
  const order = inCandidateOrder(chains)
    ? undefined
    : [...chains.candidate.keys()].sort((x, y) => chains.candidate[x]! - chains.candidate[y]! || chains.pageFrom[x]! - chains.pageFrom[y]!);
  const candidate = new Uint32Array(chains.count);
  const pageFrom = new Uint32Array(chains.count);
  const pageTo = new Uint32Array(chains.count);
  let count = 0;
  for (let at = 0; at < chains.count; at++) {
    const c = order ? order[at]! : at;
    const last = count - 1;
    if (last >= 0 && candidate[last] === chains.candidate[c] && chains.pageFrom[c]! <= pageTo[last]! + joinGap) {
      pageTo[last] = Math.max(pageTo[last]!, chains.pageTo[c]!);
      continue;
    }
    candidate[count] = chains.candidate[c]!;
    pageFrom[count] = chains.pageFrom[c]!;
    pageTo[count] = chains.pageTo[c]!;
    count++;
  }
  return { count, candidate, pageFrom, pageTo };
}

/** Whether `chains` are listed by candidate, then by first page word. */
function inCandidateOrder(chains: CandidateChains): boolean {
  for (let c = 1; c < chains.count; c++) {
    const byCandidate = chains.candidate[c]! - chains.candidate[c - 1]!;
    if (byCandidate < 0 || (byCandidate === 0 && chains.pageFrom[c]! < chains.pageFrom[c - 1]!)) return false;
  }
  return true;
}

/** `ChosenSources.leftOutIn` over the chains of candidates not kept, by chain centre. */
function leftOutCounter(chains: CandidateChains, kept: Uint8Array, candidates: number): (from: number, to: number) => number {
  // The chains left out, by centre (twice the centre is a whole number of page words):
  // a counting sort, as there are thousands of chains over a page of a few thousand words.
  let widest = 0;
  for (let c = 0; c < chains.count; c++) widest = Math.max(widest, chains.pageFrom[c]! + chains.pageTo[c]!);
  const firstOfSum = new Uint32Array(widest + 2);
  for (let c = 0; c < chains.count; c++) if (kept[chains.candidate[c]!] === 0) firstOfSum[chains.pageFrom[c]! + chains.pageTo[c]! + 1]!++;
  for (let sum = 1; sum < firstOfSum.length; sum++) firstOfSum[sum]! += firstOfSum[sum - 1]!;
  const centres = new Float64Array(firstOfSum[widest + 1]!);
  const owners = new Uint32Array(centres.length);
  for (let c = 0; c < chains.count; c++) {
    if (kept[chains.candidate[c]!] === 1) continue;
    const sum = chains.pageFrom[c]! + chains.pageTo[c]!;
    const at = firstOfSum[sum]!++;
    centres[at] = sum / 2;
    owners[at] = chains.candidate[c]!;
  }
  const seen = new Uint32Array(candidates);
  let stamp = 0;
  return (from, to) => {
    stamp++;
    let count = 0;
    for (let at = firstAtLeast(centres, from); at < centres.length && centres[at]! < to; at++) {
      const owner = owners[at]!;
      if (seen[owner] === stamp) continue;
      seen[owner] = stamp;
      count++;
    }
    return count;
  };
}

/**
 * Which candidate documents `findMatches` compares with a page; chosen per
 * index, or over several by `SharedSourceCap`.
 */
export interface CandidateChoice {
  /** Whether document number `docIndex` is compared with the page. */
  keeps(docIndex: number): boolean;
  /** See `ChosenSources.leftOutIn` (page words): over every index sharing the cap. */
  leftOutIn(from: number, to: number): number;
}

/** A page's candidate documents in one index with their telling chains (`pageCandidates`, lib/matcher.ts). */
export interface PageCandidates {
  /** Chains; `candidate` numbers index `docs`. */
  chains: CandidateChains;
  /** Document number of each candidate. */
  docs: Uint32Array;
  /** Words of the page. */
  pageWords: number;
  /** Publication date of each candidate, if known. */
  published(candidate: number): string | undefined;
}

/** Every candidate compared, none left out. */
export const KEEP_ALL: CandidateChoice = { keeps: () => true, leftOutIn: () => 0 };

/**
 * Chooses among the candidates that one or several indexes offer for the same
 * page (`chooseSources` over all their chains at once) and gives each offer
 * its choice. `leftOutIn` counts over all of them.
 */
export function chooseAmong(offers: readonly PageCandidates[], options: { limit: number; joinGap: number }): CandidateChoice[] {
  const firsts: number[] = [];
  let candidates = 0;
  let count = 0;
  let pageWords = 0;
  for (const offer of offers) {
    firsts.push(candidates);
    candidates += offer.docs.length;
    count += offer.chains.count;
    pageWords = Math.max(pageWords, offer.pageWords);
  }
  if (options.limit <= 0 || candidates <= options.limit) return offers.map(() => KEEP_ALL);
  const all: CandidateChains = { count, candidate: new Uint32Array(count), pageFrom: new Uint32Array(count), pageTo: new Uint32Array(count) };
  const owner = new Uint32Array(candidates);
  let at = 0;
  offers.forEach((offer, o) => {
    owner.fill(o, firsts[o]!, firsts[o]! + offer.docs.length);
    for (let c = 0; c < offer.chains.count; c++, at++) {
      all.candidate[at] = firsts[o]! + offer.chains.candidate[c]!;
      all.pageFrom[at] = offer.chains.pageFrom[c]!;
      all.pageTo[at] = offer.chains.pageTo[c]!;
    }
  });
  const chosen = chooseSources(all, {
    candidates,
    pageWords,
    ...options,
    published: (candidate) => offers[owner[candidate]!]!.published(candidate - firsts[owner[candidate]!]!),
  });
  return offers.map((offer, o) => {
    const docs = new Set<number>();
    for (let d = 0; d < offer.docs.length; d++) if (chosen.kept[firsts[o]! + d] === 1) docs.add(offer.docs[d]!);
    return { keeps: (docIndex) => docs.has(docIndex), leftOutIn: chosen.leftOutIn };
  });
}

/** One index's place at a `SharedSourceCap`. */
export interface SourceCapSeat {
  /** Offers the index's candidates; resolves with its choice once every seat has offered or left. */
  offer(candidates: PageCandidates): Promise<CandidateChoice>;
  /**
   * Leaves without offering (the index could not be matched), so the others
   * do not wait for it; nothing after an offer. Whoever takes a seat leaves it
   * once the index is matched or has failed.
   */
  leave(): void;
}

/**
 * One cap on sources over several indexes matched for the same page: the
 * corpora the reader enabled, and the segments of a corpus imported in
 * segments. Capped index by index, each segment of a 100,000-article corpus
 * kept its own `limit` articles over every page word, and its own best
 * (a reprint of one sentence, where the original was in another segment) as
 * if it were the original. Each index takes a seat before it is matched and
 * offers its candidates once its postings are read; the choice is made over
 * all of them when the last seat has offered or left.
 */
export class SharedSourceCap {
  private readonly offers: (PageCandidates | null)[] = [];
  private readonly answers = new Map<number, (choice: CandidateChoice) => void>();
  private open: number;

  /** `seats`: the indexes to wait for; `limit` and `joinGap` as in `ChooseSourcesOptions`. */
  constructor(
    seats: number,
    private readonly options: { limit: number; joinGap: number },
  ) {
    this.open = seats;
  }

  /** Seat number `n` (0 ≤ n < seats). */
  seat(n: number): SourceCapSeat {
    let done = false;
    return {
      offer: (candidates) => {
        if (done) throw new Error(`seat ${n} has already offered or left`);
        done = true;
        const answer = new Promise<CandidateChoice>((resolve) => this.answers.set(n, resolve));
        this.offers[n] = candidates;
        this.close();
        return answer;
      },
      leave: () => {
        if (done) return;
        done = true;
        this.offers[n] = null;
        this.close();
      },
    };
  }

  private close(): void {
    if (--this.open > 0) return;
    const seats = [...this.offers.keys()].filter((seat) => this.offers[seat]);
    const choices = chooseAmong(
      seats.map((seat) => this.offers[seat]!),
      this.options,
    );
    seats.forEach((seat, i) => this.answers.get(seat)!(choices[i]!));
  }
}
