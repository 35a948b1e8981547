import { describe, expect, it } from 'vitest';
import { unionLength } from './intervals';

describe('unionLength', () => {
  it('counts what overlapping, nested and disjoint intervals cover once', () => {
    expect(unionLength([])).toBe(0);
    expect(unionLength([[5, 9]])).toBe(4);
    // Reads of several segments at once: [0, 10) and [2, 12) overlap, [3, 4) is inside, [20, 25) stands apart.
    expect(unionLength([[20, 25], [2, 12], [0, 10], [3, 4]])).toBe(17);
    expect(unionLength([[0, 5], [5, 8]])).toBe(8);
  });
});
