import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignBanded, DEFAULT_SCORES, type Alignment, type AlignmentSide } from './align';
import { tokenizeWords } from './tokenize';

/** Property runs are CPU-bound; allow for a loaded machine (this is not a timing assertion). */
const PROPERTY_TIMEOUT = { timeout: 60_000 };

function sideOf(text: string, from = 0, to?: number): AlignmentSide {
  const tokens = tokenizeWords(text);
  return { hashes: tokens.hashes, flags: tokens.flags, from, to: to ?? tokens.count };
}

/** Aligns two texts over their whole length with a band wide enough for any shift. */
function align(a: string, b: string): Alignment | null {
  const sa = sideOf(a);
  const sb = sideOf(b);
  return alignBanded(sa, sb, -sa.to, sb.to);
}

const words = (text: string, from: number, to: number): string => text.split(' ').slice(from, to).join(' ');

const SENTENCE = 'the iraqi government intends to take charge of the security of the terrorist training camp';
const N = SENTENCE.split(' ').length; // 15 words, 6 of them stopwords

describe('alignBanded: examples', () => {
  it('aligns identical sequences end to end with every word matched', () => {
    const result = align(SENTENCE, SENTENCE);
    expect(result).toEqual({ aStart: 0, aEnd: N, bStart: 0, bEnd: N, matches: N, score: 9 * 2 + 6 * 1 });
  });

  it('scores content words above function words', () => {
    expect(align('camp ashraf residents', 'camp ashraf residents')!.score).toBe(3 * DEFAULT_SCORES.match);
    const stop = align('of the', 'of the');
    expect(stop!.score).toBe(2 * DEFAULT_SCORES.stopwordMatch);
  });

  it('spans a substituted word and does not count it as a match', () => {
    const b = SENTENCE.replace('security', 'safety');
    const result = align(SENTENCE, b)!;
    expect(result).toMatchObject({ aStart: 0, aEnd: N, bStart: 0, bEnd: N, matches: N - 1 });
  });

  it('spans a word inserted on one side', () => {
    const b = SENTENCE.replace('take charge', 'take full charge');
    const result = align(SENTENCE, b)!;
    expect(result).toMatchObject({ aStart: 0, aEnd: N, bStart: 0, bEnd: N + 1, matches: N });
    const reverse = align(b, SENTENCE)!;
    expect(reverse).toMatchObject({ aStart: 0, aEnd: N + 1, bStart: 0, bEnd: N, matches: N });
  });

  it('spans a word deleted on one side', () => {
    const b = SENTENCE.replace('of the security', 'of security');
    const result = align(SENTENCE, b)!;
    expect(result).toMatchObject({ aStart: 0, aEnd: N, bStart: 0, bEnd: N - 1, matches: N - 1 });
  });

  it('does not extend over an edit followed by a single matching word, which gains no more than it costs', () => {
    const b = SENTENCE.replace('terrorist training camp', 'terrorist camp');
    const result = align(SENTENCE, b)!;
    expect(words(SENTENCE, result.aStart, result.aEnd)).toBe(words(SENTENCE, 0, N - 2));
  });

  it('spans a substitution, an insertion and a deletion together', () => {
    const b = 'the iraqi authorities intends to take full charge of security of the terrorist training camp';
    const result = align(SENTENCE, b)!;
    expect(result.aStart).toBe(0);
    expect(result.aEnd).toBe(N);
    expect(result.bStart).toBe(0);
    expect(result.bEnd).toBe(N);
    expect(result.matches).toBe(N - 2);
  });

  it('returns null when the sequences share no word', () => {
    expect(align('camp ashraf residents relocated', 'football match ended goalless')).toBeNull();
  });

  it('returns null when only a mismatching word could be aligned', () => {
    expect(align('camp', 'football')).toBeNull();
  });

  it('returns null for an empty window or an empty band', () => {
    const s = sideOf(SENTENCE);
    expect(alignBanded({ ...s, from: 3, to: 3 }, s, -5, 5)).toBeNull();
    expect(alignBanded(s, s, 2, 1)).toBeNull();
  });

  it('keeps only the shared passage, not the unrelated words around it', () => {
    const a = 'the council approved the budget ' + SENTENCE + ' before the match started';
    const b = 'rain fell all day ' + SENTENCE + ' and wind followed';
    const result = align(a, b)!;
    expect(words(a, result.aStart, result.aEnd)).toBe(SENTENCE);
    expect(words(b, result.bStart, result.bEnd)).toBe(SENTENCE);
    expect(result.matches).toBe(N);
  });

  it('does not stretch over a stray function word past a mismatch', () => {
    const result = align('baghdad expelled the group members ashraf the', 'baghdad expelled the group members diyala the')!;
    expect(result.aEnd).toBe(5);
    expect(result.bEnd).toBe(5);
  });

  it('stays inside the windows it is given', () => {
    const a = sideOf(SENTENCE, 2, 10);
    const b = sideOf(SENTENCE);
    const result = alignBanded(a, b, -20, 20)!;
    expect(result).toMatchObject({ aStart: 2, aEnd: 10, bStart: 2, bEnd: 10, matches: 8 });
  });

  it('finds nothing when the shared passage lies outside the diagonal band', () => {
    const a = 'iraqi government intends taking charge security terrorist training camp';
    const b = 'one two three four five six seven eight nine ten ' + a; // shifted by 10 words
    expect(alignBanded(sideOf(a), sideOf(b), -3, 3)).toBeNull();
    const shifted = alignBanded(sideOf(a), sideOf(b), 7, 13)!;
    expect(shifted).toMatchObject({ aStart: 0, aEnd: 9, bStart: 10, bEnd: 19, matches: 9 });
  });

  it('honours custom scores', () => {
    const b = SENTENCE.replace('security', 'safety');
    // With a mismatch costing more than the words after it gain, the passage stops at the edit.
    const harsh = alignBanded(sideOf(SENTENCE), sideOf(b), -2, 2, { match: 1, stopwordMatch: 1, mismatch: -100, gap: -100 })!;
    expect(harsh).toMatchObject({ aStart: 0, aEnd: 9, matches: 9 });
  });
});

const WORDS = ['camp', 'ashraf', 'iraq', 'iran', 'group', 'members', 'baghdad', 'the', 'of', 'and', 'a', 'to'];
const wordList = (min: number, max: number): fc.Arbitrary<string[]> =>
  fc.array(fc.constantFrom(...WORDS), { minLength: min, maxLength: max });

describe('alignBanded: properties', PROPERTY_TIMEOUT, () => {
  it('aligns any non-empty sequence with itself end to end', () => {
    fc.assert(
      fc.property(wordList(1, 40), (ws) => {
        const text = ws.join(' ');
        const result = align(text, text)!;
        expect(result).toMatchObject({ aStart: 0, aEnd: ws.length, bStart: 0, bEnd: ws.length, matches: ws.length });
      }),
    );
  });

  it('returns ranges inside the windows and the band, with a positive score no greater than its matches allow', () => {
    fc.assert(
      fc.property(
        wordList(0, 30),
        wordList(0, 30),
        fc.integer({ min: -10, max: 10 }),
        fc.integer({ min: 0, max: 12 }),
        (wa, wb, minDiagonal, extra) => {
          const a = sideOf(wa.join(' '));
          const b = sideOf(wb.join(' '));
          const maxDiagonal = minDiagonal + extra;
          const result = alignBanded(a, b, minDiagonal, maxDiagonal);
          if (!result) return;
          expect(result.aStart).toBeGreaterThanOrEqual(a.from);
          expect(result.aEnd).toBeLessThanOrEqual(a.to);
          expect(result.bStart).toBeGreaterThanOrEqual(b.from);
          expect(result.bEnd).toBeLessThanOrEqual(b.to);
          expect(result.aStart).toBeLessThan(result.aEnd);
          expect(result.bStart).toBeLessThan(result.bEnd);
          expect(result.bStart - result.aStart).toBeGreaterThanOrEqual(minDiagonal);
          expect(result.bStart - result.aStart).toBeLessThanOrEqual(maxDiagonal);
          expect(result.bEnd - result.aEnd).toBeGreaterThanOrEqual(minDiagonal);
          expect(result.bEnd - result.aEnd).toBeLessThanOrEqual(maxDiagonal);
          expect(result.score).toBeGreaterThan(0);
          expect(result.matches).toBeGreaterThan(0);
          expect(result.matches).toBeLessThanOrEqual(Math.min(result.aEnd - result.aStart, result.bEnd - result.bStart));
          expect(result.score).toBeLessThanOrEqual(DEFAULT_SCORES.match * result.matches);
          // The aligned passages start and end with equal words.
          expect(a.hashes[result.aStart]).toBe(b.hashes[result.bStart]);
          expect(a.hashes[result.aEnd - 1]).toBe(b.hashes[result.bEnd - 1]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds the same best score whichever side is A', () => {
    fc.assert(
      fc.property(wordList(0, 25), wordList(0, 25), (wa, wb) => {
        const a = sideOf(wa.join(' '));
        const b = sideOf(wb.join(' '));
        const ab = alignBanded(a, b, -a.to, b.to);
        const ba = alignBanded(b, a, -b.to, a.to);
        expect(ab?.score ?? 0).toBe(ba?.score ?? 0);
      }),
      { numRuns: 300 },
    );
  });

  it('recovers a passage embedded in unrelated words on both sides', () => {
    const noiseA = fc.array(fc.constantFrom('football', 'budget', 'rain', 'the', 'of'), { maxLength: 15 });
    const noiseB = fc.array(fc.constantFrom('council', 'goal', 'weather', 'a', 'and'), { maxLength: 15 });
    const passage = fc.array(fc.constantFrom('camp', 'ashraf', 'iraq', 'iran', 'group', 'members', 'baghdad'), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(noiseA, noiseA, noiseB, noiseB, passage, (a1, a2, b1, b2, p) => {
        const a = [...a1, ...p, ...a2].join(' ');
        const b = [...b1, ...p, ...b2].join(' ');
        const result = align(a, b)!;
        expect(result).toMatchObject({ aStart: a1.length, aEnd: a1.length + p.length, bStart: b1.length, bEnd: b1.length + p.length });
        expect(result.matches).toBe(p.length);
      }),
    );
  });
});
