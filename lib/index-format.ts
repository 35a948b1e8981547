/**
 * The prebuilt corpus index: a versioned, deterministic binary layout in which
 * everything matching needs is stored ready to use, so waking the background
 * builds nothing: the tables are typed-array views of the stored bytes, and
 * document texts stay compressed until a page has a candidate in them.
 *
 * ```
 * offset  size               field (u32 little-endian unless noted)
 * 0       4                  magic "SLIX"
 * 4       4                  format version
 * 8       4                  k: words per fingerprinted k-gram
 * 12      4                  w: winnowing window, in k-grams
 * 16      4                  keyCount: distinct fingerprints
 * 20      4                  postingCount
 * 24      4                  documentCount
 * 28      4                  wordCount: words of all documents
 * 32      4                  shardCount: compressed text shards
 * 36      4                  textByteLength: compressed texts, all shards
 * 40      4                  metaByteLength
 * 44      4                  reserved, 0
 * 48      4*keyCount         keys: fingerprint hashes, strictly increasing
 * ..      4*(keyCount+1)     offsets: postings of keys[i] are [offsets[i], offsets[i+1])
 * ..      4*postingCount     postingDocs: document number of each posting
 * ..      4*postingCount     postingPositions: word position of the k-gram in that document
 * ..      4*(documentCount+1) docWordStarts: filter words of document d are [docWordStarts[d], docWordStarts[d+1])
 * ..      4*(shardCount+1)   shardFirstDocs: shard s holds documents [shardFirstDocs[s], shardFirstDocs[s+1])
 * ..      4*(shardCount+1)   shardOffsets: shard s is bytes [shardOffsets[s], shardOffsets[s+1]) of the texts
 * ..      4*documentCount    textByteLengths: UTF-8 bytes of each document's text
 * ..      2*wordCount        filterWords (u16): `filterWord` of every word, document after document
 * ..      0 or 2             padding to a multiple of 4
 * ..      postingCount       postingContexts (u8): `kgramContext` of each posting's k-gram in its document
 * ..      0–3                padding to a multiple of 4
 * ..      textByteLength     texts: per shard, its documents' UTF-8 texts concatenated, deflate-raw
 * ..      metaByteLength     UTF-8 JSON: { info, documents } (documents without their text)
 * ```
 *
 * Why this shape: the fingerprint table and the filter words are all a page
 * needs to find its candidate chains and drop the hopeless ones (see
 * matcher.ts): the posting contexts let a lone fingerprint hit be dropped
 * without reading anything of its document, so only documents with a promising chain are inflated and
 * tokenized; shards of a few kilobytes keep that inflation small while
 * compressing texts to about half their size.
 */
import { deflateSync, inflateSync } from 'fflate';
import { z } from 'zod';
import { corpusDocumentSchema, DOCUMENT_ID_PATTERN, type CorpusDocument, type DocumentMetadata } from './corpus';

/** Current binary format version; bump on any layout change. */
export const INDEX_FORMAT_VERSION = 3;
const MAGIC = 0x58494c53; // "SLIX" read as a little-endian u32
const HEADER_BYTES = 48;
/**
 * Texts are cut into shards of about this many UTF-8 bytes before compression:
 * a page's candidate documents are scattered over the corpus, so each usually
 * costs a shard of its own. Measured on the synthetic corpus, 8 KB shards
 * compress to 0.51 of the text (32 KB: 0.48, one document each: 0.54) and
 * inflate in a third of the time of 32 KB ones.
 */
const SHARD_TARGET_BYTES = 8 * 1024;
/**
 * Inflated shards kept per index (at most about 2 MB): the sources of a long
 * page's spans, then its card and viewer, read the documents the matcher just read.
 */
const INFLATED_SHARDS_KEPT = 256;

const indexInfoSchema = z.strictObject({
  documentCount: z.number().int().nonnegative(),
  wordCount: z.number().int().nonnegative(),
  /** Hex digest of the corpus content, identifies the corpus version. */
  corpusDigest: z.string(),
  /** Fingerprints found in more documents positions than this were dropped as boilerplate. */
  maxPostingsPerKey: z.number().int().positive(),
});

const documentMetadataSchema = corpusDocumentSchema.omit({ text: true });

const indexMetaSchema = z.strictObject({
  info: indexInfoSchema,
  documents: z.array(documentMetadataSchema),
});

/** Facts about an index, shown to users (options page) and used by benchmarks. */
export type IndexInfo = z.infer<typeof indexInfoSchema>;

/** A decoded index: fingerprint table, filter words, and the documents it points into. */
export interface IndexData {
  readonly version: number;
  readonly k: number;
  readonly w: number;
  readonly keys: Uint32Array;
  readonly offsets: Uint32Array;
  readonly postingDocs: Uint32Array;
  readonly postingPositions: Uint32Array;
  /** `kgramContext` (fingerprint.ts) of each posting: the words around its k-gram in its document, 4 bits each. */
  readonly postingContexts: Uint8Array;
  /** Filter words of document d are `filterWords[docWordStarts[d], docWordStarts[d + 1])`. */
  readonly docWordStarts: Uint32Array;
  /** `filterWord` (filter-words.ts) of each word of each document, one per token of `tokenizeWords`. */
  readonly filterWords: Uint16Array;
  readonly info: IndexInfo;
  /**
   * The documents. In a decoded index `text` is a getter that inflates the
   * document's shard on first use (a few shards stay inflated), so metadata
   * costs nothing to read and texts cost only for the documents asked for.
   */
  readonly documents: readonly CorpusDocument[];
}

/** Thrown when bytes are not a valid index of the supported version. */
export class IndexFormatError extends Error {
  override name = 'IndexFormatError';
}

/**
 * Compresses one text shard to a deflate-raw stream. Any valid stream decodes
 * (texts are inflated with fflate whatever wrote them); only `encodeIndex`'s
 * own compressor makes the file byte-for-byte reproducible.
 */
export type ShardCompressor = (plain: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** Shards compressed at once by `encodeIndexAsync`: enough to keep a native compressor busy, few enough to bound memory. */
const SHARDS_IN_FLIGHT = 64;

/** The documents' texts cut into shards, not yet compressed. */
interface TextShards {
  /** UTF-8 texts of each shard, concatenated. */
  plains: Uint8Array[];
  /** Shard s holds documents `[firstDocs[s], firstDocs[s + 1])`. */
  firstDocs: Uint32Array;
  textByteLengths: Uint32Array;
}

/**
 * Serializes an index, compressing texts with fflate (level 6). The output
 * depends only on `data`, byte for byte: the shipped corpus is built with it.
 */
export function encodeIndex(data: IndexData): Uint8Array {
  const shards = cutTextShards(data.documents);
  return assembleIndex(data, shards, shards.plains.map((plain) => deflateSync(plain, { level: 6 })));
}

/**
 * Serializes an index like `encodeIndex`, compressing texts with `compress`
 * (the import uses the browser's native `CompressionStream`, many times faster
 * than deflate in JavaScript); `onProgress` reports shards compressed.
 */
export async function encodeIndexAsync(
  data: IndexData,
  compress: ShardCompressor,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<Uint8Array> {
  const shards = cutTextShards(data.documents);
  const compressed: Uint8Array[] = [];
  for (let from = 0; from < shards.plains.length; from += SHARDS_IN_FLIGHT) {
    compressed.push(...(await Promise.all(shards.plains.slice(from, from + SHARDS_IN_FLIGHT).map((plain) => compress(plain)))));
    onProgress(compressed.length, shards.plains.length);
  }
  return assembleIndex(data, shards, compressed);
}

function cutTextShards(documents: readonly CorpusDocument[]): TextShards {
  const documentCount = documents.length;
  const encoder = new TextEncoder();
  const textByteLengths = new Uint32Array(documentCount);
  const firstDocs: number[] = [0];
  const plains: Uint8Array[] = [];
  for (let first = 0; first < documentCount; ) {
    const texts: Uint8Array[] = [];
    let size = 0;
    let next = first;
    while (next < documentCount && (next === first || size < SHARD_TARGET_BYTES)) {
      const bytes = encoder.encode(documents[next]!.text);
      textByteLengths[next] = bytes.length;
      texts.push(bytes);
      size += bytes.length;
      next++;
    }
    const plain = new Uint8Array(size);
    let at = 0;
    for (const bytes of texts) {
      plain.set(bytes, at);
      at += bytes.length;
    }
    plains.push(plain);
    firstDocs.push(next);
    first = next;
  }
  return { plains, firstDocs: Uint32Array.from(firstDocs), textByteLengths };
}

/** Whether this platform stores typed arrays little-endian (the file's byte order), so tables are copied whole. */
export const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/**
 * Writes an index from its tables and its already compressed text shards
 * (`shardFirstDocs`/`textByteLengths` as `decodeIndexSections` returns them):
 * how a split index (split-index.ts) is joined back into one file.
 */
export function assembleIndexWithShards(
  data: IndexData,
  shardFirstDocs: Uint32Array,
  textByteLengths: Uint32Array,
  shards: readonly Uint8Array[],
): Uint8Array {
  return assembleIndex(data, { plains: [], firstDocs: shardFirstDocs, textByteLengths }, shards);
}

function assembleIndex(data: IndexData, text: TextShards, shards: readonly Uint8Array[]): Uint8Array {
  const documentCount = data.documents.length;
  const meta = new TextEncoder().encode(
    JSON.stringify({ info: orderedInfo(data.info), documents: data.documents.map(documentMetadata) }),
  );
  const shardOffsets = new Uint32Array(shards.length + 1);
  shards.forEach((shard, s) => (shardOffsets[s + 1] = shardOffsets[s]! + shard.length));
  const textByteLength = shardOffsets[shards.length]!;

  const keyCount = data.keys.length;
  const postingCount = data.postingDocs.length;
  const wordCount = data.filterWords.length;
  const u32Arrays = [
    data.keys,
    data.offsets,
    data.postingDocs,
    data.postingPositions,
    data.docWordStarts,
    text.firstDocs,
    shardOffsets,
    text.textByteLengths,
  ];
  const u32Bytes = 4 * u32Arrays.reduce((sum, array) => sum + array.length, 0);
  const filterBytes = align4(2 * wordCount);
  const contextBytes = align4(postingCount);
  const bytes = new Uint8Array(HEADER_BYTES + u32Bytes + filterBytes + contextBytes + textByteLength + meta.length);
  const view = new DataView(bytes.buffer);
  const header = [MAGIC, data.version, data.k, data.w, keyCount, postingCount, documentCount, wordCount, shards.length, textByteLength, meta.length, 0];
  header.forEach((value, i) => view.setUint32(i * 4, value, true));
  let at = HEADER_BYTES;
  for (const array of u32Arrays) {
    if (LITTLE_ENDIAN) {
      new Uint32Array(bytes.buffer, at, array.length).set(array);
      at += 4 * array.length;
    } else {
      for (let i = 0; i < array.length; i++, at += 4) view.setUint32(at, array[i]!, true);
    }
  }
  if (LITTLE_ENDIAN) {
    new Uint16Array(bytes.buffer, at, wordCount).set(data.filterWords);
    at += 2 * wordCount;
  } else {
    for (let i = 0; i < wordCount; i++, at += 2) view.setUint16(at, data.filterWords[i]!, true);
  }
  at = align4(at);
  bytes.set(data.postingContexts, at);
  at += contextBytes;
  for (const shard of shards) {
    bytes.set(shard, at);
    at += shard.length;
  }
  bytes.set(meta, at);
  return bytes;
}

/**
 * Reads an index written by `encodeIndex` without copying its tables. Validates
 * the header, every bound and the metadata, so a truncated or foreign file
 * fails here with a clear message rather than later with wrong matches; a shard
 * whose inflated size disagrees with its table fails when first read.
 */
export function decodeIndex(input: Uint8Array | ArrayBuffer): IndexData {
  return decodeIndexSections(input).data;
}

/** A decoded index with the sections `decodeIndex` keeps to itself: the text shards' tables, the compressed texts and the metadata's bytes. */
export interface IndexSections {
  readonly data: IndexData;
  /** Shard s holds documents `[shardFirstDocs[s], shardFirstDocs[s + 1])`. */
  readonly shardFirstDocs: Uint32Array;
  /** Shard s is bytes `[shardOffsets[s], shardOffsets[s + 1])` of `texts`. */
  readonly shardOffsets: Uint32Array;
  /** UTF-8 bytes of each document's text. */
  readonly textByteLengths: Uint32Array;
  /** Every shard, deflate-raw, one after the other. */
  readonly texts: Uint8Array;
  /** The metadata's UTF-8 JSON, as stored. */
  readonly meta: Uint8Array;
}

/** Reads an index like `decodeIndex` (same checks) and returns its sections too. */
export function decodeIndexSections(input: Uint8Array | ArrayBuffer): IndexSections {
  let bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  // Typed-array views need 4-byte alignment; copy only when the caller's view is unaligned.
  if (bytes.byteOffset % 4 !== 0) bytes = bytes.slice();
  if (bytes.length < 8) throw new IndexFormatError('index is truncated: no header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const u32 = (i: number): number => view.getUint32(i * 4, true);
  if (u32(0) !== MAGIC) throw new IndexFormatError('not a Sourcelight index (bad magic)');
  const version = u32(1);
  if (version !== INDEX_FORMAT_VERSION) {
    throw new IndexFormatError(`index format version ${version} is not supported (expected ${INDEX_FORMAT_VERSION})`);
  }
  if (bytes.length < HEADER_BYTES) throw new IndexFormatError('index is truncated: no header');
  const [k, w, keyCount, postingCount, documentCount, wordCount, shardCount, textByteLength, metaLength] = [
    u32(2), u32(3), u32(4), u32(5), u32(6), u32(7), u32(8), u32(9), u32(10),
  ];
  const expected =
    HEADER_BYTES +
    4 * (2 * keyCount + 1 + 2 * postingCount + (documentCount + 1) + 2 * (shardCount + 1) + documentCount) +
    align4(2 * wordCount) +
    align4(postingCount) +
    textByteLength +
    metaLength;
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
  const docWordStarts = take(documentCount + 1);
  const shardFirstDocs = take(shardCount + 1);
  const shardOffsets = take(shardCount + 1);
  const textByteLengths = take(documentCount);
  const filterWords = new Uint16Array(bytes.buffer, at, wordCount);
  at += align4(2 * wordCount);
  const postingContexts = new Uint8Array(bytes.buffer, at, postingCount);
  at += align4(postingCount);
  const texts = bytes.subarray(at - bytes.byteOffset, at - bytes.byteOffset + textByteLength);
  at += textByteLength;
  const metaBytes = bytes.subarray(at - bytes.byteOffset);
  const meta = { data: parseIndexMeta(metaBytes) };

  for (let i = 1; i < keyCount; i++) {
    if (keys[i]! <= keys[i - 1]!) throw new IndexFormatError('index keys are not sorted');
  }
  checkMonotonic(offsets, postingCount, 'index offsets');
  if (meta.data.documents.length !== documentCount || meta.data.info.documentCount !== documentCount) {
    throw new IndexFormatError(`index says ${meta.data.info.documentCount} documents but holds ${meta.data.documents.length}`);
  }
  for (let i = 0; i < postingCount; i++) {
    if (postingDocs[i]! >= documentCount) throw new IndexFormatError('index posting points past the last document');
  }
  checkMonotonic(docWordStarts, wordCount, 'index document word starts');
  checkMonotonic(shardFirstDocs, documentCount, 'index shard documents');
  checkMonotonic(shardOffsets, textByteLength, 'index shard offsets');
  if (shardCount === 0 ? documentCount !== 0 : shardFirstDocs.subarray(1).some((first, s) => first === shardFirstDocs[s])) {
    throw new IndexFormatError('index has an empty text shard');
  }

  const shardTexts = new ShardTexts(texts, shardFirstDocs, shardOffsets, textByteLengths);
  const documents = meta.data.documents.map((metadata, docIndex) => lazyDocument(metadata, docIndex, shardTexts));
  const data = { version, k, w, keys, offsets, postingDocs, postingPositions, postingContexts, docWordStarts, filterWords, info: meta.data.info, documents };
  return { data, shardFirstDocs, shardOffsets, textByteLengths, texts, meta: metaBytes };
}

/** An index's metadata bytes as JSON, unchecked (throws `IndexFormatError` when they are not JSON). */
function parseMetaJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new IndexFormatError(`index metadata is not valid JSON: ${(error as Error).message}`);
  }
}

/** Parses and checks an index's metadata JSON (the documents without their texts, and the index's facts). */
function parseIndexMeta(bytes: Uint8Array): { info: IndexInfo; documents: DocumentMetadata[] } {
  const json = parseMetaJson(bytes);
  const meta = indexMetaSchema.safeParse(json);
  if (!meta.success) throw new IndexFormatError(`index metadata is invalid: ${z.prettifyError(meta.error)}`);
  return meta.data;
}

/** An index's metadata whose documents are checked one by one, when first read (see `parseIndexMetaDeferred`). */
export interface DeferredIndexMeta {
  readonly info: IndexInfo;
  /** Document ids, checked. */
  readonly ids: readonly string[];
  /** A document's metadata, checked on first read (throws `IndexFormatError` when it is invalid). */
  metadata(docIndex: number): DocumentMetadata;
  /** A document's publication date, unchecked beyond being a short string: it only orders candidates. */
  published(docIndex: number): string | undefined;
}

/**
 * Parses an index's metadata JSON, checking its facts and every document's id
 * at once and the rest of each document's metadata when first read. Matching
 * needs only the ids: checking 10,000 titles, links and dates with the
 * schema costs a waking background 50–100 ms (docs/performance.md).
 */
export function parseIndexMetaDeferred(bytes: Uint8Array): DeferredIndexMeta {
  const json = parseMetaJson(bytes);
  // By hand, not with the schema: a schema walks all 10,000 documents even to say "unknown" of each (≈ 20 ms).
  const { info: rawInfo, documents: raw, ...rest } = (typeof json === 'object' && json !== null ? json : {}) as { info?: unknown; documents?: unknown };
  if (!Array.isArray(raw) || Object.keys(rest).length > 0) throw new IndexFormatError('index metadata is invalid: expected exactly its facts and a list of documents');
  const info = indexInfoSchema.safeParse(rawInfo);
  if (!info.success) throw new IndexFormatError(`index metadata is invalid: ${z.prettifyError(info.error)}`);
  const ids = raw.map((doc, docIndex) => {
    const id = typeof doc === 'object' && doc !== null ? (doc as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || id.length > 200 || !DOCUMENT_ID_PATTERN.test(id)) throw new IndexFormatError(`index metadata is invalid: document ${docIndex} has no valid id`);
    return id;
  });
  const checked: (DocumentMetadata | undefined)[] = [];
  // Dates as read, null for none: the source cap asks for thousands a page, and reading them
  // from parsed JSON objects of many shapes each time cost ≈ 0.2 ms a 10,000-word page.
  const dates = new Array<string | null | undefined>(raw.length).fill(undefined);
  return {
    info: info.data,
    ids,
    metadata(docIndex) {
      let metadata = checked[docIndex];
      if (!metadata) {
        const parsed = documentMetadataSchema.safeParse(raw[docIndex]);
        if (!parsed.success) throw new IndexFormatError(`index metadata of document ${docIndex} is invalid: ${z.prettifyError(parsed.error)}`);
        metadata = checked[docIndex] = parsed.data;
      }
      return metadata;
    },
    published(docIndex) {
      let date = dates[docIndex];
      if (date === undefined) {
        const doc = raw[docIndex] as { published?: unknown } | null | undefined;
        const published = typeof doc === 'object' && doc !== null ? doc.published : undefined;
        date = dates[docIndex] = typeof published === 'string' && published.length <= 40 ? published : null;
      }
      return date ?? undefined;
    },
  };
}

/** Checks that `array` starts at 0, never decreases and ends at `last`; `subject` names it in the error ("index offsets"). */
export function checkMonotonic(array: Uint32Array, last: number, subject: string): void {
  if (array[0] !== 0 || array[array.length - 1] !== last) throw new IndexFormatError(`${subject} are out of range`);
  for (let i = 1; i < array.length; i++) {
    if (array[i]! < array[i - 1]!) throw new IndexFormatError(`${subject} are not monotonic`);
  }
}

/** A document whose `text` is read from its shard when asked for (enumerable, so spreads and JSON see it). */
function lazyDocument(metadata: DocumentMetadata, docIndex: number, shards: ShardTexts): CorpusDocument {
  const doc = { ...metadata } as CorpusDocument;
  Object.defineProperty(doc, 'text', { enumerable: true, get: () => shards.text(docIndex) });
  return doc;
}

/** The compressed texts of a decoded index, with the last few inflated shards kept. */
class ShardTexts {
  /** Inflated shards by shard number, least recently used first (Map keeps insertion order). */
  private readonly inflated = new Map<number, Uint8Array>();
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly texts: Uint8Array,
    private readonly shardFirstDocs: Uint32Array,
    private readonly shardOffsets: Uint32Array,
    private readonly textByteLengths: Uint32Array,
  ) {}

  text(docIndex: number): string {
    const lo = shardHolding(this.shardFirstDocs, docIndex);
    const plain = this.shard(lo);
    let from = 0;
    for (let d = this.shardFirstDocs[lo]!; d < docIndex; d++) from += this.textByteLengths[d]!;
    return this.decoder.decode(plain.subarray(from, from + this.textByteLengths[docIndex]!));
  }

  private shard(s: number): Uint8Array {
    let plain = this.inflated.get(s);
    if (plain) {
      this.inflated.delete(s);
    } else {
      let size = 0;
      for (let d = this.shardFirstDocs[s]!; d < this.shardFirstDocs[s + 1]!; d++) size += this.textByteLengths[d]!;
      plain = inflateShard(this.texts.subarray(this.shardOffsets[s]!, this.shardOffsets[s + 1]!), size, s);
      if (this.inflated.size >= INFLATED_SHARDS_KEPT) this.inflated.delete(this.inflated.keys().next().value!);
    }
    this.inflated.set(s, plain);
    return plain;
  }
}

/** The text shard holding document `docIndex`: the last one whose first document is not after it. */
export function shardHolding(shardFirstDocs: Uint32Array, docIndex: number): number {
  let lo = 0;
  let hi = shardFirstDocs.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (shardFirstDocs[mid]! <= docIndex) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Inflates text shard `s`, which must hold exactly `size` bytes (throws `IndexFormatError` otherwise). */
export function inflateShard(compressed: Uint8Array, size: number, s: number): Uint8Array {
  let plain: Uint8Array;
  try {
    plain = inflateSync(compressed, { out: new Uint8Array(size) });
  } catch (error) {
    throw new IndexFormatError(`index text shard ${s} is damaged: ${(error as Error).message}`);
  }
  if (plain.length !== size) throw new IndexFormatError(`index text shard ${s} holds ${plain.length} bytes, expected ${size}`);
  return plain;
}

/**
 * Returns the range `[from, to)` of postings for a fingerprint hash (empty when absent).
 * Binary search over the sorted key array, no hash map to build at load time;
 * `lo`/`hi` narrow it to a slice of the keys known to hold the hash (the
 * matcher's prefix buckets).
 */
export function findPostings(data: Pick<IndexData, 'keys' | 'offsets'>, hash: number, lo = 0, hi = data.keys.length): [number, number] {
  const keys = data.keys;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < hash) lo = mid + 1;
    else hi = mid;
  }
  if (lo < keys.length && keys[lo] === hash) return [data.offsets[lo]!, data.offsets[lo + 1]!];
  return [0, 0];
}

/** `n` rounded up to a multiple of 4 (tables are padded so the next one is 4-byte aligned). */
export function align4(n: number): number {
  return (n + 3) & ~3;
}

function orderedInfo(info: IndexInfo): IndexInfo {
  return {
    documentCount: info.documentCount,
    wordCount: info.wordCount,
    corpusDigest: info.corpusDigest,
    maxPostingsPerKey: info.maxPostingsPerKey,
  };
}

/**
 * A document's metadata without its text, read field by field: in a decoded
 * index `text` is inflated on access, and a fixed key order keeps the encoded
 * JSON, and so the file, byte-identical across runs.
 */
export function documentMetadata(doc: DocumentMetadata): DocumentMetadata {
  const out: DocumentMetadata = { id: doc.id, title: doc.title };
  if (doc.url !== undefined) out.url = doc.url;
  if (doc.outlet !== undefined) out.outlet = doc.outlet;
  if (doc.published !== undefined) out.published = doc.published;
  if (doc.lang !== undefined) out.lang = doc.lang;
  return out;
}
