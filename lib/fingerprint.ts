import { WORD_STOPWORD } from './tokenize';

/** Hash value reserved for k-grams that must never be selected as fingerprints. */
export const SKIPPED_KGRAM = 0xffffffff;

/** Final avalanche of MurmurHash3: spreads k-gram hashes so winnowing minima are unbiased. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes every run of `k` consecutive words. Runs made only of function words
 * ("one of the") get `SKIPPED_KGRAM`: they carry no provenance signal and would
 * otherwise seed candidates everywhere.
 */
export function hashKgrams(hashes: Uint32Array, flags: Uint8Array, k: number): Uint32Array {
  const n = Math.max(0, hashes.length - k + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x9747b28c ^ k;
    let allStopwords = true;
    for (let j = 0; j < k; j++) {
      h = Math.imul(h ^ hashes[i + j]!, 0x5bd1e995);
      h ^= h >>> 15;
      if ((flags[i + j]! & WORD_STOPWORD) === 0) allStopwords = false;
    }
    const mixed = mix32(h);
    out[i] = allStopwords ? SKIPPED_KGRAM : mixed === SKIPPED_KGRAM ? mixed - 1 : mixed;
  }
  return out;
}

/**
 * Robust winnowing (Schleimer, Wilkerson & Aiken, SIGMOD 2003,
 * https://theory.stanford.edu/~aiken/publications/papers/sigmod03.pdf):
 * in every window of `w` consecutive k-grams, select the smallest hash (the
 * rightmost on ties, and only when it changes). Any run of at least `w + k - 1`
 * words shared with another text therefore contains at least one selected k-gram.
 * Returns the selected k-gram positions in increasing order.
 */
export function winnowPositions(kgrams: Uint32Array, w: number): number[] {
  const selected: number[] = [];
  const n = kgrams.length;
  if (n === 0) return selected;
  const windowSize = Math.min(w, n);
  // Monotone deque of positions with increasing hashes.
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const h = kgrams[i]!;
    while (tail > head && kgrams[deque[tail - 1]!]! >= h) tail--;
    deque[tail++] = i;
    while (deque[head]! <= i - windowSize) head++;
    if (i >= windowSize - 1) {
      const min = deque[head]!;
      if (min !== last && kgrams[min] !== SKIPPED_KGRAM) selected.push(min);
      last = min;
    }
  }
  return selected;
}

/**
 * 4 bits of a word hash (`tokenizeWords`), mixed so that words differing in
 * any bit spread evenly over the 16 values.
 */
function wordNibble(hash: number): number {
  return Math.imul(hash, 0x9e3779b1) >>> 28;
}

/**
 * The context of the k-gram at word `position` of a text, stored with its
 * fingerprint: 4 bits of the word before it (low nibble) and 4 bits of the
 * word after it (high nibble), 0 where there is none. A page k-gram equal to
 * the fingerprint, inside a copied run of at least `k + 1` words, repeats one
 * of the two words, so `extendsContext` holds for it; a k-gram with
 * unrelated words around it passes with a probability of about 2 in 16.
 */
export function kgramContext(hashes: Uint32Array, count: number, position: number, k: number): number {
  const before = position > 0 ? wordNibble(hashes[position - 1]!) : 0;
  const after = position + k < count ? wordNibble(hashes[position + k]!) : 0;
  return before | (after << 4);
}

/**
 * Whether the k-gram at word `position` of a text (the page) has the word
 * before or the word after it in common with a fingerprint stored with
 * `context` (`kgramContext`), as far as 4 bits tell. A word missing on the
 * stored side reads as 0 and may match by chance: that only keeps more.
 */
export function extendsContext(context: number, hashes: Uint32Array, count: number, position: number, k: number): boolean {
  if (position > 0 && (context & 0xf) === wordNibble(hashes[position - 1]!)) return true;
  return position + k < count && context >>> 4 === wordNibble(hashes[position + k]!);
}
