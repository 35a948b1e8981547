import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize';
import { ENGLISH_STOPWORDS } from './stopwords';
import { hashWord, tokenizeWords, wordHolding, WORD_CAPITALIZED, WORD_STOPWORD, type WordTokens } from './tokenize';

/** Property runs are CPU-bound; allow for a loaded machine (this is not a timing assertion). */
const PROPERTY_TIMEOUT = { timeout: 60_000 };

const words = (tokens: WordTokens, text: string): string[] =>
  Array.from({ length: tokens.count }, (_, i) => text.slice(tokens.starts[i]!, tokens.ends[i]!));

const flagsOf = (text: string): number[] => Array.from(tokenizeWords(text).flags);

describe('tokenizeWords: examples', () => {
  it('finds no words in empty or punctuation-only text', () => {
    for (const text of ['', '   ', '—', '“”', '\u00AD', '...']) {
      const tokens = tokenizeWords(text);
      expect(tokens.count).toBe(0);
      expect(tokens.hashes.length).toBe(0);
    }
  });

  it('splits a sentence into words whose offsets cover the original characters', () => {
    const text = '“Their presence at Ashraf is a major risk,” he added.';
    const tokens = tokenizeWords(text);
    expect(words(tokens, text)).toEqual(['Their', 'presence', 'at', 'Ashraf', 'is', 'a', 'major', 'risk', 'he', 'added']);
  });

  it('keeps apostrophes, soft hyphens and zero-width characters inside the word they split', () => {
    const text = 'Iran’s ter\u00ADror\u200Bist group';
    const tokens = tokenizeWords(text);
    expect(words(tokens, text)).toEqual(['Iran’s', 'ter\u00ADror\u200Bist', 'group']);
  });

  it('covers a ligature or an astral letter entirely', () => {
    const text = 'ﬁnal \u{1D400}BC';
    expect(words(tokenizeWords(text), text)).toEqual(['ﬁnal', '\u{1D400}BC']);
  });

  it('hashes equivalent spellings of a word identically', () => {
    const same = (variants: string[]): void => {
      const hashes = variants.map((v) => {
        const tokens = tokenizeWords(v);
        expect(tokens.count).toBe(1);
        return tokens.hashes[0];
      });
      expect(new Set(hashes).size).toBe(1);
    };
    same(['Iran’s', "Iran's", 'Irans', 'IRAN’S', 'iran‘s']);
    same(['final', 'ﬁnal', 'FINAL', 'ｆｉｎａｌ']);
    same(['terrorist', 'ter\u00ADrorist', 'terror\u200Bist']);
    same(['Mujahedin', 'MUJAHEDIN', 'mujahedin']);
  });

  it('hashes different words differently', () => {
    const tokens = tokenizeWords('camp ashraf iraq iran baghdad diyala muthanna maliki');
    expect(new Set(tokens.hashes).size).toBe(tokens.count);
  });

  it('hashes each word as hashWord does on its normalized form', () => {
    const text = 'The MKO’s “non-forcible” départ';
    const tokens = tokenizeWords(text);
    const normalized = normalizeText(text).text.split(' ');
    expect(Array.from(tokens.hashes)).toEqual(normalized.map(hashWord));
  });

  it('flags English function words whatever their case', () => {
    const stop = (text: string): boolean[] => flagsOf(text).map((f) => (f & WORD_STOPWORD) !== 0);
    expect(stop('The camp of THE group and its members')).toEqual([true, false, true, true, false, true, true, false]);
  });

  it('flags every listed stopword, and only those, as a function word', () => {
    for (const word of ENGLISH_STOPWORDS) {
      expect(normalizeText(word).text).toBe(word);
      expect(flagsOf(word)[0]! & WORD_STOPWORD).toBe(WORD_STOPWORD);
    }
    for (const word of ['camp', 'iraq', 'terrorist', 'government', 'the1']) {
      expect(flagsOf(word)[0]! & WORD_STOPWORD).toBe(0);
    }
  });

  it('flags words that start with a capital letter in the original text', () => {
    const cap = (text: string): boolean[] => flagsOf(text).map((f) => (f & WORD_CAPITALIZED) !== 0);
    expect(cap('The Iraqi government met MKO leaders in Baghdad')).toEqual([true, true, false, false, true, false, false, true]);
    expect(cap('iPhone 2009 ’Tis Élan ｗide Ｗide')).toEqual([false, false, true, true, false, true]);
  });

  it('flags a word as both stopword and capitalized when it starts a sentence', () => {
    const [flag] = flagsOf('The');
    expect(flag).toBe(WORD_STOPWORD | WORD_CAPITALIZED);
  });

  it('flags a word that starts with a capital letter outside the BMP as capitalized', () => {
    // U+10400 DESERET CAPITAL LETTER LONG I, lower case U+10428; U+1E900 ADLAM CAPITAL LETTER ALIF.
    expect(flagsOf('\u{10400}\u{10428} \u{1E900}\u{1E922}').map((f) => (f & WORD_CAPITALIZED) !== 0)).toEqual([true, true]);
    expect(flagsOf('\u{10428}\u{10428}')[0]! & WORD_CAPITALIZED).toBe(0);
  });
});

const TRICKY = [
  'Iran', 'iraq', 'The', 'of', ' ', '  ', '\n', '.', ',', '’', "'", '“', '”', '—', '-', '\u00AD', '\u200B', '\u00A0',
  'ﬁ', 'Ａ', 'é', 'e\u0301', '\u0301', 'İ', 'ß', '\u{1D400}', '\u{1F600}', '1980', 'MKO', '½',
];
const textArb = fc.oneof(
  fc.array(fc.constantFrom(...TRICKY), { maxLength: 30 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

describe('tokenizeWords: properties', PROPERTY_TIMEOUT, () => {
  it('maps every word back to original characters that normalize to that one word with that hash', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const tokens = tokenizeWords(text);
        for (let i = 0; i < tokens.count; i++) {
          const original = text.slice(tokens.starts[i]!, tokens.ends[i]!);
          const normalized = normalizeText(original).text;
          expect(normalized).not.toContain(' ');
          expect(normalized.length).toBeGreaterThan(0);
          expect(hashWord(normalized)).toBe(tokens.hashes[i]);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('returns words in order, non-empty and non-overlapping', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const tokens = tokenizeWords(text);
        expect(tokens.hashes.length).toBe(tokens.count);
        expect(tokens.flags.length).toBe(tokens.count);
        for (let i = 0; i < tokens.count; i++) {
          expect(tokens.starts[i]).toBeLessThan(tokens.ends[i]!);
          expect(tokens.ends[i]).toBeLessThanOrEqual(text.length);
          if (i > 0) expect(tokens.starts[i]).toBeGreaterThanOrEqual(tokens.ends[i - 1]!);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('finds as many words as the normalized text has', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const normalized = normalizeText(text).text;
        expect(tokenizeWords(text).count).toBe(normalized === '' ? 0 : normalized.split(' ').length);
      }),
    );
  });

  it('gives the same hashes to a text and its upper-cased, curly-quoted, re-spaced variant', () => {
    const word = fc.constantFrom('iran', "iran's", 'camp', 'ashraf', 'the', 'of', 'group', 'mujahedin', 'khalq', '2003');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, fc.boolean(), fc.constantFrom(' ', '\n', '\u00A0', ' — ', ', ')), { maxLength: 20 }), (parts) => {
        const plain = parts.map(([w]) => w).join(' ');
        const styled = parts.map(([w, upper, sep]) => (upper ? w.toUpperCase() : w).replace("'", '’') + sep).join('');
        expect(Array.from(tokenizeWords(styled).hashes)).toEqual(Array.from(tokenizeWords(plain).hashes));
      }),
    );
  });
});

describe('tokenizeWords: the code-unit path agrees with normalizeText', PROPERTY_TIMEOUT, () => {
  /** `tokenizeWords` as written over `normalizeText` alone: the reference the faster path must equal. */
  const reference = (text: string): WordTokens => {
    const normalized = normalizeText(text);
    const parts = normalized.text === '' ? [] : normalized.text.split(' ');
    const hashes: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const flags: number[] = [];
    let at = 0;
    for (const part of parts) {
      const start = normalized.starts[at]!;
      hashes.push(hashWord(part));
      starts.push(start);
      ends.push(normalized.ends[at + part.length - 1]!);
      const first = String.fromCodePoint(text.codePointAt(start)!);
      flags.push((ENGLISH_STOPWORDS.includes(part) ? WORD_STOPWORD : 0) | (first !== first.toLowerCase() ? WORD_CAPITALIZED : 0));
      at += part.length + 1;
    }
    return { count: parts.length, hashes: Uint32Array.from(hashes), starts: Uint32Array.from(starts), ends: Uint32Array.from(ends), flags: Uint8Array.from(flags) };
  };
  // ASCII, typography of news text, letters of other scripts, and units only normalizeText handles.
  const UNITS = [
    ...'aZ09 .,-\'`"\n\t', '’', '‘', '“', '”', '–', '—', '…', '\u00A0', '\u00AD', '\u200B', '\u200E', 'é', 'É', 'ß', 'ẞ', 'İ', 'Σ', 'ς',
    'Ж', 'ж', 'ا', '中', '\u0301', 'e\u0301', 'ﬁ', '½', '²', 'Ⅻ', '\u{1D400}', '😀', 'ｶ', '™', '\uFEFF',
  ];
  const texts = fc.array(fc.constantFrom(...UNITS, 'the', 'The', 'OF', 'Iran', 'council'), { maxLength: 40 }).map((parts) => parts.join(''));

  it('gives the same tokens as normalizeText for any mix of units', () => {
    fc.assert(
      fc.property(fc.oneof(texts, fc.string({ unit: 'binary', maxLength: 30 })), (text) => {
        expect(tokenizeWords(text)).toEqual(reference(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('wordHolding', () => {
  it('names the word holding a character, the word before for a space, the first word before any', () => {
    const text = '  Ferry fares rise';
    const tokens = tokenizeWords(text);
    expect(wordHolding(tokens, text.indexOf('Ferry'))).toBe(0);
    expect(wordHolding(tokens, text.indexOf('fares') + 2)).toBe(1);
    expect(wordHolding(tokens, text.indexOf(' rise'))).toBe(1);
    expect(wordHolding(tokens, text.length - 1)).toBe(2);
    expect(wordHolding(tokens, 0)).toBe(0);
    expect(wordHolding(tokenizeWords(''), 5)).toBe(0);
  });
});
