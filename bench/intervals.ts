/** Interval arithmetic shared by the benchmarks (the PAN measures, the browser's read times); no side effects. */

/** Length of the union of `[from, to)` intervals, each stretch counted once where they overlap. */
export function unionLength(intervals: readonly (readonly [number, number])[]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of sorted) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}
