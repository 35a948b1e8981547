/**
 * What the popup shows of a `PageReport`, computed without the DOM: the summary
 * numbers and the passages grouped by source article.
 */
import type { MatchKind } from '../../lib/matcher';
import type { PageReport, PassageRef, ReportSource, SourceRequest } from '../../lib/domain';
import { contentWordOverlap, type WordOverlap } from '../../lib/sentence-pairs';

/** The numbers of the summary line. */
export interface ReportSummary {
  passageCount: number;
  /** Passages painted as copied and as rewritten (they add up to `passageCount`). */
  copiedCount: number;
  rewrittenCount: number;
  articleCount: number;
  /** Share of the page's visible text inside passages, 0–1. */
  reusedShare: number;
}

/** One passage of the page as listed under one of its sources. */
export interface GroupPassage {
  /** `PageReport` passage index, for `focusPassage`. */
  index: number;
  pageText: string;
  similarity: number;
  /** How the page reused this source's text. */
  kind: MatchKind;
  /** For a rewritten passage, its content words shared with the source (what the popup shows instead of a word similarity); null for copied. */
  overlap: WordOverlap | null;
  docStart: number;
  docEnd: number;
}

/** A source article and the page's passages taken from it. */
export interface SourceGroup {
  docId: string;
  title: string;
  outlet?: string;
  published?: string;
  /**
   * Best word similarity among the group's copied passages; null when all are
   * rewritten, whose word similarity would understate them (they show shared
   * content words instead).
   */
  bestSimilarity: number | null;
  /** Share of the article's characters reused by this page (merged ranges), 0–1. */
  coverage: number;
  /** In page order. */
  passages: GroupPassage[];
  /** Display name of the corpus the article belongs to. */
  corpusName: string;
  /** Whether the reader marked that corpus private (the page cannot read these matches). */
  private: boolean;
}

export function summarize(report: PageReport): ReportSummary {
  const docs = new Set(report.passages.flatMap((p) => p.sources.map((s) => s.docId)));
  const reusedShare = report.pageChars > 0 ? Math.min(1, Math.max(0, report.reusedChars / report.pageChars)) : 0;
  const rewrittenCount = report.passages.filter((p) => p.kind === 'rewritten').length;
  return { passageCount: report.passages.length, copiedCount: report.passages.length - rewrittenCount, rewrittenCount, articleCount: docs.size, reusedShare };
}

/**
 * Groups the page's passages by source article: most of the article reused
 * first (then best similarity, then first appearance on the page).
 */
export function groupBySource(report: PageReport): SourceGroup[] {
  const groups = new Map<string, { source: ReportSource; passages: GroupPassage[]; firstIndex: number }>();
  const passages = [...report.passages].sort((a, b) => a.index - b.index);
  for (const passage of passages) {
    for (const source of passage.sources) {
      let group = groups.get(source.docId);
      if (!group) groups.set(source.docId, (group = { source, passages: [], firstIndex: passage.index }));
      // A passage lists a source once; keep its closest alignment if it is listed twice.
      const existing = group.passages.find((p) => p.index === passage.index);
      if (existing && existing.similarity >= source.similarity) continue;
      const entry = {
        index: passage.index,
        pageText: source.pageText,
        similarity: source.similarity,
        kind: source.kind,
        overlap: source.kind === 'rewritten' ? contentWordOverlap(source.pageText, source.sourceText) : null,
        docStart: source.docStart,
        docEnd: source.docEnd,
      };
      if (existing) group.passages.splice(group.passages.indexOf(existing), 1, entry);
      else group.passages.push(entry);
    }
  }
  const result = [...groups.values()].map(({ source, passages: list, firstIndex }) => ({
    group: {
      docId: source.docId,
      title: source.title,
      ...(source.outlet ? { outlet: source.outlet } : {}),
      ...(source.published ? { published: source.published } : {}),
      bestSimilarity: bestCopiedSimilarity(list),
      coverage: coverage(list, source.documentLength),
      passages: list,
      corpusName: source.corpus.name,
      private: source.private,
    } satisfies SourceGroup,
    firstIndex,
  }));
  result.sort(
    (a, b) => b.group.coverage - a.group.coverage || (b.group.bestSimilarity ?? 0) - (a.group.bestSimilarity ?? 0) || a.firstIndex - b.firstIndex,
  );
  return result.map((r) => r.group);
}

function bestCopiedSimilarity(passages: readonly GroupPassage[]): number | null {
  const copied = passages.filter((p) => p.kind === 'copied');
  return copied.length > 0 ? Math.max(...copied.map((p) => p.similarity)) : null;
}

/** Merges `[docStart, docEnd)` ranges: sorted, overlapping or touching ranges joined. */
export function mergeRanges(ranges: readonly PassageRef[]): PassageRef[] {
  const sorted = ranges.filter((r) => r.docEnd > r.docStart).sort((a, b) => a.docStart - b.docStart || a.docEnd - b.docEnd);
  const merged: PassageRef[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.docStart <= last.docEnd) last.docEnd = Math.max(last.docEnd, range.docEnd);
    else merged.push({ docStart: range.docStart, docEnd: range.docEnd });
  }
  return merged;
}

/** Share of a document of `documentLength` characters covered by `ranges`, 0–1. */
export function coverage(ranges: readonly PassageRef[], documentLength: number): number {
  if (!(documentLength > 0)) return 0;
  const covered = mergeRanges(ranges).reduce((sum, r) => sum + Math.min(r.docEnd, documentLength) - Math.min(r.docStart, documentLength), 0);
  return Math.min(1, covered / documentLength);
}

/** A share 0–1 as a whole percent; "<1" for a share that is not zero but rounds to it. */
export function formatPercent(share: number): string {
  if (!(share > 0)) return '0';
  const percent = Math.round(share * 100);
  return percent === 0 ? '<1' : String(percent);
}

/** The viewer request for one passage of a group, with every passage of the group marked. */
export function sourceRequestFor(report: Pick<PageReport, 'pageUrl' | 'pageTitle'>, group: SourceGroup, active?: GroupPassage): SourceRequest {
  const first = active ?? group.passages[0];
  return {
    docId: group.docId,
    active: first ? { docStart: first.docStart, docEnd: first.docEnd } : { docStart: 0, docEnd: 0 },
    passages: group.passages.map((p) => ({ docStart: p.docStart, docEnd: p.docEnd })),
    pageUrl: report.pageUrl,
    pageTitle: report.pageTitle,
  };
}

/** Hostname of an http(s) URL; null for other schemes and unparsable input. */
export function httpHostname(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname || null : null;
  } catch {
    return null;
  }
}

/** A file name for an export of the page at `pageUrl`, e.g. `sourcelight-example.com-2024-05-01.csv`. */
export function exportFileName(pageUrl: string, extension: string, now = new Date()): string {
  const host = (httpHostname(pageUrl) ?? 'page').replace(/[^a-z0-9.-]/gi, '_');
  const date = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
  return `sourcelight-${host}-${date}.${extension}`;
}
