import { describe, expect, it } from 'vitest';
import { sortPostingsByHash } from './build-index';

describe('sortPostingsByHash', () => {
  it('orders postings by hash, keeps ties in their original order, and moves every field with its posting', () => {
    // A seeded LCG: hashes spread over both 16-bit halves, with repeats in each half and in full.
    let seed = 12345;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const count = 5000;
    const pool = Array.from({ length: 300 }, () => next());
    pool.push(0, 0xffffffff, 0x0000ffff, 0xffff0000);
    const hashes = new Uint32Array(count + 7); // longer than count, as the builder's growing arrays are
    const docs = new Uint32Array(count + 7);
    const positions = new Uint32Array(count + 7);
    const contexts = new Uint8Array(count + 7);
    for (let i = 0; i < count; i++) {
      hashes[i] = pool[next() % pool.length]!;
      docs[i] = i >>> 4;
      positions[i] = i;
      contexts[i] = i & 0xff;
    }
    const original = Array.from(hashes.subarray(0, count));
    const expected = Array.from({ length: count }, (_, i) => i).sort((a, b) => original[a]! - original[b]! || a - b);

    const sorted = sortPostingsByHash({ hashes, docs, positions, contexts }, count);

    // `positions[i] === i` names each posting's original index; the input arrays are scratch space now.
    expect(Array.from(sorted.positions.subarray(0, count))).toEqual(expected);
    expect(Array.from(sorted.hashes.subarray(0, count))).toEqual(expected.map((i) => original[i]!));
    expect(Array.from(sorted.docs.subarray(0, count))).toEqual(expected.map((i) => i >>> 4));
    expect(Array.from(sorted.contexts.subarray(0, count))).toEqual(expected.map((i) => i & 0xff));
  });

});
