/**
 * Filter parts without their zeros (format 5): every array of filter words
 * comes back as it went in, about half its old size for text, a window's
 * non-zero words are found by rank, and damaged bytes are refused rather
 * than read as other words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFilterPart, FilterPart } from './filter-part';
import { filterWord } from './filter-words';
import { IndexFormatError } from './index-format';
import { tokenizeWords } from './tokenize';

const NEWS =
  'The ministry said on Tuesday that the new harbour would open in the spring, two years later than planned, after the contractor ran out of money and the port authority took over the works.';

describe('encodeFilterPart and FilterPart', () => {
  it('give back any filter words, whatever their count and zeros', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 0xffff })), { maxLength: 200 }), (values) => {
        const words = Uint16Array.from(values);
        const stored = encodeFilterPart(words);
        const zeros = values.filter((value) => value === 0).length;
        expect(stored.length).toBe(4 * Math.ceil(values.length / 32) + 2 * (values.length - zeros));
        const part = FilterPart.decode(stored, values.length);
        expect(part.toWords()).toEqual(words);
        // Every window's non-zero words, in order, by rank.
        for (let from = 0; from <= values.length; from += 7) {
          for (let to = from; to <= values.length; to += 5) {
            expect([...part.values.subarray(part.nonZeroBefore(from), part.nonZeroBefore(to))]).toEqual(values.slice(from, to).filter((value) => value !== 0));
          }
        }
        expect(part.nonZeroBefore(values.length)).toBe(values.length - zeros);
      }),
    );
  });

  it('make the same part from every word as from the stored bytes', () => {
    const words = Uint16Array.from({ length: 100 }, (_, i) => (i % 4 === 1 ? 0 : 7 * i + 1));
    expect(FilterPart.fromWords(words).toWords()).toEqual(words);
    expect(FilterPart.fromWords(words).values).toEqual(FilterPart.decode(encodeFilterPart(words), 100).values);
  });

  it('store the filter words of news text in about one byte a word, not two', () => {
    const tokens = tokenizeWords(NEWS.repeat(20));
    const words = Uint16Array.from({ length: tokens.count }, (_, i) => filterWord(tokens.hashes[i]!, tokens.flags[i]!));
    const stored = encodeFilterPart(words);
    expect(stored.length / words.length).toBeLessThan(1.3);
    expect(FilterPart.decode(stored, words.length).toWords()).toEqual(words);
  });

  it('read a part that is a view into a larger buffer at any offset', () => {
    const words = Uint16Array.from({ length: 70 }, (_, i) => (i % 3 === 0 ? 0 : 1000 + i));
    const stored = encodeFilterPart(words);
    const padded = new Uint8Array(stored.length + 3);
    padded.set(stored, 1);
    expect(FilterPart.decode(padded.subarray(1, 1 + stored.length), words.length).toWords()).toEqual(words);
  });

  it('refuse bytes that cannot be the part of that many words', () => {
    const words = Uint16Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 0 : i + 1));
    const stored = encodeFilterPart(words);
    expect(() => FilterPart.decode(stored.subarray(0, stored.length - 2), 40)).toThrow(/bitmap says/);
    expect(() => FilterPart.decode(stored.subarray(0, 4), 40)).toThrow(/too short for the bitmap/);
    // A bit for a 41st word that the part does not have.
    const pastEnd = stored.slice();
    pastEnd[4 + 1] = pastEnd[4 + 1]! | 0x01;
    expect(() => FilterPart.decode(pastEnd, 40)).toThrow(/past its 40/);
    // A stored 0: the bitmap would have left that word out.
    const zero = stored.slice();
    zero[8] = 0;
    zero[9] = 0;
    expect(() => FilterPart.decode(zero, 40, 'filters part 3')).toThrow(IndexFormatError);
    expect(() => FilterPart.decode(zero, 40, 'filters part 3')).toThrow(/filters part 3 stores a zero/);
  });

  it('store an empty part as nothing', () => {
    expect(encodeFilterPart(new Uint16Array(0)).length).toBe(0);
    expect(FilterPart.decode(new Uint8Array(0), 0).toWords()).toEqual(new Uint16Array(0));
  });
});
