/**
 * The prebuilt corpus index: a versioned, deterministic binary layout.
 *
 * ```
 * offset  size             field
 * 0       4                magic "SLIX"
 * 4       4                format version (u32, little-endian like every field)
 * 8       4                k: words per fingerprinted k-gram
 * 12      4                w: winnowing window, in k-grams
 * 16      4                keyCount: distinct fingerprints
 * 20      4                postingCount
 * 24      4                metaByteLength
 * 28      4                reserved, 0
 * 32      4*keyCount       keys: fingerprint hashes, strictly increasing
 * ..      4*(keyCount+1)   offsets: postings of keys[i] are [offsets[i], offsets[i+1])
 * ..      4*postingCount   postingDocs: document number of each posting
 * ..      4*postingCount   postingPositions: word position of the k-gram in that document
 * ..      metaByteLength   UTF-8 JSON: { info, documents } (documents carry their text)
 * ```
 *
 * The arrays are read in place (no copy, no parse) so the background can load a
 * large index quickly; only the JSON part is parsed.
 */
import { z } from 'zod';
import { corpusDocumentSchema, type CorpusDocument } from './corpus';

/** Current binary format version; bump on any layout change. */
export const INDEX_FORMAT_VERSION = 1;
const MAGIC = 0x58494c53; // "SLIX" read as a little-endian u32
const HEADER_BYTES = 32;

const indexInfoSchema = z.strictObject({
  documentCount: z.number().int().nonnegative(),
  wordCount: z.number().int().nonnegative(),
  /** Hex digest of the corpus content, identifies the corpus version. */
  corpusDigest: z.string(),
  /** Fingerprints found in more documents positions than this were dropped as boilerplate. */
  maxPostingsPerKey: z.number().int().positive(),
});

const indexMetaSchema = z.strictObject({
  info: indexInfoSchema,
  documents: z.array(corpusDocumentSchema),
});

/** Facts about an index, shown to users (options page) and used by benchmarks. */
export type IndexInfo = z.infer<typeof indexInfoSchema>;

/** A decoded index: fingerprint table plus the documents it points into. */
export interface IndexData {
  readonly version: number;
  readonly k: number;
  readonly w: number;
  readonly keys: Uint32Array;
  readonly offsets: Uint32Array;
  readonly postingDocs: Uint32Array;
  readonly postingPositions: Uint32Array;
  readonly info: IndexInfo;
  readonly documents: readonly CorpusDocument[];
}

/** Thrown when bytes are not a valid index of the supported version. */
export class IndexFormatError extends Error {
  override name = 'IndexFormatError';
}

/** Serializes an index. The output depends only on `data`, byte for byte. */
export function encodeIndex(data: IndexData): Uint8Array {
  const meta = new TextEncoder().encode(
    JSON.stringify({ info: orderedInfo(data.info), documents: data.documents.map(orderedDocument) }),
  );
  const keyCount = data.keys.length;
  const postingCount = data.postingDocs.length;
  const total = HEADER_BYTES + 4 * (keyCount + keyCount + 1 + 2 * postingCount) + meta.length;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  const header = [MAGIC, data.version, data.k, data.w, keyCount, postingCount, meta.length, 0];
  header.forEach((value, i) => view.setUint32(i * 4, value, true));
  let at = HEADER_BYTES;
  for (const array of [data.keys, data.offsets, data.postingDocs, data.postingPositions]) {
    for (let i = 0; i < array.length; i++, at += 4) view.setUint32(at, array[i]!, true);
  }
  bytes.set(meta, at);
  return bytes;
}

/**
 * Reads an index written by `encodeIndex`. Validates the header, every bound and
 * the metadata, so a truncated or foreign file fails here with a clear message
 * rather than later with wrong matches.
 */
export function decodeIndex(input: Uint8Array | ArrayBuffer): IndexData {
  let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  // Typed-array views need 4-byte alignment; copy only when the caller's view is unaligned.
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
  if (bytes.length < HEADER_BYTES) throw new IndexFormatError('index is truncated: no header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const u32 = (i: number): number => view.getUint32(i * 4, true);
  if (u32(0) !== MAGIC) throw new IndexFormatError('not a Sourcelight index (bad magic)');
  const version = u32(1);
  if (version !== INDEX_FORMAT_VERSION) {
    throw new IndexFormatError(`index format version ${version} is not supported (expected ${INDEX_FORMAT_VERSION})`);
  }
  const [k, w, keyCount, postingCount, metaLength] = [u32(2), u32(3), u32(4), u32(5), u32(6)];
  const expected = HEADER_BYTES + 4 * (2 * keyCount + 1 + 2 * postingCount) + metaLength;
  if (bytes.length !== expected) {
    throw new IndexFormatError(`index is ${bytes.length} bytes, header says ${expected}`);
  }
  if (k < 1 || w < 1) throw new IndexFormatError('index has k or w of 0');
  let at = bytes.byteOffset + HEADER_BYTES;
  const take = (count: number): Uint32Array => {
    const array = new Uint32Array(bytes.buffer, at, count);
    at += 4 * count;
    return array;
  };
  const keys = take(keyCount);
  const offsets = take(keyCount + 1);
  const postingDocs = take(postingCount);
  const postingPositions = take(postingCount);
  let metaJson: unknown;
  try {
    metaJson = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at - bytes.byteOffset)));
  } catch (error) {
    throw new IndexFormatError(`index metadata is not valid JSON: ${(error as Error).message}`);
  }
  const meta = indexMetaSchema.safeParse(metaJson);
  if (!meta.success) throw new IndexFormatError(`index metadata is invalid: ${z.prettifyError(meta.error)}`);

  for (let i = 1; i < keyCount; i++) {
    if (keys[i]! <= keys[i - 1]!) throw new IndexFormatError('index keys are not sorted');
  }
  if (offsets[0] !== 0 || offsets[keyCount] !== postingCount) throw new IndexFormatError('index offsets are out of range');
  for (let i = 1; i <= keyCount; i++) {
    if (offsets[i]! < offsets[i - 1]!) throw new IndexFormatError('index offsets are not monotonic');
  }
  const documentCount = meta.data.documents.length;
  if (meta.data.info.documentCount !== documentCount) {
    throw new IndexFormatError(`index says ${meta.data.info.documentCount} documents but holds ${documentCount}`);
  }
  for (let i = 0; i < postingCount; i++) {
    if (postingDocs[i]! >= documentCount) throw new IndexFormatError('index posting points past the last document');
  }
  return { version, k, w, keys, offsets, postingDocs, postingPositions, ...meta.data };
}

/**
 * Returns the range `[from, to)` of postings for a fingerprint hash (empty when absent).
 * Binary search over the sorted key array: no hash map to build at load time.
 */
export function findPostings(data: IndexData, hash: number): [number, number] {
  const keys = data.keys;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < hash) lo = mid + 1;
    else hi = mid;
  }
  if (lo < keys.length && keys[lo] === hash) return [data.offsets[lo]!, data.offsets[lo + 1]!];
  return [0, 0];
}

function orderedInfo(info: IndexInfo): IndexInfo {
  return {
    documentCount: info.documentCount,
    wordCount: info.wordCount,
    corpusDigest: info.corpusDigest,
    maxPostingsPerKey: info.maxPostingsPerKey,
  };
}

// Fixed key order keeps the JSON, and so the file, byte-identical across runs.
function orderedDocument(doc: CorpusDocument): CorpusDocument {
  const out: CorpusDocument = { id: doc.id, title: doc.title, text: doc.text };
  if (doc.url !== undefined) out.url = doc.url;
  if (doc.outlet !== undefined) out.outlet = doc.outlet;
  if (doc.published !== undefined) out.published = doc.published;
  if (doc.lang !== undefined) out.lang = doc.lang;
  return out;
}
