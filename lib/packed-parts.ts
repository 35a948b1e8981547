/**
 * Several byte arrays in one, behind a table of their offsets: how a corpus
 * stored in segments keeps its posting parts (extension/corpus-store/corpus-db.ts).
 * Every segment cuts its postings at the same key bits, so the segments' parts
 * number *n* cover the same keys; packed into one record they are read once a
 * page for all the segments instead of once a segment (docs/scaling.md, "The
 * local version"). The import also stages each segment's parts in runs packed
 * this way before it joins them.
 *
 * ```
 * u32 count, u32 ends × count (byte ends of each array, from the start of the data),
 * then the arrays, each padded with zeros to a multiple of 4 bytes
 * ```
 * All little-endian. Padding keeps each array 4-byte aligned in the record, so
 * a reader may view it as u32 words without copying.
 */
import { align4, IndexFormatError } from './index-format';

/** Packs `arrays` into one record (see the top of this file). */
export function packParts(arrays: readonly Uint8Array[]): Uint8Array {
  const tableBytes = 4 * (1 + arrays.length);
  let dataBytes = 0;
  for (const array of arrays) dataBytes += align4(array.length);
  const packed = new Uint8Array(tableBytes + dataBytes);
  const view = new DataView(packed.buffer);
  view.setUint32(0, arrays.length, true);
  let at = 0;
  arrays.forEach((array, i) => {
    packed.set(array, tableBytes + at);
    view.setUint32(4 * (1 + i), at + array.length, true);
    at += align4(array.length);
  });
  return packed;
}

/** How many arrays a packed record holds (throws `IndexFormatError` on a damaged one). */
export function packedCount(packed: Uint8Array): number {
  if (packed.length < 4) throw new IndexFormatError('packed parts are truncated');
  const count = new DataView(packed.buffer, packed.byteOffset, packed.length).getUint32(0, true);
  if (4 * (1 + count) > packed.length) throw new IndexFormatError(`packed parts say ${count} arrays but hold no table for them`);
  return count;
}

/**
 * Array `i` of a packed record, as a view into it (no copy). Throws
 * `IndexFormatError` when the record does not hold it whole.
 */
export function packedPart(packed: Uint8Array, i: number): Uint8Array {
  const count = packedCount(packed);
  if (!Number.isInteger(i) || i < 0 || i >= count) throw new IndexFormatError(`packed parts hold ${count} arrays, not array ${i}`);
  const view = new DataView(packed.buffer, packed.byteOffset, packed.length);
  const dataStart = 4 * (1 + count);
  const start = i === 0 ? 0 : align4(view.getUint32(4 * i, true));
  const end = view.getUint32(4 * (1 + i), true);
  if (end < start || dataStart + end > packed.length) throw new IndexFormatError(`packed array ${i} runs past its record`);
  return packed.subarray(dataStart + start, dataStart + end);
}

/** Every array of a packed record, as views into it. */
export function unpackParts(packed: Uint8Array): Uint8Array[] {
  return Array.from({ length: packedCount(packed) }, (_, i) => packedPart(packed, i));
}
