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

  it('compresses input larger than one output chunk, and empty input', async () => {
    const compress = nativeDeflateRaw()!;
    // Incompressible bytes (a seeded LCG): the output spans many of the stream's chunks.
    let seed = 7;
    const plain = Uint8Array.from({ length: 300_000 }, () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24);
    expect(inflateSync(await compress(plain))).toEqual(plain);
    expect(inflateSync(await compress(new Uint8Array(0)))).toEqual(new Uint8Array(0));
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
