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
 * - A candidate's chains that overlap on the page are one stretch.
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
 *
 * `published(candidate)`: the candidate's publication date (ISO 8601), if
 * known. `limit` ≤ 0 keeps every candidate.
 */
export function chooseSources(
  chains: CandidateChains,
  candidates: number,
  pageWords: number,
  limit: number,
  published: (candidate: number) => string | undefined = () => undefined,
): ChosenSources {
  const kept = new Uint8Array(candidates);
  if (limit <= 0 || candidates <= limit) {
    kept.fill(1);
    return { kept, keptCount: candidates, leftOutIn: () => 0 };
  }
  const { count, candidate, pageFrom, pageTo } = stretches(chains);
  const length = (c: number): number => pageTo[c]! - pageFrom[c]!;
  const chained = new Float64Array(candidates);
  for (let c = 0; c < count; c++) chained[candidate[c]!]! += length(c);
  // Longest stretch over each page word, then whether each stretch is major.
  const longest = new Uint32Array(pageWords + 1);
  for (let c = 0; c < count; c++) {
    for (let i = Math.min(pageFrom[c]!, pageWords), to = Math.min(pageTo[c]!, pageWords); i < to; i++) longest[i] = Math.max(longest[i]!, length(c));
  }
  const major = new Uint8Array(count);
  for (let c = 0; c < count; c++) {
    let reference = length(c);
    for (let i = Math.min(pageFrom[c]!, pageWords), to = Math.min(pageTo[c]!, pageWords); i < to; i++) reference = Math.max(reference, longest[i]!);
    major[c] = length(c) >= MAJOR_SOURCE_SHARE * reference ? 1 : 0;
  }
  const dates = new Map<number, string | undefined>();
  const dateOf = (c: number): string | undefined => {
    const doc = candidate[c]!;
    if (!dates.has(doc)) dates.set(doc, published(doc));
    return dates.get(doc);
  };
  const order = Array.from({ length: count }, (_, c) => c).sort((x, y) => {
    if (major[x] !== major[y]) return major[y]! - major[x]!;
    const dx = dateOf(x);
    const dy = dateOf(y);
    if (dx !== dy) {
      if (dx === undefined) return 1;
      if (dy === undefined) return -1;
      return dx < dy ? -1 : 1;
    }
    return (
      length(y) - length(x) ||
      chained[candidate[y]!]! - chained[candidate[x]!]! ||
      candidate[x]! - candidate[y]! ||
      pageFrom[x]! - pageFrom[y]!
    );
  });
  // Kept documents over each page word, counted up to `limit`.
  const cover = new Uint16Array(pageWords + 1);
  const capped = Math.min(limit, 0xffff);
  let keptCount = 0;
  for (const c of order) {
    const doc = candidate[c]!;
    const from = Math.min(pageFrom[c]!, pageWords);
    const to = Math.min(pageTo[c]!, pageWords);
    if (kept[doc] === 0) {
      let open = 0;
      for (let i = from; i < to; i++) if (cover[i]! < capped) open++;
      if (2 * open <= to - from) continue;
      kept[doc] = 1;
      keptCount++;
    }
    for (let i = from; i < to; i++) if (cover[i]! < capped) cover[i]!++;
  }
  return { kept, keptCount, leftOutIn: leftOutCounter({ count, candidate, pageFrom, pageTo }, kept, candidates) };
}

/**
 * Each candidate's chains with overlapping or touching page extents joined:
 * a document that repeats a sentence has two chains over it but covers its
 * words once.
 */
function stretches(chains: CandidateChains): CandidateChains {
  const order = Array.from({ length: chains.count }, (_, c) => c).sort(
    (x, y) => chains.candidate[x]! - chains.candidate[y]! || chains.pageFrom[x]! - chains.pageFrom[y]!,
  );
  const candidate = new Uint32Array(chains.count);
  const pageFrom = new Uint32Array(chains.count);
  const pageTo = new Uint32Array(chains.count);
  let count = 0;
  for (const c of order) {
    const last = count - 1;
    if (last >= 0 && candidate[last] === chains.candidate[c] && chains.pageFrom[c]! <= pageTo[last]!) {
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

/** `ChosenSources.leftOutIn` over the chains of candidates not kept, by chain centre. */
function leftOutCounter(chains: CandidateChains, kept: Uint8Array, candidates: number): (from: number, to: number) => number {
  const centres: number[] = [];
  const owners: number[] = [];
  const byCentre: number[] = [];
  for (let c = 0; c < chains.count; c++) {
    if (kept[chains.candidate[c]!] === 1) continue;
    byCentre.push(c);
  }
  byCentre.sort((x, y) => chains.pageFrom[x]! + chains.pageTo[x]! - (chains.pageFrom[y]! + chains.pageTo[y]!));
  for (const c of byCentre) {
    centres.push((chains.pageFrom[c]! + chains.pageTo[c]!) / 2);
    owners.push(chains.candidate[c]!);
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

/** Index of the first value of sorted `values` that is ≥ `bound`. */
function firstAtLeast(values: readonly number[], bound: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid]! < bound) low = mid + 1;
    else high = mid;
  }
  return low;
}
