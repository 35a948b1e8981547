/**
 * The per-word filter values stored in the index (see index-format.ts): 16 bits
 * per corpus word, enough for the matcher to tell, without tokenizing a
 * document's text, which of its chains cannot yield a reported span.
 */
import { WORD_CAPITALIZED, WORD_STOPWORD } from './tokenize';

/**
 * Filter value of a word: 0 for a word that never counts as descriptive (a
 * function word or a capitalized word), else 16 bits of its hash, never 0.
 * Equal words get equal values, so a count of shared values bounds a count of
 * shared words from above: distinct words sharing 16 bits only raise it.
 */
export function filterWord(hash: number, flags: number): number {
  if ((flags & (WORD_STOPWORD | WORD_CAPITALIZED)) !== 0) return 0;
  return pageFilterValue(hash);
}

/** The 16-bit value of a word hash as `filterWord` stores it for a descriptive word (never 0). */
export function pageFilterValue(hash: number): number {
  return (hash & 0xffff) || 1;
}
