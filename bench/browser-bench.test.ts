import { describe, expect, it } from 'vitest';
import { coveredMs } from './browser-bench';

describe('coveredMs', () => {
  it('counts time covered by overlapping, nested and disjoint intervals once', () => {
    expect(coveredMs([])).toBe(0);
    expect(coveredMs([[5, 9]])).toBe(4);
    // Reads of eight segments at once: [0, 10] and [2, 12] overlap, [3, 4] is inside, [20, 25] stands apart.
    expect(coveredMs([[20, 25], [2, 12], [0, 10], [3, 4]])).toBe(17);
    expect(coveredMs([[0, 5], [5, 8]])).toBe(8);
  });
});
