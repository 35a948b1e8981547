/**
 * Sentence segmentation over tokenized text, for the rewritten-reuse stage.
 *
 * Works on the word tokens the matcher already has (`WordTokens`) plus the
 * original text, looking only at the characters between two words, so sentence
 * boundaries are word indices and map back to exact character offsets.
 */
import type { WordTokens } from '../tokenize';

/** Sentences as word ranges: sentence `s` is words `[firstWord[s], endWord[s])`. */
export interface Sentences {
  readonly count: number;
  readonly firstWord: Uint32Array;
  readonly endWord: Uint32Array;
  /**
   * Boundaries inside sentences, in word order: word `w` is listed when a
   * sentence would have started at it but for `minWords` (a short heading, a
   * line such as "Estate Planning" or "He agreed." joined to the next
   * sentence, or a short tail joined to the previous one). See `ownPart`.
   */
  readonly joins: Uint32Array;
}

/** Tuning of `splitSentences`. */
export interface SentenceOptions {
  /** Sentences with fewer words are joined to the next one (headlines, "He said so."). */
  minWords: number;
  /** Longer runs without a boundary (lists, unpunctuated text) are cut into pieces of about this many words. */
  maxWords: number;
}

/** Defaults: join fragments under 5 words, cut runs over 60. */
export const DEFAULT_SENTENCE_OPTIONS: SentenceOptions = { minWords: 5, maxWords: 60 };

// Words after which a period does not end the sentence ("Mr. Smith", "Jan. 5").
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'gen', 'col', 'lt', 'sgt', 'capt', 'gov', 'sen', 'rep', 'rev',
  'inc', 'co', 'corp', 'ltd', 'vs', 'etc', 'no', 'nos', 'fig', 'vol', 'approx', 'dept', 'est', 'jan', 'feb', 'mar',
  'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mt', 'ft', 'e', 'i',
]);

const SENTENCE_END = /[.!?…]["'”’)\]]*\s/;
const CONTINUES_LINE = /[,;:\-–(]\s*$/;

/** Whether a sentence ends between word `i` and word `i + 1`. */
function isBoundary(text: string, tokens: WordTokens, i: number): boolean {
  const gapStart = tokens.ends[i]!;
  const gapEnd = tokens.starts[i + 1]!;
  const gap = text.slice(gapStart, gapEnd);
  const next = text.charAt(gapEnd);
  const nextStartsSentence = next !== next.toLowerCase() || /[\d"“'‘(]/.test(next);
  if (/\n[^\S\n]*\n/.test(gap)) return true;
  if (SENTENCE_END.test(gap)) {
    if (!nextStartsSentence) return false;
    if (gap.startsWith('.')) {
      const word = text.slice(tokens.starts[i]!, gapStart).toLowerCase();
      // Initials ("J. Smith", "U.S. forces") and known abbreviations.
      if (word.length === 1 || ABBREVIATIONS.has(word)) return false;
    }
    return true;
  }
  return gap.includes('\n') && nextStartsSentence && !CONTINUES_LINE.test(gap.slice(0, gap.indexOf('\n')));
}

/**
 * Splits `tokens` (the words of `text`) into sentences: at sentence-final
 * punctuation followed by a capital, digit or quote (not after initials and
 * common abbreviations), at blank lines, and at line breaks that start a
 * capitalised line not continuing the previous one. Fragments shorter than
 * `minWords` are joined to the next sentence (the last one to the previous),
 * and sentences longer than `maxWords` are cut into even pieces.
 */
export function splitSentences(text: string, tokens: WordTokens, options: Partial<SentenceOptions> = {}): Sentences {
  const { minWords, maxWords } = { ...DEFAULT_SENTENCE_OPTIONS, ...options };
  const firsts: number[] = [];
  const ends: number[] = [];
  const joins: number[] = [];
  let first = 0;
  const close = (end: number): void => {
    const length = end - first;
    const pieces = Math.ceil(length / maxWords);
    for (let p = 0; p < pieces; p++) {
      firsts.push(first + Math.round((p * length) / pieces));
      ends.push(first + Math.round(((p + 1) * length) / pieces));
    }
    first = end;
  };
  for (let i = 0; i + 1 < tokens.count; i++) {
    if (!isBoundary(text, tokens, i)) continue;
    if (i + 1 - first >= minWords) close(i + 1);
    else joins.push(i + 1);
  }
  if (tokens.count > first) {
    if (tokens.count - first < minWords && firsts.length > 0) {
      // A short tail joins the previous sentence.
      joins.push(first);
      first = firsts.pop()!;
      ends.pop();
    }
    close(tokens.count);
  }
  // In word order: a short tail's own joins were noted before the join at its start.
  return { count: firsts.length, firstWord: Uint32Array.from(firsts), endWord: Uint32Array.from(ends), joins: Uint32Array.from(joins).sort() };
}

/**
 * The part of sentence `s` holding words `[from, to)`, as words `[first,
 * end)`: the sentence less what short fragments joined to it (`joins`)
 * bring before `from` and after `to`. A heading line joined to the sentence
 * under it ("Estate Planning", "Event Profile") is not part of what a
 * sentence says, so a passage widened to whole sentences stops there unless
 * its own words reach into it.
 */
export function ownPart(sentences: Sentences, s: number, from: number, to: number): { first: number; end: number } {
  let first = sentences.firstWord[s]!;
  let end = sentences.endWord[s]!;
  const { joins } = sentences;
  // The first join after `from - 1`, by binary search; joins before it may bound the start, the others the end.
  let lo = 0;
  let hi = joins.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (joins[mid]! <= from) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && joins[lo - 1]! > first) first = joins[lo - 1]!;
  for (let j = lo; j < joins.length && joins[j]! < end; j++) {
    if (joins[j]! >= to) {
      end = joins[j]!;
      break;
    }
  }
  return { first, end };
}
