/**
 * Stemmed content words per sentence: what the rewritten-reuse stage compares.
 *
 * Words are identified by the 32-bit hash the tokenizer gives them; each
 * distinct hash is stemmed once (`porterStem`) and its stem numbered, so that
 * "connected" on a page and "connection" in a source get the same term number.
 * Function words (`WORD_STOPWORD`) are left out.
 */
import { normalizedWord } from '../normalize';
import { WORD_CAPITALIZED, WORD_STOPWORD, type WordTokens } from '../tokenize';
import { splitSentences, type Sentences } from './sentences';
import { porterStem } from './stem';

/** A text's sentences with their terms, ready for `findRewrittenPassages`. */
export interface PreparedText {
  readonly tokens: WordTokens;
  readonly sentences: Sentences;
  /** Terms of sentence `s` are entries `[termStart[s], termStart[s + 1])` of the arrays below, each term once. */
  readonly termStart: Uint32Array;
  /** Term number (see `termOf`). */
  readonly termIds: Uint32Array;
  /** How often the term occurs in the sentence. */
  readonly termCounts: Uint16Array;
  /** 1 when the term occurs in the sentence at least once as wording (see `wordLower`). */
  readonly termLower: Uint8Array;
  /**
   * 1 for content words that are wording: neither capitalised (names) nor
   * numbers; 0 for those and for function words.
   * Texts on the same story share names, dates and figures; reuse shares wording.
   */
  readonly wordLower: Uint8Array;
  /** Term number of each word, -1 for function words. */
  readonly wordTerms: Int32Array;
  /** Number of sentences each term occurs in. */
  readonly sentenceFrequency: ReadonlyMap<number, number>;
}

/** Term numbers by stem; stable for the life of the module, so prepared texts can be cached. */
const stemIds = new Map<string, number>();
/** Term numbers by word hash: a cache in front of stemming, cleared when large (the numbers stay stable). */
const hashIds = new Map<number, number>();
const MAX_CACHED_HASHES = 200_000;

/** Term number of word `i` of `tokens`, whose characters are in `text`. */
function termOf(text: string, tokens: WordTokens, i: number): number {
  // As a signed 32-bit number: a small integer to the Map, not a boxed one.
  const hash = tokens.hashes[i]! | 0;
  let id = hashIds.get(hash);
  if (id !== undefined) return id;
  // The tokenizer's normalization (case, NFKC, apostrophes) before stemming, as the hash saw it.
  const word = normalizedWord(text.slice(tokens.starts[i]!, tokens.ends[i]!));
  const stem = porterStem(word);
  id = stemIds.get(stem);
  if (id === undefined) {
    id = stemIds.size;
    stemIds.set(stem, id);
  }
  if (hashIds.size >= MAX_CACHED_HASHES) hashIds.clear();
  hashIds.set(hash, id);
  return id;
}

/** Splits `text` (tokenized as `tokens`) into sentences and collects each sentence's stemmed content words. */
export function prepareText(text: string, tokens: WordTokens): PreparedText {
  const sentences = splitSentences(text, tokens);
  const termStart = new Uint32Array(sentences.count + 1);
  const ids: number[] = [];
  const counts: number[] = [];
  const lower: number[] = [];
  const sentenceFrequency = new Map<number, number>();
  const wordTerms = new Int32Array(tokens.count).fill(-1);
  const wordLower = new Uint8Array(tokens.count);
  const slot = new Map<number, number>();
  for (let s = 0; s < sentences.count; s++) {
    termStart[s] = ids.length;
    slot.clear();
    for (let i = sentences.firstWord[s]!; i < sentences.endWord[s]!; i++) {
      const flags = tokens.flags[i]!;
      if ((flags & WORD_STOPWORD) !== 0) continue;
      const id = termOf(text, tokens, i);
      wordTerms[i] = id;
      const at = slot.get(id);
      const first = text.charCodeAt(tokens.starts[i]!);
      const isLower = (flags & WORD_CAPITALIZED) === 0 && !(first >= 0x30 && first <= 0x39) ? 1 : 0;
      wordLower[i] = isLower;
      if (at === undefined) {
        slot.set(id, ids.length);
        ids.push(id);
        counts.push(1);
        lower.push(isLower);
        sentenceFrequency.set(id, (sentenceFrequency.get(id) ?? 0) + 1);
      } else {
        counts[at]!++;
        lower[at] = lower[at]! | isLower;
      }
    }
  }
  termStart[sentences.count] = ids.length;
  return {
    tokens,
    sentences,
    termStart,
    termIds: Uint32Array.from(ids),
    termCounts: Uint16Array.from(counts, (c) => Math.min(c, 0xffff)),
    termLower: Uint8Array.from(lower),
    wordTerms,
    wordLower,
    sentenceFrequency,
  };
}

/**
 * Sentences `[first, end)` of `text` as a prepared text of their own, sharing
 * its arrays (no copy of the terms): sentence numbers start at 0 again, word
 * numbers stay those of `text`. Sentence frequencies are counted over the
 * range only, as if the range had been prepared alone.
 */
export function sentenceRange(text: PreparedText, first: number, end: number): PreparedText {
  if (first === 0 && end === text.sentences.count) return text;
  const sentenceFrequency = new Map<number, number>();
  for (let t = text.termStart[first]!; t < text.termStart[end]!; t++) {
    const id = text.termIds[t]!;
    sentenceFrequency.set(id, (sentenceFrequency.get(id) ?? 0) + 1);
  }
  return {
    ...text,
    sentences: {
      count: end - first,
      firstWord: text.sentences.firstWord.subarray(first, end),
      endWord: text.sentences.endWord.subarray(first, end),
      joins: text.sentences.joins,
    },
    termStart: text.termStart.subarray(first, end + 1),
    sentenceFrequency,
  };
}
