/**
 * How the spans found on a page become painted passages: spans that overlap on
 * the page are one passage, and its sources are put in the order the hover card,
 * the popup and the exports list them. Pure: spans in, groups out.
 */

/** What grouping and ranking read of a match. */
export interface GroupableMatch {
  pageStart: number;
  pageEnd: number;
  /** Words of the page span aligned with the source. */
  matchedWords: number;
  similarity: number;
  source: { published?: string };
}

/** One passage of the page: the extent of its overlapping spans and their sources, ranked. */
export interface PassageGroup<M extends GroupableMatch> {
  start: number;
  end: number;
  matches: M[];
}

/**
 * A source counts as major when it shares at least this share of the words the
 * passage's best source shares: a source that shares only a phrase of the
 * passage must not headline the card however early it was published.
 */
export const MAJOR_SOURCE_SHARE = 0.6;

/** Clusters spans that overlap on the page (touching spans stay apart); each cluster's sources are ranked by `rankSources`. */
export function groupOverlapping<M extends GroupableMatch>(matches: readonly M[]): PassageGroup<M>[] {
  const groups: PassageGroup<M>[] = [];
  for (const match of [...matches].sort((a, b) => a.pageStart - b.pageStart)) {
    const last = groups[groups.length - 1];
    if (last && match.pageStart < last.end) {
      last.end = Math.max(last.end, match.pageEnd);
      last.matches.push(match);
    } else {
      groups.push({ start: match.pageStart, end: match.pageEnd, matches: [match] });
    }
  }
  return groups.map((group) => ({ ...group, matches: rankSources(group.matches) }));
}

/**
 * The sources of one passage in display order: major sources first (see
 * `MAJOR_SOURCE_SHARE`); among equals the earliest published, undated after
 * dated (the earliest is the likeliest origin); then the most words shared, then
 * the most similar. Returns a new array.
 */
export function rankSources<M extends GroupableMatch>(matches: readonly M[]): M[] {
  const most = Math.max(...matches.map((m) => m.matchedWords));
  const isMajor = (m: M): boolean => m.matchedWords >= MAJOR_SOURCE_SHARE * most;
  return [...matches].sort((a, b) => {
    if (isMajor(a) !== isMajor(b)) return isMajor(a) ? -1 : 1;
    const da = a.source.published;
    const db = b.source.published;
    if (da && db && da !== db) return da < db ? -1 : 1;
    if (Boolean(da) !== Boolean(db)) return da ? -1 : 1;
    return b.matchedWords - a.matchedWords || b.similarity - a.similarity;
  });
}

/**
 * Corpus articles that share a passage but were not compared with it, as its
 * spans count them (`MatchSpan.otherSources`, lib/source-cap.ts: one count
 * over every corpus of the page); 0 when none were left out.
 */
export function otherSourcesOf(matches: readonly { otherSources?: number }[]): number {
  return Math.max(0, ...matches.map((match) => match.otherSources ?? 0));
}
