import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstAtLeast } from './sorted';

describe('firstAtLeast', () => {
  it('finds the first value at or above the bound, or the length when none is', () => {
    expect(firstAtLeast([], 3)).toBe(0);
    expect(firstAtLeast([1, 3, 3, 7], 3)).toBe(1);
    expect(firstAtLeast([1, 3, 3, 7], 4)).toBe(3);
    expect(firstAtLeast([1, 3, 3, 7], 0)).toBe(0);
    expect(firstAtLeast([1, 3, 3, 7], 8)).toBe(4);
    expect(firstAtLeast(Uint32Array.of(2, 4, 6), 5)).toBe(2);
  });

  it('searches only the range it is given', () => {
    const values = [9, 1, 3, 5, 0];
    expect(firstAtLeast(values, 4, 1, 4)).toBe(3);
    expect(firstAtLeast(values, 6, 1, 4)).toBe(4);
    expect(firstAtLeast(values, 0, 1, 4)).toBe(1);
    expect(firstAtLeast(values, 2, 2, 2)).toBe(2);
  });

  it('agrees with a linear scan', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (unsorted, bound) => {
        const values = [...unsorted].sort((a, b) => a - b);
        const expected = values.findIndex((value) => value >= bound);
        expect(firstAtLeast(values, bound)).toBe(expected === -1 ? values.length : expected);
      }),
    );
  });
});
