/** The viewer's article text cut into plain runs and marked passages. */
import { describe, expect, it } from 'vitest';
import { segmentMarks } from './segment-marks';

const TEXT = 'abcdefghijklmnopqrstuvwxyz';

describe('segmentMarks', () => {
  it('gives the whole text as one plain run without passages', () => {
    expect(segmentMarks(TEXT, [])).toEqual([{ text: TEXT, passage: null }]);
  });

  it('gives nothing for empty text', () => {
    expect(segmentMarks('', [{ docStart: 0, docEnd: 4 }])).toEqual([]);
  });

  it('marks disjoint passages between plain runs, numbered by their place in the list', () => {
    expect(
      segmentMarks(TEXT, [
        { docStart: 20, docEnd: 23 },
        { docStart: 2, docEnd: 5 },
      ]),
    ).toEqual([
      { text: 'ab', passage: null },
      { text: 'cde', passage: 1 },
      { text: 'fghijklmnopqrst', passage: null },
      { text: 'uvw', passage: 0 },
      { text: 'xyz', passage: null },
    ]);
  });

  it('marks passages at the very start and end without empty runs', () => {
    expect(
      segmentMarks(TEXT, [
        { docStart: 0, docEnd: 3 },
        { docStart: 23, docEnd: 26 },
      ]),
    ).toEqual([
      { text: 'abc', passage: 0 },
      { text: 'defghijklmnopqrstuvw', passage: null },
      { text: 'xyz', passage: 1 },
    ]);
  });

  it('gives an overlapped run to the passage listed first, and the rest of each to its own', () => {
    expect(
      segmentMarks(TEXT, [
        { docStart: 2, docEnd: 8 },
        { docStart: 5, docEnd: 12 },
      ]),
    ).toEqual([
      { text: 'ab', passage: null },
      { text: 'cdefgh', passage: 0 },
      { text: 'ijkl', passage: 1 },
      { text: 'mnopqrstuvwxyz', passage: null },
    ]);
  });

  it('keeps a passage inside another in the outer one when the outer is listed first', () => {
    expect(
      segmentMarks(TEXT, [
        { docStart: 2, docEnd: 12 },
        { docStart: 4, docEnd: 6 },
      ]),
    ).toEqual([
      { text: 'ab', passage: null },
      { text: 'cdefghijkl', passage: 0 },
      { text: 'mnopqrstuvwxyz', passage: null },
    ]);
  });

  it('keeps touching passages apart', () => {
    expect(
      segmentMarks(TEXT, [
        { docStart: 0, docEnd: 3 },
        { docStart: 3, docEnd: 6 },
      ]).slice(0, 2),
    ).toEqual([
      { text: 'abc', passage: 0 },
      { text: 'def', passage: 1 },
    ]);
  });

  it('clamps offsets past the end of the text', () => {
    expect(segmentMarks('short', [{ docStart: 2, docEnd: 99 }])).toEqual([
      { text: 'sh', passage: null },
      { text: 'ort', passage: 0 },
    ]);
  });

  it('always gives back the text it was given, in order', () => {
    const passages = [
      { docStart: 7, docEnd: 15 },
      { docStart: 1, docEnd: 9 },
      { docStart: 14, docEnd: 30 },
      { docStart: 10, docEnd: 11 },
    ];
    expect(
      segmentMarks(TEXT, passages)
        .map((segment) => segment.text)
        .join(''),
    ).toBe(TEXT);
  });
});
