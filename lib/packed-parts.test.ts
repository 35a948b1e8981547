import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexFormatError } from './index-format';
import { packedCount, packedPart, packParts, unpackParts } from './packed-parts';

describe('packParts', () => {
  it('lays out a table of ends, then each array padded to 4 bytes', () => {
    const packed = packParts([Uint8Array.of(1, 2, 3), Uint8Array.of(), Uint8Array.of(4, 5, 6, 7, 8)]);
    const view = new DataView(packed.buffer);
    expect([0, 1, 2, 3].map((i) => view.getUint32(4 * i, true))).toEqual([3, 3, 4, 9]);
    expect([...packed.subarray(16)]).toEqual([1, 2, 3, 0, 4, 5, 6, 7, 8, 0, 0, 0]);
    expect(unpackParts(packed).map((array) => [...array])).toEqual([[1, 2, 3], [], [4, 5, 6, 7, 8]]);
  });

  it('gives back every array it packed, each 4-byte aligned in the record', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 12 }), (arrays) => {
        const packed = packParts(arrays);
        expect(packedCount(packed)).toBe(arrays.length);
        arrays.forEach((array, i) => {
          const part = packedPart(packed, i);
          expect(part).toEqual(array);
          expect(part.byteOffset % 4).toBe(0);
        });
      }),
    );
  });

  it('packs nothing into a record of no arrays', () => {
    expect(unpackParts(packParts([]))).toEqual([]);
  });
});

describe('packedPart on damaged records', () => {
  it('refuses a truncated record, a count without its table and arrays past the end', () => {
    expect(() => packedCount(Uint8Array.of(1, 0))).toThrow(IndexFormatError);
    expect(() => packedCount(Uint8Array.of(9, 0, 0, 0, 1, 0, 0, 0))).toThrow(IndexFormatError);
    const packed = packParts([Uint8Array.of(1, 2, 3, 4, 5)]);
    expect(() => packedPart(packed.subarray(0, packed.length - 4), 0)).toThrow(IndexFormatError);
    expect(() => packedPart(packed, 1)).toThrow(IndexFormatError);
    expect(() => packedPart(packed, -1)).toThrow(IndexFormatError);
  });

  it('refuses ends that go backwards', () => {
    const packed = packParts([Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), Uint8Array.of(9)]);
    new DataView(packed.buffer).setUint32(8, 2, true);
    expect(() => packedPart(packed, 1)).toThrow(IndexFormatError);
  });
});
