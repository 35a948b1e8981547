import { describe, expect, it } from 'vitest';
import { segmentDocuments, segmentedDigest } from './corpus-segments';

const doc = (id: string, chars: number) => ({ id, text: 'x'.repeat(chars) });
const ids = (segments: { id: string }[][]) => segments.map((segment) => segment.map((d) => d.id));

describe('segmentDocuments', () => {
  it('keeps a corpus under the limit whole', () => {
    expect(ids(segmentDocuments([doc('a', 3), doc('b', 4)], 10))).toEqual([['a', 'b']]);
  });

  it('cuts before the document that would go over, in order, filling each run up to the limit', () => {
    expect(ids(segmentDocuments([doc('a', 4), doc('b', 6), doc('c', 1), doc('d', 9), doc('e', 2)], 10))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('gives a document longer than the limit a run of its own, never an empty run', () => {
    expect(ids(segmentDocuments([doc('a', 25), doc('b', 2), doc('c', 30)], 10))).toEqual([['a'], ['b'], ['c']]);
    expect(segmentDocuments([], 10)).toEqual([]);
  });
});

describe('segmentedDigest', () => {
  it('is a single segment’s own digest, and names every segment’s otherwise', () => {
    expect(segmentedDigest(['00ff'])).toBe('00ff');
    expect(segmentedDigest(['00ff', 'abcd'])).toBe('00ff+abcd');
  });
});
