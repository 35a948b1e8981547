import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashWord, tokenizeWords } from './tokenize';
import { queryWordHashes, WordIndex, WordIndexBuilder, WordIndexError } from './word-index';

/** The word index of `texts` as bytes. */
function encode(texts: readonly string[]): Uint8Array {
  const builder = new WordIndexBuilder();
  for (const text of texts) builder.add(tokenizeWords(text));
  return builder.encode();
}

const HARBOUR = [
  'The east quay will be closed to all commercial vessels for eleven weeks.',
  'The island ferry will run every forty minutes from the first of July.',
  'Commercial vessels may use the west quay while the east quay is closed.',
  'Über die Brücke: the ferry’s new café opens on the QUAY.',
];

describe('queryWordHashes', () => {
  it('asks for each content word once, as the matcher normalizes it, or for it with an s', () => {
    const [quay, ...rest] = queryWordHashes('The quay, the QUAY and the quay');
    expect(rest).toHaveLength(0);
    expect(quay).toEqual(Uint32Array.of(hashWord('quay'), hashWord('quays')));
    expect(queryWordHashes('the of and it')).toHaveLength(0);
    expect(queryWordHashes('Brücke café')).toEqual(queryWordHashes('brücke CAFÉ'));
  });
});

describe('WordIndex', () => {
  const index = WordIndex.decode(encode(HARBOUR));

  it('finds the documents holding every content word of a query, in order, ignoring case and function words', () => {
    expect(index.documentCount).toBe(4);
    expect(index.documentsWithEvery(queryWordHashes('quay'))).toEqual([0, 2, 3]);
    expect(index.documentsWithEvery(queryWordHashes('the QUAY vessels'))).toEqual([0, 2]);
    expect(index.documentsWithEvery(queryWordHashes('café brücke'))).toEqual([3]);
    // Accents are kept, as the matcher keeps them.
    expect(index.documentsWithEvery(queryWordHashes('cafe'))).toEqual([]);
  });

  it('finds a word’s plural and possessive too (normalized alike: "ferry’s" is "ferrys")', () => {
    expect(index.documentsWithEvery(queryWordHashes('ferry'))).toEqual([1, 3]);
    expect(index.documentsWithEvery(queryWordHashes('vessel commercial'))).toEqual([0, 2]);
    expect(index.documentsWithEvery(queryWordHashes('ferrys'))).toEqual([3]);
  });

  it('finds nothing for a word no document holds, or for a query of function words only', () => {
    expect(index.documentsWithEvery(queryWordHashes('quay submarine'))).toEqual([]);
    expect(index.documentsWithEvery(queryWordHashes('the'))).toEqual([]);
    expect(index.documentsWithEvery([])).toEqual([]);
  });

  it('stops at the limit, keeping the first documents', () => {
    expect(index.documentsWithEvery(queryWordHashes('quay'), 2)).toEqual([0, 2]);
  });

  it('agrees with a scan of every document, for any texts and query', () => {
    const word = fc.constantFrom('quay', 'quays', 'ferry', 'vessel', 'vessels', 'the', 'of', 'Harbour', 'weeks', 'café', 'island', 'x1', 'run');
    fc.assert(
      fc.property(fc.array(fc.array(word, { maxLength: 12 }), { maxLength: 20 }), fc.array(word, { minLength: 1, maxLength: 3 }), (documents, query) => {
        const texts = documents.map((words) => words.join(' '));
        const groups = queryWordHashes(query.join(' '));
        const holds = (text: string, group: Uint32Array): boolean => {
          const tokens = tokenizeWords(text);
          return tokens.hashes.some((hash) => group.includes(hash));
        };
        const expected = groups.length === 0 ? [] : texts.flatMap((text, d) => (groups.every((group) => holds(text, group)) ? [d] : []));
        expect(WordIndex.decode(encode(texts)).documentsWithEvery(groups)).toEqual(expected);
      }),
    );
  });

  it('stores each document as its distance from the one before, in one byte below 128, more above', () => {
    const texts = Array.from({ length: 65_540 }, (_, d) => (d % 10_000 === 7 || d === 65_539 ? 'rare lighthouse' : 'common'));
    const bytes = encode(texts);
    const wide = WordIndex.decode(bytes);
    expect(wide.documentsWithEvery(queryWordHashes('lighthouse'))).toEqual([7, 10_007, 20_007, 30_007, 40_007, 50_007, 60_007, 65_539]);
    expect(wide.documentsWithEvery(queryWordHashes('common'), 3)).toEqual([0, 1, 2]);
    expect(wide.documentsWithEvery(queryWordHashes('common')).at(-1)).toBe(65_538);
    // "common": 65,532 documents 1 or 2 apart, a byte each; "rare" and "lighthouse": 8 (a byte), then
    // distances of 10,000 and 5,532 (two bytes each).
    expect(bytes.length).toBe(20 + 8 * 3 + 4 + 65_532 + 2 * (1 + 7 * 2));
  });

  it('writes the same bytes for the same texts', () => {
    expect(encode(HARBOUR)).toEqual(encode([...HARBOUR]));
    expect(encode([])).toEqual(encode([]));
    expect(WordIndex.decode(encode([])).documentsWithEvery(queryWordHashes('quay'))).toEqual([]);
  });
});

describe('WordIndex.decode', () => {
  const good = encode(HARBOUR);
  const withU32 = (bytes: Uint8Array, offset: number, value: number): Uint8Array => {
    const copy = bytes.slice();
    new DataView(copy.buffer).setUint32(offset, value, true);
    return copy;
  };

  it('refuses bytes that are not a word index of this version', () => {
    expect(() => WordIndex.decode(new Uint8Array(3))).toThrow(WordIndexError);
    expect(() => WordIndex.decode(withU32(good, 0, 0x12345678))).toThrow(/not a word index/);
    expect(() => WordIndex.decode(withU32(good, 4, 2))).toThrow(/format version 2, expected 1/);
  });

  it('refuses truncated or damaged tables, in bounded time, without reading past them', () => {
    expect(() => WordIndex.decode(good.subarray(0, good.length - 1))).toThrow(/truncated/);
    expect(() => WordIndex.decode(withU32(good, 12, 0xffffffff))).toThrow(/truncated/);
    expect(() => WordIndex.decode(new Uint8Array([...good, 0]))).toThrow(/trailing bytes/);
    const keyCount = new DataView(good.buffer).getUint32(12, true);
    // Keys out of order, an offset past the documents, a document number out of range.
    expect(() => WordIndex.decode(withU32(good, 20, 0xffffffff))).toThrow(/keys are not increasing/);
    expect(() => WordIndex.decode(withU32(good, 20 + 4 * keyCount + 4, 0xffff))).toThrow(/offsets are not increasing/);
    // The first key's list, rewritten: a document past the last, twice the same document, a varint cut short.
    const listsAt = 20 + 8 * keyCount + 4;
    const firstList = good[listsAt]!;
    expect(firstList).toBeLessThan(0x80);
    const withFirstByte = (value: number): Uint8Array => {
      const copy = good.slice();
      copy[listsAt] = value;
      return copy;
    };
    expect(() => WordIndex.decode(withFirstByte(5))).toThrow(/out of order or range/);
    expect(() => WordIndex.decode(withFirstByte(0))).toThrow(/out of order or range/);
    expect(() => WordIndex.decode(withFirstByte(0x81))).toThrow(/damaged list|out of order or range/);
    expect(() => WordIndex.decode(withU32(good, 16, 1))).toThrow(/entries, not the 1 it says/);
  });
});
