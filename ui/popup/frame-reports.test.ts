import { describe, expect, it } from 'vitest';
import type { PageReport, ReportPassage } from '../../lib/domain';
import { mergeFrameReports } from './frame-reports';

const passage = (index: number, pageText: string): ReportPassage => ({ index, pageText, kind: 'copied', sources: [] });
const report = (passages: ReportPassage[], pageChars: number, reusedChars: number): PageReport => ({
  pageUrl: 'https://news.example/a',
  pageTitle: 'A',
  pageChars,
  reusedChars,
  active: true,
  passages,
});

describe('mergeFrameReports', () => {
  it('appends frame passages with unique indices and maps them back to their frame', () => {
    const top = report([passage(0, 'top one'), passage(1, 'top two')], 1000, 100);
    const frame = report([passage(0, 'in frame')], 400, 40);
    const { report: merged, targets } = mergeFrameReports(top, [{ frameId: 7, report: frame }]);
    expect(merged.passages.map((p) => [p.index, p.pageText])).toEqual([
      [0, 'top one'],
      [1, 'top two'],
      [2, 'in frame'],
    ]);
    expect(targets.get(2)).toEqual({ frameId: 7, index: 0 });
    expect(targets.get(1)).toEqual({ frameId: 0, index: 1 });
    expect(merged.pageChars).toBe(1400);
    expect(merged.reusedChars).toBe(140);
    expect(merged.pageUrl).toBe(top.pageUrl);
  });

  it('returns the top report unchanged in content when there are no frames', () => {
    const top = report([passage(0, 'only')], 10, 4);
    const { report: merged, targets } = mergeFrameReports(top, []);
    expect(merged).toEqual(top);
    expect([...targets]).toEqual([[0, { frameId: 0, index: 0 }]]);
  });
});
