import { normalizeText } from './normalize';
import { ENGLISH_STOPWORDS } from './stopwords';

/** Word flag: the word is an English function word. */
export const WORD_STOPWORD = 1;
/** Word flag: the word starts with a capital letter in the original text (a likely name). */
export const WORD_CAPITALIZED = 2;

/** The words of a text as parallel typed arrays: cheap to keep for long pages and large corpora. */
export interface WordTokens {
  readonly count: number;
  /** 32-bit hash of each normalized word. */
  readonly hashes: Uint32Array;
  /** Offset of each word's first character in the original text. */
  readonly starts: Uint32Array;
  /** Offset just past each word's last character in the original text. */
  readonly ends: Uint32Array;
  /** Bit set of `WORD_STOPWORD` and `WORD_CAPITALIZED`. */
  readonly flags: Uint8Array;
}

/** FNV-1a over the UTF-16 code units of `text[from, to)`, continuing from `h` (the offset basis by default). */
function hashRange(text: string, from: number, to: number, h = 0x811c9dc5): number {
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Hashes one already-normalized word the way `tokenizeWords` does. */
export function hashWord(normalizedWord: string): number {
  return hashRange(normalizedWord, 0, normalizedWord.length);
}

/** The hash of a normalized word followed by `suffix`, from the word's hash alone (FNV-1a runs on). */
export function hashWithSuffix(hash: number, suffix: string): number {
  return hashRange(suffix, 0, suffix.length, hash);
}

const STOPWORD_HASHES = new Set(ENGLISH_STOPWORDS.map(hashWord));

/** Number of the word of `tokens` holding character `offset`: the last one starting at or before it (0 when none does). */
export function wordHolding(tokens: WordTokens, offset: number): number {
  let lo = 0;
  let hi = tokens.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (tokens.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Splits `text` into normalized words (see `normalizeText`) with their original
 * offsets. Most texts are read one code unit at a time (`tokenizeSimple`); the
 * rest go through `normalizeText`, with the same result.
 */
export function tokenizeWords(text: string): WordTokens {
  return tokenizeSimple(text) ?? tokenizeNormalized(text);
}

/** `unitClass` values other than a word character's. */
const UNKNOWN = 0;
const SEPARATOR = 1;
const IGNORED = 2;
/** Needs `normalizeText`: it composes, expands, or is half of a surrogate pair. */
const COMPLEX = 3;
/** A word character's class: `WORD_BASE + 2 × lower-cased code unit + 1 if it is capitalized`. */
const WORD_BASE = 4;

/**
 * What `normalizeText` makes of each BMP code unit standing alone, found by
 * asking it (between two letters) the first time the unit is seen: a separator,
 * ignored, one lower-cased code unit, or something only it handles.
 */
const unitClasses = new Uint32Array(0x10000);
const COMBINING = /\p{M}/u;

function unitClass(code: number): number {
  const known = unitClasses[code]!;
  if (known !== UNKNOWN) return known;
  let found = COMPLEX;
  // A combining mark changes the unit before it (NFKC composition).
  if ((code < 0xd800 || code > 0xdfff) && !COMBINING.test(String.fromCharCode(code))) {
    const unit = String.fromCharCode(code);
    const normalized = normalizeText(`a${unit}b`);
    if (normalized.text === 'ab') found = IGNORED;
    else if (normalized.text === 'a b') found = SEPARATOR;
    else if (normalized.text.length === 3 && normalized.text[0] === 'a' && normalized.text[2] === 'b' && normalized.text[1] !== ' ' && normalized.starts[1] === 1 && normalized.ends[1] === 2) {
      found = WORD_BASE + 2 * normalized.text.charCodeAt(1) + (unit !== unit.toLowerCase() ? 1 : 0);
    }
  }
  unitClasses[code] = found;
  return found;
}

/**
 * `tokenizeWords` for a text whose every code unit normalizes on its own
 * (`unitClass`), as news text in most scripts does: two passes over the
 * text, no normalized copy, no offset tables. Null when a unit needs
 * `normalizeText`.
 */
function tokenizeSimple(text: string): WordTokens | null {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const cls = unitClass(text.charCodeAt(i));
    if (cls === COMPLEX) return null;
    if (cls >= WORD_BASE) {
      if (!inWord) count++;
      inWord = true;
    } else if (cls === SEPARATOR) {
      inWord = false;
    }
  }
  const hashes = new Uint32Array(count);
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  const flags = new Uint8Array(count);
  let word = -1;
  let h = 0;
  inWord = false;
  const finish = (): void => {
    const hash = h >>> 0;
    hashes[word] = hash;
    if (STOPWORD_HASHES.has(hash)) flags[word]! |= WORD_STOPWORD;
  };
  for (let i = 0; i < text.length; i++) {
    const cls = unitClasses[text.charCodeAt(i)]!;
    if (cls >= WORD_BASE) {
      if (!inWord) {
        word++;
        starts[word] = i;
        flags[word] = (cls & 1) !== 0 ? WORD_CAPITALIZED : 0;
        h = 0x811c9dc5;
        inWord = true;
      }
      // FNV-1a, as hashRange does on the normalized text.
      h ^= (cls - WORD_BASE) >>> 1;
      h = Math.imul(h, 0x01000193);
      ends[word] = i + 1;
    } else if (cls === SEPARATOR && inWord) {
      finish();
      inWord = false;
    }
  }
  if (inWord) finish();
  return { count, hashes, starts, ends, flags };
}

/** `tokenizeWords` through `normalizeText`: any text. */
function tokenizeNormalized(text: string): WordTokens {
  const normalized = normalizeText(text);
  const norm = normalized.text;
  let count = norm.length === 0 ? 0 : 1;
  for (let i = 0; i < norm.length; i++) if (norm.charCodeAt(i) === 0x20) count++;

  const hashes = new Uint32Array(count);
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  const flags = new Uint8Array(count);
  let word = 0;
  let from = 0;
  for (let i = 0; i <= norm.length; i++) {
    if (i < norm.length && norm.charCodeAt(i) !== 0x20) continue;
    if (i > from) {
      const hash = hashRange(norm, from, i);
      const start = normalized.starts[from]!;
      hashes[word] = hash;
      starts[word] = start;
      ends[word] = normalized.ends[i - 1]!;
      const first = String.fromCodePoint(text.codePointAt(start)!);
      flags[word] =
        (STOPWORD_HASHES.has(hash) ? WORD_STOPWORD : 0) |
        (first !== first.toLowerCase() ? WORD_CAPITALIZED : 0);
      word++;
    }
    from = i + 1;
  }
  return { count: word, hashes, starts, ends, flags };
}
