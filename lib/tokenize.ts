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

/** FNV-1a over the UTF-16 code units of `text[from, to)`. */
function hashRange(text: string, from: number, to: number): number {
  let h = 0x811c9dc5;
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

const STOPWORD_HASHES = new Set(ENGLISH_STOPWORDS.map(hashWord));

/** Splits `text` into normalized words (see `normalizeText`) with their original offsets. */
export function tokenizeWords(text: string): WordTokens {
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
