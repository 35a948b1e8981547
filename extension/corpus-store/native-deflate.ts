/**
 * Deflate-raw by the browser's own zlib (`CompressionStream`), for the import:
 * compressing the texts of 10,000 articles took about 9 s with fflate in
 * JavaScript, most of the index build (docs/performance.md).
 */
import type { ShardCompressor } from '../../lib/index-format';

/** Compresses with `CompressionStream('deflate-raw')`; null where the platform has none (then fflate is used). */
export function nativeDeflateRaw(): ShardCompressor | null {
  if (typeof CompressionStream !== 'function') return null;
  try {
    new CompressionStream('deflate-raw');
  } catch {
    return null;
  }
  return async (plain) => {
    const compressed = new Blob([plain as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    return new Uint8Array(await new Response(compressed).arrayBuffer());
  };
}
