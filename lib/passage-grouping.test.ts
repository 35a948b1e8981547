import { describe, expect, it } from 'vitest';
import { groupOverlapping, rankSources, type GroupableMatch } from './passage-grouping';

interface TestMatch extends GroupableMatch {
  id: string;
}

const match = (id: string, fields: Partial<Omit<TestMatch, 'source'>> & { published?: string } = {}): TestMatch => ({
  id,
  pageStart: fields.pageStart ?? 0,
  pageEnd: fields.pageEnd ?? 100,
  matchedWords: fields.matchedWords ?? 20,
  similarity: fields.similarity ?? 0.9,
  source: fields.published === undefined ? {} : { published: fields.published },
});

const ids = (matches: readonly TestMatch[]): string[] => matches.map((m) => m.id);

describe('rankSources', () => {
  it('puts the earliest published first among sources sharing the whole passage', () => {
    const ranked = rankSources([
      match('late', { published: '2024-05-03' }),
      match('early', { published: '2024-05-01' }),
      match('middle', { published: '2024-05-02' }),
    ]);
    expect(ids(ranked)).toEqual(['early', 'middle', 'late']);
  });

  it('puts a source sharing only a phrase after the major ones, however early it is', () => {
    const ranked = rankSources([
      match('major-late', { matchedWords: 40, published: '2024-06-01' }),
      match('phrase-early', { matchedWords: 10, published: '2020-01-01' }),
      match('major-early', { matchedWords: 30, published: '2024-05-01' }),
    ]);
    expect(ids(ranked)).toEqual(['major-early', 'major-late', 'phrase-early']);
  });

  it('counts a source at exactly 60% of the best one as major', () => {
    const ranked = rankSources([
      match('best', { matchedWords: 50, published: '2024-02-01' }),
      match('sixty', { matchedWords: 30, published: '2024-01-01' }),
      match('below', { matchedWords: 29, published: '2023-01-01' }),
    ]);
    expect(ids(ranked)).toEqual(['sixty', 'best', 'below']);
  });

  it('puts undated sources after dated ones, then orders by words shared and similarity', () => {
    const ranked = rankSources([
      match('undated-few', { matchedWords: 20, similarity: 0.99 }),
      match('undated-many', { matchedWords: 25 }),
      match('undated-many-closer', { matchedWords: 25, similarity: 0.95 }),
      match('dated', { matchedWords: 20, published: '2025-01-01' }),
    ]);
    expect(ids(ranked)).toEqual(['dated', 'undated-many-closer', 'undated-many', 'undated-few']);
  });

  it('returns a new array and leaves its input alone', () => {
    const input = [match('b', { published: '2024-02-01' }), match('a', { published: '2024-01-01' })];
    const ranked = rankSources(input);
    expect(ids(input)).toEqual(['b', 'a']);
    expect(ids(ranked)).toEqual(['a', 'b']);
  });
});

describe('groupOverlapping', () => {
  it('makes one passage of overlapping spans, spanning all of them, in page order', () => {
    const groups = groupOverlapping([
      match('second', { pageStart: 300, pageEnd: 400 }),
      match('first-a', { pageStart: 0, pageEnd: 120 }),
      match('first-b', { pageStart: 100, pageEnd: 180 }),
    ]);
    expect(groups.map((g) => [g.start, g.end, ids(g.matches).sort()])).toEqual([
      [0, 180, ['first-a', 'first-b']],
      [300, 400, ['second']],
    ]);
  });

  it('keeps touching spans apart: two passages side by side are two passages', () => {
    const groups = groupOverlapping([match('a', { pageStart: 0, pageEnd: 50 }), match('b', { pageStart: 50, pageEnd: 90 })]);
    expect(groups.map((g) => ids(g.matches))).toEqual([['a'], ['b']]);
  });

  it('chains overlaps: a span overlapping the group’s extent joins it even when it misses the first span', () => {
    const groups = groupOverlapping([
      match('a', { pageStart: 0, pageEnd: 50 }),
      match('b', { pageStart: 40, pageEnd: 120 }),
      match('c', { pageStart: 100, pageEnd: 200 }),
    ]);
    expect(groups).toHaveLength(1);
    expect([groups[0]!.start, groups[0]!.end]).toEqual([0, 200]);
  });

  it('ranks each passage’s sources', () => {
    const [group] = groupOverlapping([
      match('late', { pageStart: 0, pageEnd: 100, published: '2024-03-01' }),
      match('early', { pageStart: 10, pageEnd: 100, published: '2024-01-01' }),
    ]);
    expect(ids(group!.matches)).toEqual(['early', 'late']);
  });

  it('returns nothing for no spans', () => {
    expect(groupOverlapping([])).toEqual([]);
  });
});
