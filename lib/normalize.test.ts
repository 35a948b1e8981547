import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizedWord, normalizeText, type NormalizedText } from './normalize';

/** Property runs are CPU-bound; allow for a loaded machine (this is not a timing assertion). */
const PROPERTY_TIMEOUT = { timeout: 60_000 };

const norm = (input: string): string => normalizeText(input).text;

/** The words of a normalized text with the original range each one maps back to. */
function wordsWithSources(n: NormalizedText): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  let from = 0;
  for (let i = 0; i <= n.text.length; i++) {
    if (i < n.text.length && n.text[i] !== ' ') continue;
    if (i > from) out.push({ word: n.text.slice(from, i), start: n.starts[from]!, end: n.ends[i - 1]! });
    from = i + 1;
  }
  return out;
}

/** Every structural invariant of `normalizeText(input)` that does not hold, as readable messages. */
function invariantViolations(input: string): string[] {
  const n = normalizeText(input);
  const problems: string[] = [];
  if (n.starts.length !== n.text.length || n.ends.length !== n.text.length) problems.push('map lengths differ from text length');
  // No leading, trailing or doubled spaces; only word characters and single spaces.
  if (/^ | $| {2}/.test(n.text)) problems.push(`bad spacing in ${JSON.stringify(n.text)}`);
  if (!/^[\p{L}\p{N}\p{M} ]*$/u.test(n.text)) problems.push(`non-word character in ${JSON.stringify(n.text)}`);
  for (let i = 0; i < n.text.length; i++) {
    const [start, end] = [n.starts[i]!, n.ends[i]!];
    if (start > input.length || end > input.length) problems.push(`offset out of range at ${i}`);
    if (n.text[i] !== ' ' && !(start < end)) problems.push(`empty source range at ${i}`);
    if (i > 0 && start < n.starts[i - 1]!) problems.push(`starts decrease at ${i}`);
    if (i > 0 && end < n.ends[i - 1]!) problems.push(`ends decrease at ${i}`);
  }
  // Every word maps back to original characters that normalize to exactly that word.
  for (const { word, start, end } of wordsWithSources(n)) {
    const back = norm(input.slice(start, end));
    if (back !== word) problems.push(`word ${JSON.stringify(word)} maps back to ${JSON.stringify(input.slice(start, end))} → ${JSON.stringify(back)}`);
  }
  return problems;
}

/** Fails with the list of violated invariants, if any. */
function checkInvariants(input: string): void {
  expect(invariantViolations(input)).toEqual([]);
}

describe('normalizeText: examples', () => {
  it('returns empty text and empty maps for empty or separator-only input', () => {
    for (const input of ['', '   ', '\n\t', '—.,;!?', '\u00AD\u200B', '\u00A0\u00A0']) {
      const n = normalizeText(input);
      expect(n.text).toBe('');
      expect(n.starts.length).toBe(0);
      expect(n.ends.length).toBe(0);
    }
  });

  it('expands NFKC ligatures: "ﬁ" becomes "fi" and both letters map to the ligature', () => {
    const n = normalizeText('ﬁnance');
    expect(n.text).toBe('finance');
    expect(Array.from(n.starts.slice(0, 2))).toEqual([0, 0]);
    expect(Array.from(n.ends.slice(0, 2))).toEqual([1, 1]);
    expect(norm('ﬂow')).toBe(norm('flow'));
  });

  it('folds full-width letters and digits to ASCII', () => {
    expect(norm('ＩＲＡＱ ２００３')).toBe('iraq 2003');
    expect(norm('Ｃａｍｐ　Ａｓｈｒａｆ')).toBe('camp ashraf'); // U+3000 ideographic space separates
  });

  it('folds case, including non-ASCII capitals', () => {
    expect(norm('CAMP Ashraf')).toBe('camp ashraf');
    expect(norm('ÉCOLE ΑΘΗΝΑ')).toBe(norm('école αθηνα'));
  });

  it('treats curly and straight apostrophes as absent: "Iran’s" == "Iran\'s" == "Irans"', () => {
    expect(norm('Iran’s')).toBe('irans');
    expect(norm("Iran's")).toBe('irans');
    expect(norm('Irans')).toBe('irans');
    expect(norm('Iran‘s')).toBe('irans');
    expect(norm('Iranʼs')).toBe('irans'); // U+02BC modifier letter apostrophe
  });

  it('treats double quotes, straight or curly, as separators', () => {
    expect(norm('“non-forcible”manner')).toBe('non forcible manner');
    expect(norm('"act humanely"')).toBe('act humanely');
    expect(norm('in a”non-forcible”manner')).toBe(norm('in a "non-forcible" manner'));
  });

  it('treats en and em dashes and hyphens as word separators', () => {
    expect(norm('Iran–Iraq')).toBe('iran iraq');
    expect(norm('Saddam Hussein — from whom')).toBe('saddam hussein from whom');
    expect(norm('Saddam Hussein—from whom')).toBe('saddam hussein from whom');
    expect(norm('Iraq-Iran war')).toBe('iraq iran war');
  });

  it('removes soft hyphen and zero-width characters inside words without splitting them', () => {
    expect(norm('ter\u00ADror\u00ADist')).toBe('terrorist');
    expect(norm('ter\u200Brorist')).toBe('terrorist');
    expect(norm('ter\u200C\u200D\u2060\uFEFFrorist')).toBe('terrorist');
    const n = normalizeText('ab\u00ADcd');
    expect(n.text).toBe('abcd');
    expect(Array.from(n.starts)).toEqual([0, 1, 3, 4]);
    expect(Array.from(n.ends)).toEqual([1, 2, 4, 5]);
  });

  it('collapses NBSP, tabs and line breaks into one space', () => {
    expect(norm('Camp\u00A0Ashraf')).toBe('camp ashraf');
    expect(norm('Camp \r\n\t Ashraf')).toBe('camp ashraf');
    expect(norm('  Camp\n\nAshraf  ')).toBe('camp ashraf');
    expect(norm('Camp\u2028Ashraf\u202FIraq')).toBe('camp ashraf iraq');
  });

  it('maps a collapsed space to the whole run of separators it replaces', () => {
    const n = normalizeText('ab ,\n cd');
    expect(n.text).toBe('ab cd');
    expect(n.starts[2]).toBe(2);
    expect(n.ends[2]).toBe(6);
  });

  it('ignores punctuation', () => {
    expect(norm('Iraq, Iran; and (the) U.S.!?')).toBe('iraq iran and the u s');
    expect(norm('[remnants]')).toBe('remnants');
  });

  it('keeps digits, letters of other scripts and their marks', () => {
    expect(norm('1980-88')).toBe('1980 88');
    expect(norm('مجاهدین خلق')).toBe('مجاهدین خلق');
  });

  it('maps characters outside the BMP to both of their code units', () => {
    const n = normalizeText('x\u{1D400}y'); // MATHEMATICAL BOLD CAPITAL A
    expect(n.text).toBe('xay');
    expect(n.starts[1]).toBe(1);
    expect(n.ends[1]).toBe(3);
  });

  it('gives precomposed "é" and decomposed "e\\u0301" the same normalized text', () => {
    expect(norm('\u00E9')).toBe('\u00E9');
    expect(norm('e\u0301')).toBe(norm('\u00E9'));
    expect(norm('cafe\u0301')).toBe(norm('caf\u00E9'));
  });

  it('maps a composed letter back to both the base letter and its combining mark', () => {
    const n = normalizeText('cafE\u0301x');
    // "E" + U+0301 becomes one character "é" covering input [3, 5).
    expect(n.text).toBe('caf\u00E9x');
    expect(n.starts[3]).toBe(3);
    expect(n.ends[3]).toBe(5);
  });

  it('composes non-ASCII bases with their combining marks', () => {
    expect(norm('\u00F8\u0301')).toBe('\u01FF'); // ø + acute → ǿ
    expect(norm('\u0391\u0301')).toBe(norm('\u0386')); // Α + acute → ά
  });

  it('maps each normalized word of a real sentence back to its original characters', () => {
    const input = '“Moving them to Nuqrat al-Salman (prison) is a step towards expelling them,” Maliki wrote.';
    const n = normalizeText(input);
    const words = wordsWithSources(n);
    expect(words.map((w) => input.slice(w.start, w.end))).toEqual([
      'Moving', 'them', 'to', 'Nuqrat', 'al', 'Salman', 'prison', 'is', 'a', 'step', 'towards', 'expelling', 'them',
      'Maliki', 'wrote',
    ]);
  });

  it('keeps a character whose compatibility form holds punctuation ("½") inside one word', () => {
    // NFKC("½") = "1⁄2": the fraction slash is not a word character. Splitting it
    // into the words "1" and "2" that both map to the same single input character
    // makes the end offsets go backwards and breaks mapping words back.
    checkInvariants('a½b');
    checkInvariants('at 7㏂ today');
  });
});

// Characters that stress normalization: ligatures, full-width, quotes, dashes,
// ignorables, spaces, combining marks, astral letters, case specials, lone surrogates.
const TRICKY = [
  'a', 'b', 'E', 'z', '1', ' ', '  ', '.', ',', '-', "'", '"', '’', '‘', '“', '”', '–', '—', '\u00AD', '\u200B',
  '\u200D', '\uFEFF', '\u00A0', '\n', '\r\n', '\t', 'ﬁ', 'ﬂ', 'Ａ', '１', 'é', 'É', 'e\u0301', '\u0301', '\u0308',
  'İ', 'ß', 'ǅ', 'ς', 'Σ', '\u{1D400}', '\u{1F600}', '\uD800', '\uDC00', 'ﬃ', '㎏', '™', '…', 'ǈ', 'ŉ', 'ﷲ', 'ー',
  '\u0640', '\u0130\u0301', 'क्ष', '\u2060', '\u180E', '´', '`', '½', '㏂',
];
const trickyString = fc.array(fc.constantFrom(...TRICKY), { maxLength: 40 }).map((parts) => parts.join(''));
// Without the invisible characters that normalization deletes, nor compatibility
// characters holding punctuation: deleting either between a letter and a combining
// mark legitimately lets them compose on a second pass.
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF\u180E'’‘´`½㏂]/u;
const visibleTrickyString = fc
  .array(fc.constantFrom(...TRICKY.filter((ch) => !INVISIBLE.test(ch))), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('normalizeText: properties', PROPERTY_TIMEOUT, () => {
  it('holds its invariants for arbitrary printable graphemes', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), checkInvariants), { numRuns: 500 });
  });

  it('holds its invariants for arbitrary code points', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), checkInvariants), { numRuns: 500 });
  });

  it('holds its invariants for arbitrary UTF-16 code units, lone surrogates included', () => {
    const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((units) => String.fromCharCode(...units));
    fc.assert(fc.property(codeUnits, checkInvariants), { numRuns: 500 });
  });

  it('holds its invariants for strings built from tricky characters', () => {
    fc.assert(fc.property(trickyString, checkInvariants), { numRuns: 1000 });
  });

  it('holds its invariants for ASCII with control characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 60 }), checkInvariants), { numRuns: 300 });
  });

  it('is idempotent: normalizing normalized text changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(visibleTrickyString, fc.string({ unit: 'grapheme', maxLength: 30 })), (input) => {
        const once = norm(input);
        expect(norm(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('gives canonically equivalent Latin text (NFC or NFD) the same normalized text', () => {
    const latin = fc.constantFrom(
      ...'aeiouncAEIOUNC ,.'.split(''),
      '\u00E9', '\u00C9', '\u00F1', '\u00FC', '\u00C7', '\u00E5', '\u0301', '\u0308', '\u0327', '\u0303',
    );
    fc.assert(
      fc.property(fc.string({ unit: latin, maxLength: 30 }), (input) => {
        expect(norm(input.normalize('NFD'))).toBe(norm(input.normalize('NFC')));
      }),
      { numRuns: 500 },
    );
  });

  it('ignores soft hyphens and zero-width characters inserted anywhere inside ASCII words', () => {
    const ignorable = fc.constantFrom('\u00AD', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF');
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'abcXYZ019 .,'.split('')), maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(), ignorable), { maxLength: 6 }),
        (text, inserts) => {
          let edited = text;
          for (const [at, ch] of inserts) {
            const pos = at % (edited.length + 1);
            edited = edited.slice(0, pos) + ch + edited.slice(pos);
          }
          expect(norm(edited)).toBe(norm(text));
        },
      ),
    );
  });

  it('gives the same text whatever separators and casing join the same words', () => {
    const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split('')), minLength: 1, maxLength: 8 });
    const separator = fc.array(fc.constantFrom(' ', '\n', '\u00A0', '—', '–', '-', '"', '“', '”', ',', '.', '(', ')', '\t'), {
      minLength: 1,
      maxLength: 4,
    }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(word, separator, fc.boolean()), { minLength: 1, maxLength: 10 }), (parts) => {
        const plain = parts.map(([w]) => w).join(' ');
        const styled = parts.map(([w, sep, upper]) => (upper ? w.toUpperCase() : w) + sep).join('');
        expect(norm(styled)).toBe(plain);
      }),
    );
  });
});

describe('normalizedWord', () => {
  it('gives what normalizeText gives: plain words as they are, ASCII folded, anything else the full way', () => {
    const plain = 'harbour2024';
    expect(normalizedWord(plain)).toBe(plain);
    expect(normalizedWord("Iran's")).toBe('irans');
    expect(normalizedWord('`Ferry`')).toBe('ferry');
    expect(normalizedWord('Ærø’s')).toBe(normalizeText('Ærø’s').text);
    expect(normalizedWord('ﬁsh')).toBe('fish');
    expect(normalizedWord(' two  words ')).toBe('two words');
    expect(normalizedWord('')).toBe('');
  });

  it('equals normalizeText(input).text on any input', PROPERTY_TIMEOUT, () => {
    const asciiWord = fc.stringMatching(/^[A-Za-z0-9'`]{0,12}$/);
    fc.assert(fc.property(fc.oneof(asciiWord, fc.string(), fc.string({ unit: 'grapheme' })), (input) => normalizedWord(input) === normalizeText(input).text), { numRuns: 2000 });
  });
});
