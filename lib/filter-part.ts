/**
 * How a split index stores a filter part from format 5 on (split-index.ts):
 * the filter words of a run of documents without their zeros. About half of
 * a text's words are function or capitalized words, whose filter word is 0
 * (filter-words.ts), so a bitmap of the non-zero words (1 bit a word) and
 * their 16-bit values take about 1 byte a word instead of 2. A page reads the
 * filter parts of every candidate document, the largest read of a wake
 * (docs/performance.md), so halving them halves that read; and the matcher
 * reads them as stored (`FilterPart`), skipping the zeros it never counted.
 *
 * ```
 * u32 × ⌈words / 32⌉   bitmap, little-endian: bit i % 32 of u32 ⌊i / 32⌋ is set when word i is not 0
 *                      (bits past the last word are 0)
 * u16 × (bits set)     the words that are not 0, in order, little-endian
 * ```
 */
import { IndexFormatError, LITTLE_ENDIAN } from './index-format';

/** The stored form of `words` (see the module comment). */
export function encodeFilterPart(words: Uint16Array): Uint8Array {
  const bitmapWords = Math.ceil(words.length / 32);
  let nonZero = 0;
  for (let i = 0; i < words.length; i++) if (words[i] !== 0) nonZero++;
  const bytes = new Uint8Array(4 * bitmapWords + 2 * nonZero);
  const view = new DataView(bytes.buffer);
  let at = 4 * bitmapWords;
  for (let w = 0; w < bitmapWords; w++) {
    let bits = 0;
    for (let i = 32 * w, end = Math.min(words.length, i + 32); i < end; i++) {
      const value = words[i]!;
      if (value === 0) continue;
      bits |= 1 << (i & 31);
      view.setUint16(at, value, true);
      at += 2;
    }
    view.setUint32(4 * w, bits >>> 0, true);
  }
  return bytes;
}

/**
 * A filter part as stored (see the module comment), read in place: the
 * matcher asks which non-zero words a window holds (`nonZeroBefore`), so a
 * part takes in memory what it took in store, plus 4 bytes a 32 words.
 */
export class FilterPart {
  private constructor(
    /** The stored bytes the part is read from (a copy when they were not aligned). */
    readonly bytes: Uint8Array,
    /** Words of the part, zeros included. */
    readonly wordCount: number,
    private readonly bitmap: Uint32Array,
    /** `ranks[w]`: non-zero words before word `32 × w`; `bitmap.length + 1` entries. */
    private readonly ranks: Uint32Array,
    /** The non-zero words, in order. */
    readonly values: Uint16Array,
  ) {}

  /**
   * The part of `wordCount` words stored as `bytes` by `encodeFilterPart`
   * (read in place when aligned). Throws `IndexFormatError` when the bytes
   * cannot be that: a wrong length, a bit set past the last word, or a stored
   * 0 (which the bitmap would have left out), so a damaged part fails when
   * read instead of matching wrongly. `what` names the part in the error.
   */
  static decode(bytes: Uint8Array, wordCount: number, what = 'filter part'): FilterPart {
    const bitmapWords = Math.ceil(wordCount / 32);
    if (bytes.length < 4 * bitmapWords) throw new IndexFormatError(`${what} is ${bytes.length} bytes, too short for the bitmap of ${wordCount} words`);
    // Records read from IndexedDB start their own buffer; a view of another one may not be aligned.
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    const view = new DataView(aligned.buffer, aligned.byteOffset, aligned.length);
    const bitmap = LITTLE_ENDIAN ? new Uint32Array(aligned.buffer, aligned.byteOffset, bitmapWords) : Uint32Array.from({ length: bitmapWords }, (_, w) => view.getUint32(4 * w, true));
    const ranks = new Uint32Array(FilterPart.rankBytes(wordCount) / 4);
    for (let w = 0; w < bitmapWords; w++) ranks[w + 1] = ranks[w]! + bitCount(bitmap[w]!);
    const nonZero = ranks[bitmapWords]!;
    const tail = wordCount & 31;
    if (tail !== 0 && bitmap[bitmapWords - 1]! >>> tail !== 0) throw new IndexFormatError(`${what} marks words past its ${wordCount}`);
    if (bytes.length !== 4 * bitmapWords + 2 * nonZero) throw new IndexFormatError(`${what} is ${bytes.length} bytes, its bitmap says ${4 * bitmapWords + 2 * nonZero}`);
    const values = LITTLE_ENDIAN
      ? new Uint16Array(aligned.buffer, aligned.byteOffset + 4 * bitmapWords, nonZero)
      : Uint16Array.from({ length: nonZero }, (_, v) => view.getUint16(4 * bitmapWords + 2 * v, true));
    if (values.includes(0)) throw new IndexFormatError(`${what} stores a zero filter word`);
    return new FilterPart(aligned, wordCount, bitmap, ranks, values);
  }

  /** The part holding `words` (every word, zeros included, as format 3 and 4 store them). */
  static fromWords(words: Uint16Array): FilterPart {
    return FilterPart.decode(encodeFilterPart(words), words.length);
  }

  /** Bytes a part of `wordCount` words holds beside its stored bytes: its ranks. */
  static rankBytes(wordCount: number): number {
    return 4 * (Math.ceil(wordCount / 32) + 1);
  }

  /** Number of non-zero words among words `[0, word)` (`word` ≤ `wordCount`). */
  nonZeroBefore(word: number): number {
    const w = word >>> 5;
    // The bits of the words before `word` in its u32 (none when it starts one).
    return this.ranks[w]! + (word & 31 ? bitCount(this.bitmap[w]! & ~(-1 << (word & 31))) : 0);
  }

  /** Every word of the part, zeros included. */
  toWords(): Uint16Array {
    const words = new Uint16Array(this.wordCount);
    let v = 0;
    for (let w = 0; w < this.bitmap.length; w++) {
      let bits = this.bitmap[w]!;
      while (bits !== 0) {
        const lowest = bits & -bits;
        words[32 * w + 31 - Math.clz32(lowest)] = this.values[v++]!;
        bits ^= lowest;
      }
    }
    return words;
  }
}

/** Number of bits set in a 32-bit integer. */
function bitCount(bits: number): number {
  let n = bits - ((bits >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return Math.imul((n + (n >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
