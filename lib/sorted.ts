/**
 * Searches in sorted arrays, shared by the matcher's stages.
 */

/**
 * Position of the first value of the ascending `values[low, high)` that is ≥
 * `bound` (`high` when none is); by default, of the whole of `values`.
 */
export function firstAtLeast(values: ArrayLike<number>, bound: number, low = 0, high = values.length): number {
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (values[mid]! < bound) low = mid + 1;
    else high = mid;
  }
  return low;
}
