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
  return compressShard;
}

/**
 * Writes the shard straight into the stream and reads the output back in this
 * thread. Not through `Blob` and `Response`: in Chromium a `Blob` is held by
 * the browser process, so each shard went there and back (1,200 round trips
 * for 10,000 articles), and the texts took 26–33 s to compress in the import
 * worker instead of about a second.
 */
async function compressShard(plain: Uint8Array): Promise<Uint8Array> {
  const stream = new CompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  // Written and read at once: the stream holds only a little output before it waits for a reader.
  const written = Promise.all([writer.write(plain as Uint8Array<ArrayBuffer>), writer.close()]);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    chunks.push(chunk.value);
    size += chunk.value.length;
  }
  await written;
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
