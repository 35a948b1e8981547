import { describe, expect, it } from 'vitest';
import type { PageReport, ReportSource } from '../../lib/domain';
import {
  coverage,
  exportFileName,
  formatPercent,
  groupBySource,
  httpHostname,
  mergeRanges,
  sourceRequestFor,
  summarize,
} from './report-view';

const src = (docId: string, docStart: number, docEnd: number, similarity: number, documentLength = 1000): ReportSource => ({
  docId,
  kind: 'copied',
  title: `Title ${docId}`,
  similarity,
  docStart,
  docEnd,
  sourceText: 'x',
  pageText: `page text of ${docId}`,
  documentLength,
  corpus: { id: 'shipped', name: 'Sample news' },
  private: false,
});

const report: PageReport = {
  pageUrl: 'https://news.example/a',
  pageTitle: 'A page',
  pageChars: 2000,
  reusedChars: 500,
  active: true,
  passages: [
    { index: 0, pageText: 'first', kind: 'copied', sources: [src('A', 0, 100, 0.9)] },
    { index: 1, pageText: 'second', kind: 'copied', sources: [src('B', 10, 20, 1), src('A', 50, 150, 0.7)] },
    { index: 2, pageText: 'third', kind: 'copied', sources: [src('A', 400, 500, 0.95)] },
  ],
};

describe('summarize', () => {
  it('counts passages, distinct articles and the reused share', () => {
    expect(summarize(report)).toEqual({ passageCount: 3, copiedCount: 3, rewrittenCount: 0, articleCount: 2, reusedShare: 0.25 });
    expect(summarize({ ...report, pageChars: 0 }).reusedShare).toBe(0);
  });

  it('counts passages per kind', () => {
    const mixed = { ...report, passages: report.passages.map((p, i) => (i === 2 ? { ...p, kind: 'rewritten' as const } : p)) };
    expect(summarize(mixed)).toMatchObject({ passageCount: 3, copiedCount: 2, rewrittenCount: 1 });
  });
});

describe('mergeRanges and coverage', () => {
  it('merges overlapping and touching ranges', () => {
    expect(
      mergeRanges([
        { docStart: 50, docEnd: 150 },
        { docStart: 0, docEnd: 100 },
        { docStart: 150, docEnd: 160 },
        { docStart: 400, docEnd: 500 },
        { docStart: 7, docEnd: 7 },
      ]),
    ).toEqual([
      { docStart: 0, docEnd: 160 },
      { docStart: 400, docEnd: 500 },
    ]);
  });

  it('is the merged length over the document length, capped at 1', () => {
    expect(coverage([{ docStart: 0, docEnd: 100 }, { docStart: 50, docEnd: 150 }], 1000)).toBe(0.15);
    expect(coverage([{ docStart: 0, docEnd: 2000 }], 1000)).toBe(1);
    expect(coverage([{ docStart: 0, docEnd: 10 }], 0)).toBe(0);
  });
});

describe('groupBySource', () => {
  it('groups passages by article, most covered first, passages in page order', () => {
    const groups = groupBySource(report);
    expect(groups.map((g) => g.docId)).toEqual(['A', 'B']);
    const [a, b] = groups;
    expect(a!.passages.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(a!.bestSimilarity).toBe(0.95);
    expect(a!.coverage).toBeCloseTo(0.25); // [0,150) + [400,500) of 1000
    expect(b!.passages).toEqual([{ index: 1, pageText: 'page text of B', similarity: 1, kind: 'copied', overlap: null, docStart: 10, docEnd: 20 }]);
    expect(b!.coverage).toBeCloseTo(0.01);
  });

  it('names the corpus of each article and says when the reader marked it private', () => {
    const privateSource: ReportSource = { ...src('D', 0, 50, 0.8), corpus: { id: 'desk', name: 'Desk archive' }, private: true };
    const groups = groupBySource({ ...report, passages: [...report.passages, { index: 3, pageText: 'fourth', kind: 'copied', sources: [privateSource] }] });
    expect(groups.map((g) => [g.docId, g.corpusName, g.private])).toEqual([
      ['A', 'Sample news', false],
      ['D', 'Desk archive', true],
      ['B', 'Sample news', false],
    ]);
  });

  it('gives a rewritten passage its kind and the content words it shares with the source', () => {
    const rewritten: ReportSource = {
      ...src('C', 0, 80, 0.4),
      kind: 'rewritten',
      pageText: 'Officials relocated the camp residents.',
      sourceText: 'The government will relocate the residents of the camp.',
    };
    const [group] = groupBySource({ ...report, passages: [{ index: 0, pageText: rewritten.pageText, kind: 'rewritten', sources: [rewritten] }] });
    expect(group!.passages[0]).toMatchObject({ kind: 'rewritten', overlap: { shared: 3, total: 4 } });
    // Its word similarity is not the group's "best match": a group of rewritten passages has none.
    expect(group!.bestSimilarity).toBeNull();
  });
});

describe('viewer requests', () => {
  it('marks every passage of the group and makes the chosen one active', () => {
    const [a] = groupBySource(report);
    const request = sourceRequestFor(report, a!, a!.passages[2]);
    expect(request).toEqual({
      docId: 'A',
      active: { docStart: 400, docEnd: 500 },
      passages: [
        { docStart: 0, docEnd: 100 },
        { docStart: 50, docEnd: 150 },
        { docStart: 400, docEnd: 500 },
      ],
      pageUrl: 'https://news.example/a',
      pageTitle: 'A page',
    });
  });
});

describe('formatting', () => {
  it('formats percentages, never showing a non-zero share as 0', () => {
    expect(formatPercent(0)).toBe('0');
    expect(formatPercent(0.004)).toBe('<1');
    expect(formatPercent(0.236)).toBe('24');
    expect(formatPercent(1)).toBe('100');
  });

  it('reads hostnames of web pages only', () => {
    expect(httpHostname('https://www.example.com/x?y')).toBe('www.example.com');
    expect(httpHostname('chrome://extensions')).toBeNull();
    expect(httpHostname('not a url')).toBeNull();
    expect(httpHostname(undefined)).toBeNull();
  });

  it('names export files after the site and the day', () => {
    expect(exportFileName('https://news.example/a', 'csv', new Date(2024, 4, 1))).toBe('sourcelight-news.example-2024-05-01.csv');
    expect(exportFileName('file:///tmp/a.html', 'md', new Date(2024, 11, 31))).toBe('sourcelight-page-2024-12-31.md');
  });
});
