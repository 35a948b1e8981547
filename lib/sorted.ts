/**
 * Searches in sorted arrays, shared by the matcher's stages.
 */

/** Position of the first value of the ascending `values` that is ≥ `bound` (`values.length` when none is). */
export function firstAtLeast(values: ArrayLike<number>, bound: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid]! < bound) low = mid + 1;
    else high = mid;
  }
  return low;
}
