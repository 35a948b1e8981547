import { deflateSync } from 'fflate';
import fc from 'fast-check';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildIndex } from './build-index';
import type { CorpusDocument } from './corpus';
import { hashKgrams, winnowPositions } from './fingerprint';
import { decodeIndex, encodeIndex, encodeIndexAsync, findPostings, INDEX_FORMAT_VERSION, IndexFormatError, parseIndexMetaDeferred, type IndexData } from './index-format';
import { tokenizeWords } from './tokenize';

/** Property runs are CPU-bound; allow for a loaded machine (this is not a timing assertion). */
const PROPERTY_TIMEOUT = { timeout: 60_000 };

const DOCS: CorpusDocument[] = [
  {
    id: 'presstv-2009-01',
    title: 'Iraq wants departure of MKO terrorists',
    text:
      'The Iraqi government has ordered main members of the Mujahedin Khalq Organization (MKO) currently residing in Iraq to leave the country.\n\n' +
      'Baghdad announced in a statement on Sunday that MKO members at Camp Ashraf must close their training ground and leave in a”non-forcible”manner.',
    url: 'https://example.org/a',
    outlet: 'Example Outlet',
    published: '2009-01-01',
    lang: 'en',
  },
  {
    id: 'doc_2',
    title: 'MKO claims to win US protection',
    text: 'MKO leaders said on Monday that the US embassy statement was a”real victory”, indicating that the members of the group fell under Washington’s protection and could remain in safety.',
  },
  {
    id: 'doc.3',
    title: 'Ünïcödé – “quotes”',
    text: 'Iran’s diplomatic apparatus is doing its best to put an end to the terrorist group’s presence in the neighboring Iraq. ﬁn — 日本語 🙂',
  },
];

const HEADER_FIELDS = {
  magic: 0,
  version: 1,
  k: 2,
  w: 3,
  keyCount: 4,
  postingCount: 5,
  documentCount: 6,
  wordCount: 7,
  shardCount: 8,
  textLength: 9,
  metaLength: 10,
  reserved: 11,
};
const HEADER_BYTES = 48;

const readU32 = (bytes: Uint8Array, field: number): number => new DataView(bytes.buffer, bytes.byteOffset).getUint32(field * 4, true);
const withU32 = (bytes: Uint8Array, byteOffset: number, value: number): Uint8Array => {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(byteOffset, value, true);
  return copy;
};

const plain = (data: IndexData) => ({
  ...data,
  keys: Array.from(data.keys),
  offsets: Array.from(data.offsets),
  postingDocs: Array.from(data.postingDocs),
  postingPositions: Array.from(data.postingPositions),
  postingContexts: Array.from(data.postingContexts),
});

const expectFormatError = (bytes: Uint8Array | ArrayBuffer, message: RegExp): void => {
  let error: unknown;
  try {
    decodeIndex(bytes);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(IndexFormatError);
  expect((error as Error).message).toMatch(message);
};

describe('encodeIndex / decodeIndex', PROPERTY_TIMEOUT, () => {
  const index = buildIndex(DOCS);
  const bytes = encodeIndex(index);
  const keyCount = index.keys.length;
  const postingCount = index.postingDocs.length;
  const keysAt = HEADER_BYTES;
  const offsetsAt = keysAt + 4 * keyCount;
  const docsAt = offsetsAt + 4 * (keyCount + 1);

  it('writes the documented header', () => {
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('SLIX');
    expect(readU32(bytes, HEADER_FIELDS.version)).toBe(INDEX_FORMAT_VERSION);
    expect(readU32(bytes, HEADER_FIELDS.k)).toBe(index.k);
    expect(readU32(bytes, HEADER_FIELDS.w)).toBe(index.w);
    expect(readU32(bytes, HEADER_FIELDS.keyCount)).toBe(keyCount);
    expect(readU32(bytes, HEADER_FIELDS.postingCount)).toBe(postingCount);
    expect(readU32(bytes, HEADER_FIELDS.documentCount)).toBe(DOCS.length);
    expect(readU32(bytes, HEADER_FIELDS.wordCount)).toBe(index.info.wordCount);
    expect(readU32(bytes, HEADER_FIELDS.reserved)).toBe(0);
    const shardCount = readU32(bytes, HEADER_FIELDS.shardCount);
    const u32Count = 2 * keyCount + 1 + 2 * postingCount + DOCS.length + 1 + 2 * (shardCount + 1) + DOCS.length;
    const filterBytes = Math.ceil((2 * index.info.wordCount) / 4) * 4;
    const contextBytes = Math.ceil(postingCount / 4) * 4;
    expect(bytes.length).toBe(
      HEADER_BYTES + 4 * u32Count + filterBytes + contextBytes + readU32(bytes, HEADER_FIELDS.textLength) + readU32(bytes, HEADER_FIELDS.metaLength),
    );
  });

  it('round-trips: decoding gives back the same index', () => {
    expect(plain(decodeIndex(bytes))).toEqual(plain(index));
  });

  it('round-trips byte for byte: decode then encode gives the same bytes', () => {
    expect(encodeIndex(decodeIndex(bytes))).toEqual(bytes);
  });

  it('encodes the same index to the same bytes every time, and so does building it again', () => {
    expect(encodeIndex(index)).toEqual(bytes);
    expect(encodeIndex(buildIndex(DOCS))).toEqual(bytes);
  });

  it('does not depend on the key order of document objects', () => {
    const shuffled = DOCS.map((doc) => Object.fromEntries(Object.entries(doc).reverse()) as CorpusDocument);
    expect(encodeIndex(buildIndex(shuffled))).toEqual(bytes);
  });

  it('decodes from an ArrayBuffer and from an unaligned view', () => {
    const buffer = bytes.slice().buffer;
    expect(plain(decodeIndex(buffer))).toEqual(plain(index));
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes, 1);
    expect(plain(decodeIndex(padded.subarray(1)))).toEqual(plain(index));
  });

  it('decodes from an aligned view into a larger buffer', () => {
    const padded = new Uint8Array(bytes.length + 12);
    padded.set(bytes, 8);
    expect(plain(decodeIndex(padded.subarray(8, 8 + bytes.length)))).toEqual(plain(index));
  });

  it('round-trips an index of no documents', () => {
    const empty = buildIndex([]);
    expect(plain(decodeIndex(encodeIndex(empty)))).toEqual(plain(empty));
  });

  it('rejects input shorter than the header', () => {
    expectFormatError(new Uint8Array(0), /truncated/);
    expectFormatError(bytes.subarray(0, 31), /truncated/);
  });

  it('rejects bad magic', () => {
    expectFormatError(withU32(bytes, 0, 0x4b495a50), /magic/);
    const json = new TextEncoder().encode('{"info":{},"documents":[]}                                  ');
    expectFormatError(json, /magic/);
  });

  it('rejects another format version', () => {
    expectFormatError(withU32(bytes, 4, INDEX_FORMAT_VERSION + 1), new RegExp(`version ${INDEX_FORMAT_VERSION + 1} is not supported`));
    expectFormatError(withU32(bytes, 4, 0), /version 0/);
  });

  it('rejects truncated or over-long input', () => {
    for (const length of [HEADER_BYTES, docsAt, bytes.length - 1]) expectFormatError(bytes.slice(0, length), /bytes, header says/);
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expectFormatError(longer, /bytes, header says/);
  });

  it('rejects header counts that disagree with the length', () => {
    expectFormatError(withU32(bytes, 16, keyCount + 1), /header says/);
    expectFormatError(withU32(bytes, 20, postingCount - 1), /header says/);
    expectFormatError(withU32(bytes, 24, 0xffffffff), /header says/);
  });

  it('rejects k or w of zero', () => {
    expectFormatError(withU32(bytes, 8, 0), /k or w/);
    expectFormatError(withU32(bytes, 12, 0), /k or w/);
  });

  it('rejects offsets that do not start at 0 or end at the posting count', () => {
    expectFormatError(withU32(bytes, offsetsAt, 1), /out of range/);
    expectFormatError(withU32(bytes, offsetsAt + 4 * keyCount, postingCount + 1), /out of range/);
  });

  it('rejects offsets that go backwards', () => {
    expect(keyCount).toBeGreaterThan(2);
    expectFormatError(withU32(bytes, offsetsAt + 4, postingCount), /not monotonic/);
  });

  it('rejects keys out of order or repeated', () => {
    expectFormatError(withU32(bytes, keysAt + 4, index.keys[0]!), /not sorted/);
    expectFormatError(withU32(bytes, keysAt, 0xffffffff), /not sorted/);
  });

  it('rejects postings that point past the last document', () => {
    expectFormatError(withU32(bytes, docsAt, DOCS.length), /past the last document/);
  });

  it('rejects metadata that is not JSON, not UTF-8 or not a valid corpus', () => {
    const metaAt = bytes.length - readU32(bytes, HEADER_FIELDS.metaLength);
    const corrupt = (at: number, value: number): Uint8Array => {
      const copy = bytes.slice();
      copy[at] = value;
      return copy;
    };
    expectFormatError(corrupt(metaAt, 0x5b /* [ */), /not valid JSON|invalid/);
    expectFormatError(corrupt(metaAt + 1, 0xff), /not valid JSON/);
    expectFormatError(corrupt(bytes.length - 1, 0x20 /* drop the closing brace */), /not valid JSON/);
    const badDoc = buildIndex([{ id: 'bad id with spaces', title: 'x', text: 'y' }]);
    expectFormatError(encodeIndex(badDoc), /metadata is invalid/);
  });

  it('either rejects a corrupted byte of the header, keys or offsets, or decodes it to a structurally valid index', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: docsAt - 1 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const copy = bytes.slice();
        copy[at]! ^= xor;
        let decoded: IndexData | undefined;
        try {
          decoded = decodeIndex(copy);
        } catch (error) {
          expect(error).toBeInstanceOf(IndexFormatError);
          return;
        }
        // A changed key that stays sorted, or w/k changed: still a structurally valid index.
        expect(decoded.offsets[keyCount]).toBe(decoded.postingDocs.length);
        for (let i = 0; i < decoded.postingDocs.length; i++) expect(decoded.postingDocs[i]).toBeLessThan(DOCS.length);
      }),
      { numRuns: 300 },
    );
  });

  it('throws only IndexFormatError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (random, withHeader) => {
        const input = withHeader ? Uint8Array.from([...bytes.subarray(0, 8), ...random]) : random;
        try {
          decodeIndex(input);
        } catch (error) {
          expect(error).toBeInstanceOf(IndexFormatError);
        }
      }),
    );
  });
});

describe('document texts and filter words', PROPERTY_TIMEOUT, () => {
  // Enough text for several shards of about 32 KB, with a multi-byte character in every document.
  const many: CorpusDocument[] = Array.from({ length: 60 }, (_, d) => ({
    id: `doc-${d}`,
    title: `Document ${d}`,
    text: Array.from({ length: 200 }, (_, i) => `Wörd${(d * 7 + i) % 53} number ${i} of ${d}.`).join(' '),
  }));
  const index = buildIndex(many);
  const bytes = encodeIndex(index);
  const shardCount = readU32(bytes, HEADER_FIELDS.shardCount);

  it('splits texts into several compressed shards, smaller than the texts', () => {
    expect(shardCount).toBeGreaterThan(2);
    const plainBytes = many.reduce((sum, doc) => sum + new TextEncoder().encode(doc.text).length, 0);
    expect(readU32(bytes, HEADER_FIELDS.textLength)).toBeLessThan(plainBytes / 2);
  });

  it('gives back every text, in any order of access, and round-trips byte for byte', () => {
    const decoded = decodeIndex(bytes);
    for (const d of [59, 0, 31, 30, 1, 58]) expect(decoded.documents[d]!.text).toBe(many[d]!.text);
    expect(decoded.documents.map((doc) => doc.text)).toEqual(many.map((doc) => doc.text));
    expect(encodeIndex(decoded)).toEqual(bytes);
    expect(encodeIndex(decodeIndex(encodeIndex(decodeIndex(bytes))))).toEqual(bytes);
  });

  it('encodes the same bytes asynchronously with the same compressor, in batches, reporting each', async () => {
    const progress: [number, number][] = [];
    const encoded = await encodeIndexAsync(index, async (plain) => deflateSync(plain, { level: 6 }), (done, total) => progress.push([done, total]));
    expect(encoded).toEqual(bytes);
    expect(progress.at(-1)).toEqual([shardCount, shardCount]);
  });

  it('decodes every text of an index compressed by another deflate-raw (zlib, as the browser native one)', async () => {
    const encoded = await encodeIndexAsync(index, (plain) => new Uint8Array(deflateRawSync(plain)));
    expect(encoded).not.toEqual(bytes);
    const decoded = decodeIndex(encoded);
    expect(decoded.documents.map((doc) => doc.text)).toEqual(many.map((doc) => doc.text));
    expect(decoded.keys).toEqual(index.keys);
    expect(decoded.filterWords).toEqual(index.filterWords);
  });

  it('stores one filter word per token, 0 exactly for function and capitalized words', () => {
    many.forEach((doc, d) => {
      const tokens = tokenizeWords(doc.text);
      expect(index.docWordStarts[d + 1]! - index.docWordStarts[d]!).toBe(tokens.count);
      for (let i = 0; i < tokens.count; i++) {
        const value = index.filterWords[index.docWordStarts[d]! + i]!;
        expect(value === 0).toBe((tokens.flags[i]! & 3) !== 0);
        if (value !== 0) expect(value).toBe(tokens.hashes[i]! & 0xffff || 1);
      }
    });
  });

  it('reports a damaged shard when its text is first read, not before', () => {
    const damaged = bytes.slice();
    const metaLength = readU32(bytes, HEADER_FIELDS.metaLength);
    const textLength = readU32(bytes, HEADER_FIELDS.textLength);
    const textsAt = bytes.length - metaLength - textLength;
    damaged.fill(0xff, textsAt, textsAt + 16);
    const decoded = decodeIndex(damaged);
    expect(decoded.documents[0]!.id).toBe('doc-0');
    expect(() => decoded.documents[0]!.text).toThrow(IndexFormatError);
    expect(decoded.documents[59]!.text).toBe(many[59]!.text);
  });

  it('rejects word and shard tables out of range', () => {
    const wordStartsAt = HEADER_BYTES + 4 * (2 * index.keys.length + 1 + 2 * index.postingDocs.length);
    expectFormatError(withU32(bytes, wordStartsAt, 1), /document word starts are out of range/);
    const shardDocsAt = wordStartsAt + 4 * (many.length + 1);
    expectFormatError(withU32(bytes, shardDocsAt + 4, 0), /empty text shard|not monotonic/);
    const shardOffsetsAt = shardDocsAt + 4 * (shardCount + 1);
    expectFormatError(withU32(bytes, shardOffsetsAt + 4, 0xffffff), /shard offsets are not monotonic/);
  });
});

describe('parseIndexMetaDeferred', () => {
  const info = { documentCount: 2, wordCount: 20, corpusDigest: 'abc', maxPostingsPerKey: 256 };
  const meta = (documents: unknown[]): Uint8Array => new TextEncoder().encode(JSON.stringify({ info, documents }));
  const good = { id: 'harbour-1', title: 'Harbour reopens', url: 'https://news.example/harbour', published: '2009-01-02' };

  it('gives the ids at once and each document as the full check gives it', () => {
    const parsed = parseIndexMetaDeferred(meta([good, { id: 'b.2', title: 'Second' }]));
    expect(parsed.info).toEqual(info);
    expect(parsed.ids).toEqual(['harbour-1', 'b.2']);
    expect(parsed.metadata(0)).toEqual(good);
    expect(parsed.metadata(1)).toEqual({ id: 'b.2', title: 'Second' });
  });

  it('refuses bad JSON, bad facts and a bad id at once', () => {
    expect(() => parseIndexMetaDeferred(new TextEncoder().encode('{'))).toThrow(/not valid JSON/);
    expect(() => parseIndexMetaDeferred(new TextEncoder().encode(JSON.stringify({ info: {}, documents: [] })))).toThrow(IndexFormatError);
    for (const bad of [{ title: 'No id' }, { id: '', title: 'Empty' }, { id: 'a/b', title: 'Slash' }, { id: 'x'.repeat(201), title: 'Long' }, null, 'text']) {
      expect(() => parseIndexMetaDeferred(meta([good, bad]))).toThrow(/document 1 has no valid id/);
    }
  });

  it('refuses a document whose other fields are bad when it is read, not its neighbours', () => {
    const parsed = parseIndexMetaDeferred(meta([good, { id: 'b', title: 'Unsafe', url: 'javascript:alert(1)' }, { id: 'c', title: 'Extra', text: 'not metadata' }]));
    expect(parsed.metadata(0)).toEqual(good);
    expect(() => parsed.metadata(1)).toThrow(/document 1 is invalid/);
    expect(() => parsed.metadata(2)).toThrow(IndexFormatError);
  });

  it('gives a publication date without checking the rest, and nothing for one that is not a short string', () => {
    const parsed = parseIndexMetaDeferred(
      meta([good, { id: 'b', title: 'Unsafe', url: 'javascript:alert(1)', published: '2010-05-06' }, { id: 'c', published: 20100506 }, { id: 'd', published: 'x'.repeat(41) }, { id: 'e' }]),
    );
    // Asked again (read from what the first asks kept), in another order.
    for (let round = 0; round < 2; round++) {
      expect([4, 3, 2, 1, 0].map((d) => parsed.published(d))).toEqual([undefined, undefined, undefined, '2010-05-06', '2009-01-02']);
    }
  });
});

describe('findPostings', PROPERTY_TIMEOUT, () => {
  const index = buildIndex(DOCS, { k: 2, w: 3 });

  it('returns an empty range for a hash not in the table', () => {
    const present = new Set(index.keys);
    let absent = 12345;
    while (present.has(absent)) absent++;
    const [from, to] = findPostings(index, absent);
    expect(to - from).toBe(0);
  });

  it('returns the postings range of every key', () => {
    index.keys.forEach((key, i) => {
      expect(findPostings(index, key)).toEqual([index.offsets[i], index.offsets[i + 1]]);
    });
  });

  it('finds every selected fingerprint of every document at its document and position', () => {
    index.documents.forEach((doc, docIndex) => {
      const tokens = tokenizeWords(doc.text);
      const kgrams = hashKgrams(tokens.hashes, tokens.flags, index.k);
      for (const position of winnowPositions(kgrams, index.w)) {
        const [from, to] = findPostings(index, kgrams[position]!);
        const postings = [];
        for (let p = from; p < to; p++) postings.push([index.postingDocs[p], index.postingPositions[p]]);
        expect(postings).toContainEqual([docIndex, position]);
      }
    });
  });

  it('works on a decoded index exactly as on the built one', () => {
    const decoded = decodeIndex(encodeIndex(index));
    for (const key of index.keys) expect(findPostings(decoded, key)).toEqual(findPostings(index, key));
  });

  it('returns an empty range on an empty table', () => {
    expect(findPostings(buildIndex([]), 42)).toEqual([0, 0]);
  });

  it('agrees with a linear scan on random sorted tables', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 0xffffffff }), { maxLength: 50 }), fc.nat({ max: 0xffffffff }), (values, probe) => {
        const keys = Uint32Array.from(values.sort((a, b) => a - b));
        const offsets = Uint32Array.from({ length: keys.length + 1 }, (_, i) => 2 * i);
        const data: IndexData = { ...buildIndex([]), keys, offsets };
        for (const hash of [probe, ...values]) {
          const i = Array.from(keys).indexOf(hash);
          expect(findPostings(data, hash)).toEqual(i < 0 ? [0, 0] : [2 * i, 2 * i + 2]);
        }
      }),
    );
  });
});

describe('buildIndex', () => {
  it('records the documents, their word count and the build parameters', () => {
    const index = buildIndex(DOCS, { k: 4, w: 5, maxPostingsPerKey: 9 });
    expect(index).toMatchObject({ version: INDEX_FORMAT_VERSION, k: 4, w: 5 });
    expect(index.info).toMatchObject({ documentCount: 3, maxPostingsPerKey: 9 });
    expect(index.info.wordCount).toBe(DOCS.reduce((sum, doc) => sum + tokenizeWords(doc.text).count, 0));
    expect(index.documents).toEqual(DOCS);
    expect(index.info.corpusDigest).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps keys strictly increasing with postings sorted by document then position', () => {
    const index = buildIndex(DOCS);
    for (let i = 1; i < index.keys.length; i++) expect(index.keys[i]).toBeGreaterThan(index.keys[i - 1]!);
    for (let i = 0; i < index.keys.length; i++) {
      for (let p = index.offsets[i]! + 1; p < index.offsets[i + 1]!; p++) {
        const before = [index.postingDocs[p - 1]!, index.postingPositions[p - 1]!];
        const after = [index.postingDocs[p]!, index.postingPositions[p]!];
        expect(before[0]! < after[0]! || (before[0] === after[0] && before[1]! < after[1]!)).toBe(true);
      }
    }
  });

  it('changes the corpus digest when any document field changes', () => {
    const base = buildIndex(DOCS).info.corpusDigest;
    const edited = DOCS.map((doc, i) => (i === 1 ? { ...doc, title: doc.title + '!' } : doc));
    expect(buildIndex(edited).info.corpusDigest).not.toBe(base);
    const moved = DOCS.map((doc, i) => (i === 0 ? { ...doc, id: 'presstv-2009-0', title: '1' + doc.title } : doc));
    expect(buildIndex(moved).info.corpusDigest).not.toBe(base);
  });

  it('drops fingerprints with more postings than maxPostingsPerKey', () => {
    const boilerplate = 'Follow us on social media for the latest updates from the newsroom.';
    const docs = Array.from({ length: 4 }, (_, i) => ({ id: `d${i}`, title: `T${i}`, text: `Story number ${i} begins here. ${boilerplate}` }));
    const tokens = tokenizeWords(boilerplate);
    const kgrams = hashKgrams(tokens.hashes, tokens.flags, 3);
    const strict = buildIndex(docs, { maxPostingsPerKey: 3 });
    const lax = buildIndex(docs, { maxPostingsPerKey: 4 });
    const boilerplateKeys = (index: IndexData): number[] => Array.from(kgrams).filter((h) => findPostings(index, h)[1] > findPostings(index, h)[0]);
    expect(boilerplateKeys(lax).length).toBeGreaterThan(0);
    expect(boilerplateKeys(strict)).toEqual([]);
  });

  it('reports progress after each document', () => {
    const calls: [number, number][] = [];
    buildIndex(DOCS, { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });
});
