import { inflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { nativeDeflateRaw } from './native-deflate';

describe('nativeDeflateRaw', () => {
  it('compresses to a deflate-raw stream that fflate inflates', async () => {
    const compress = nativeDeflateRaw();
    expect(compress).not.toBeNull();
    const plain = new TextEncoder().encode('The council approved the budget on Tuesday. '.repeat(200));
    const compressed = await compress!(plain);
    expect(compressed.length).toBeLessThan(plain.length / 10);
    expect(inflateSync(compressed)).toEqual(plain);
  });

  it('is null where the platform has no CompressionStream', () => {
    const original = globalThis.CompressionStream;
    try {
      (globalThis as { CompressionStream?: unknown }).CompressionStream = undefined;
      expect(nativeDeflateRaw()).toBeNull();
    } finally {
      globalThis.CompressionStream = original;
    }
  });
});
