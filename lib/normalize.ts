/**
 * Text normalization for matching, with an offset map back to the original string.
 *
 * Matching compares words, not typography: the same sentence copied with curly
 * quotes, a soft hyphen, a non-breaking space or different capitalisation must
 * still compare equal. Every character of the normalized text remembers which
 * characters of the input produced it, so a match found in normalized text can
 * be painted on exactly the original characters.
 */

/** A normalized string with, for each of its UTF-16 code units, the input range it came from. */
export interface NormalizedText {
  /** Lower-cased NFKC letters and digits; words separated by exactly one space; no leading/trailing space. */
  readonly text: string;
  /** `starts[i]` is the offset in the input of the first code unit that produced `text[i]`. */
  readonly starts: Uint32Array;
  /** `ends[i]` is the offset in the input just past the last code unit that produced `text[i]`. */
  readonly ends: Uint32Array;
}

// Characters that vanish without separating words: soft hyphen, zero-width
// space/joiners, word joiner, BOM, Mongolian vowel separator, and apostrophes
// (so that "Iran's", "Iran’s" and "Irans" compare equal).
const IGNORABLE = new Set([
  0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x180e,
  0x0027, 0x2018, 0x2019, 0x201b, 0x02bc, 0x2032, 0x0060, 0x00b4,
]);

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const COMBINING_MARK = /^\p{M}$/u;
const FORMAT_CHAR = /^\p{Cf}$/u;

/** ASCII fast path: 0 = separator, 1 = ignorable, otherwise the lower-cased code unit. */
const ASCII_CLASS = new Uint16Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 0x30 && c <= 0x39) ASCII_CLASS[c] = c;
  else if (c >= 0x61 && c <= 0x7a) ASCII_CLASS[c] = c;
  else if (c >= 0x41 && c <= 0x5a) ASCII_CLASS[c] = c + 32;
  else if (c === 0x27 || c === 0x60) ASCII_CLASS[c] = 1;
  else ASCII_CLASS[c] = 0;
}

/**
 * Normalizes `input` for matching: Unicode NFKC, case folding, quotes, dashes and
 * all other punctuation treated as word separators (apostrophes, soft hyphens and
 * zero-width characters removed), whitespace collapsed to single spaces.
 */
export function normalizeText(input: string): NormalizedText {
  let capacity = input.length + 16;
  let codes = new Uint16Array(capacity);
  let starts = new Uint32Array(capacity);
  let ends = new Uint32Array(capacity);
  let length = 0;
  let pendingSeparator = false;
  let separatorStart = 0;

  const push = (code: number, start: number, end: number): void => {
    if (length + 2 > capacity) {
      capacity *= 2;
      const grownCodes = new Uint16Array(capacity);
      grownCodes.set(codes);
      codes = grownCodes;
      const grownStarts = new Uint32Array(capacity);
      grownStarts.set(starts);
      starts = grownStarts;
      const grownEnds = new Uint32Array(capacity);
      grownEnds.set(ends);
      ends = grownEnds;
    }
    if (pendingSeparator) {
      // One space stands for the whole run of separators between two words.
      if (length > 0) {
        codes[length] = 0x20;
        starts[length] = separatorStart;
        ends[length] = start;
        length++;
      }
      pendingSeparator = false;
    }
    codes[length] = code;
    starts[length] = start;
    ends[length] = end;
    length++;
  };
  const separate = (at: number): void => {
    if (!pendingSeparator) {
      pendingSeparator = true;
      separatorStart = at;
    }
  };

  let i = 0;
  while (i < input.length) {
    const c = input.charCodeAt(i);
    // ASCII fast path, unless a combining mark follows (then "e" + U+0301 must compose).
    if (c < 128 && !(i + 1 < input.length && input.charCodeAt(i + 1) >= 0x300 && COMBINING_MARK.test(input[i + 1]!))) {
      const cls = ASCII_CLASS[c]!;
      if (cls > 1) push(cls, i, i + 1);
      else if (cls === 0) separate(i);
      i++;
      continue;
    }
    // A unit is one code point plus the combining marks that follow it, so that
    // "e" + U+0301 composes to "é" under NFKC and maps back to both code units.
    const start = i;
    const cp = input.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (IGNORABLE.has(cp)) continue;
    while (i < input.length) {
      const next = input.codePointAt(i)!;
      if (next < 0x300 || !COMBINING_MARK.test(String.fromCodePoint(next))) break;
      i += next > 0xffff ? 2 : 1;
    }
    const unit = input.slice(start, i);
    if (FORMAT_CHAR.test(String.fromCodePoint(cp)) && unit.length === (cp > 0xffff ? 2 : 1)) continue;
    const folded = unit.normalize('NFKC').toLowerCase();
    // One input character must not become two words ("½" → "1⁄2"): punctuation
    // between the letters of one unit's expansion is dropped, not a separator.
    let unitHasWord = false;
    let unitSeparator = false;
    for (const ch of folded) {
      const code = ch.codePointAt(0)!;
      if (IGNORABLE.has(code)) continue;
      if (!WORD_CHAR.test(ch)) {
        unitSeparator = true;
        continue;
      }
      if (unitSeparator && !unitHasWord) separate(start);
      unitSeparator = false;
      unitHasWord = true;
      for (let u = 0; u < ch.length; u++) push(ch.charCodeAt(u), start, i);
    }
    if (unitSeparator) separate(start);
  }

  let text = '';
  const CHUNK = 8192;
  for (let from = 0; from < length; from += CHUNK) {
    text += String.fromCharCode(...codes.subarray(from, Math.min(length, from + CHUNK)));
  }
  return { text, starts: starts.slice(0, length), ends: ends.slice(0, length) };
}

/**
 * `normalizeText(input).text` without the offset maps, for a word or another
 * short text whose offsets nobody needs (the rewritten stage stems every new
 * word it meets through this: on a background just woken, thousands of them,
 * each of which cost `normalizeText` three typed arrays). Words of lower-case
 * ASCII letters and digits come back as they are, other ASCII words
 * lower-cased without their apostrophes, anything else through `normalizeText`.
 */
export function normalizedWord(input: string): string {
  let plain = true;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    // Non-ASCII (NFKC, case folding of any script) or a separator (spaces collapse): the full path.
    if (c >= 128 || ASCII_CLASS[c] === 0) return normalizeText(input).text;
    if (ASCII_CLASS[c] !== c) plain = false;
  }
  if (plain) return input;
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const cls = ASCII_CLASS[input.charCodeAt(i)]!;
    if (cls > 1) out += String.fromCharCode(cls);
  }
  return out;
}
