/**
 * The split index (format 5, and format 4 read as before): cut from a format-3
 * file and joined back byte for byte, matched part by part with the same result
 * as the whole index, reading only what a page needs, and refusing damaged
 * heads and parts.
 */
import fc from 'fast-check';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../corpus-index/load-corpus';
import { buildIndex } from './build-index';
import type { CorpusDocument } from './corpus';
import { hashKgrams } from './fingerprint';
import { decodeIndex, decodeIndexSections, encodeIndex, findPostings, IndexFormatError, type IndexData } from './index-format';
import { DocumentTokenCache, findMatches } from './matcher';
import { tokenizeWords } from './tokenize';
import { asFormat4 } from './split-index.fixture';
import {
  DEFAULT_BUDGETS,
  DEFAULT_PART_SIZES,
  findMatchesInParts,
  joinIndex,
  postingPartBitsOf,
  readDocumentTexts,
  SEGMENTED_TEXT_PART_SHARDS,
  segmentPartSizes,
  shareBudgets,
  splitDocuments,
  SplitIndex,
  splitIndex,
  type PartKind,
  type PartReader,
  type SplitParts,
} from './split-index';

const CORPUS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../corpus-index/corpus');
/** Property runs are CPU-bound; allow for a loaded machine (this is not a timing assertion). */
const PROPERTY_TIMEOUT = { timeout: 60_000 };

/** Sentences of the shipped articles. */
let sentences: string[];
/** 400 articles recombined from them, as wire copy recurs across outlets: many parts of every kind. */
let documents: CorpusDocument[];
let bytes: Uint8Array;
let whole: IndexData;
let parts: SplitParts;

beforeAll(async () => {
  const shipped = (await loadCorpus(CORPUS_DIR)).documents;
  sentences = shipped.flatMap((doc) => doc.text.split(/(?<=[.!?])\s+/)).filter((sentence) => sentence.split(' ').length >= 6);
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  documents = Array.from({ length: 400 }, (_, d) => ({
    id: `wire-${d}`,
    title: `Wire story ${d}`,
    text: Array.from({ length: 4 + Math.floor(next() * 6) }, () => sentences[Math.floor(next() * sentences.length)]).join(' '),
  }));
  bytes = encodeIndex(buildIndex(documents));
  whole = decodeIndex(bytes);
  // Parts far smaller than the defaults: this small corpus then has many of every kind, as a large one does.
  parts = splitIndex(bytes, { postingPartBytes: 256, filterPartWords: 64, textPartShards: 2 });
});

/** A reader over `parts` that records what it was asked for. */
function recordingReader(source: SplitParts = parts): PartReader & { reads: { kind: PartKind; numbers: readonly number[] }[] } {
  const reads: { kind: PartKind; numbers: readonly number[] }[] = [];
  return {
    reads,
    read: async (kind, numbers) => {
      reads.push({ kind, numbers });
      return new Map(numbers.map((n) => [n, source[kind][n]!]));
    },
  };
}

/** Whether two byte arrays are equal (`toEqual` on arrays this long is slow). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

const OWN_WORDS =
  'Our correspondent spent the afternoon by the lake, where fishermen mended their nets and talked about the price of diesel and the long dry summer.';

describe('splitIndex and joinIndex', () => {
  it('cut an index into parts of every kind and join them back byte for byte', () => {
    expect(parts.postings.length).toBeGreaterThan(1);
    expect(parts.filters.length).toBeGreaterThan(1);
    expect(parts.texts.length).toBeGreaterThan(1);
    expect(sameBytes(joinIndex(parts), bytes)).toBe(true);
    // The parts hold the tables and nothing twice: the head's keys take 2 bytes each, not 4.
    const total = [parts.head, ...parts.postings, ...parts.filters, ...parts.texts].reduce((sum, part) => sum + part.length, 0);
    expect(total).toBeLessThan(bytes.length + 4 * 65_537 + 16 * parts.postings.length);
  });

  it('join back byte for byte whatever the sizes of the parts', () => {
    for (const sizes of [DEFAULT_PART_SIZES, { postingPartBytes: 1, filterPartWords: 1, textPartShards: 1 }, { postingPartBytes: 1e9, filterPartWords: 1e9, textPartShards: 1e9 }]) {
      expect(sameBytes(joinIndex(splitIndex(bytes, sizes)), bytes)).toBe(true);
    }
  });

  it('cut the postings at the key bits they are given, whatever the corpus size, and still join back', () => {
    for (const postingPartBits of [0, 5, 16]) {
      const split = splitIndex(bytes, { ...DEFAULT_PART_SIZES, postingPartBits });
      expect(split.postings).toHaveLength(2 ** postingPartBits);
      expect(postingPartBitsOf(split)).toBe(postingPartBits);
      expect(sameBytes(joinIndex(split), bytes)).toBe(true);
    }
    expect(() => splitIndex(bytes, { ...DEFAULT_PART_SIZES, postingPartBits: 17 })).toThrow(RangeError);
  });

  it('round-trip an empty corpus and a one-document corpus', () => {
    for (const docs of [[], [{ id: 'a', title: 'A', text: 'One short text about the harbour and its gulls.' }]]) {
      const file = encodeIndex(buildIndex(docs));
      expect(sameBytes(joinIndex(splitIndex(file)), file)).toBe(true);
    }
  });

  it('refuse bytes that are not a format-3 index', () => {
    expect(() => splitIndex(new Uint8Array(64))).toThrow(IndexFormatError);
  });
});

describe('splitDocuments', () => {
  it('gives the documents, metadata and texts, as decodeIndex does, from the head and text parts alone', () => {
    const dated = documents.map((doc, d) => (d % 3 === 0 ? { ...doc, url: `https://example.org/${d}`, outlet: 'Wire', published: '2024-05-01' } : doc));
    const file = encodeIndex(buildIndex(dated));
    for (const sizes of [DEFAULT_PART_SIZES, { postingPartBytes: 256, filterPartWords: 64, textPartShards: 1 }]) {
      const split = splitIndex(file, sizes);
      const docs = splitDocuments(split.head, split.texts);
      // As the export writes them: the same keys in the same order, texts included.
      expect(docs.map((doc) => JSON.stringify(doc))).toEqual(decodeIndex(file).documents.map((doc) => JSON.stringify(doc)));
      expect(docs.map((doc) => doc.text)).toEqual(dated.map((doc) => doc.text));
    }
  });

  it('refuses text parts that are missing or damaged, with the index format error', () => {
    expect(parts.texts.length).toBeGreaterThan(1);
    expect(() => splitDocuments(parts.head, parts.texts.slice(1))).toThrow(IndexFormatError);
    expect(() => splitDocuments(parts.head, [parts.texts[0]!.subarray(1), ...parts.texts.slice(1)])).toThrow(IndexFormatError);
  });
});

describe('SplitIndex', () => {
  it('knows exactly which k-grams the corpus has, from its head alone', () => {
    const index = SplitIndex.fromHead(parts.head);
    for (let i = 0; i < whole.keys.length; i += 97) expect(index.postingPartOf(whole.keys[i]!)).toBeGreaterThanOrEqual(0);
    const keys = new Set(whole.keys);
    let absent = 0;
    for (let hash = 12345; absent < 200; hash = (hash * 2654435761 + 1) >>> 0) {
      if (keys.has(hash)) continue;
      expect(index.postingPartOf(hash)).toBe(-1);
      absent++;
    }
  });

  it("builds a page's posting table of just its k-grams, with the whole index's postings, whatever the parts", () => {
    const page = tokenizeWords(`${OWN_WORDS} ${sentences[3]} ${sentences[40]} ${sentences[3]}`);
    const kgrams = hashKgrams(page.hashes, page.flags, whole.k);
    // Many small posting parts, and one part holding every key (no key bits chosen).
    for (const source of [parts, splitIndex(bytes, { postingPartBytes: 1e9, filterPartWords: 64, textPartShards: 2 })]) {
      const index = SplitIndex.fromHead(source.head);
      expect(index.postingTable(kgrams)).toBeNull();
      source.postings.forEach((part, p) => index.addPart('postings', p, part));
      const table = index.postingTable(kgrams)!;
      // The same table while the page is matched (its seeds are kept with it, matcher.ts).
      expect(index.postingTable(kgrams)).toBe(table);
      const expected = [...new Set(kgrams)].filter((hash) => findPostings(whole, hash)[0] < findPostings(whole, hash)[1]).sort((a, b) => a - b);
      expect(expected.length).toBeGreaterThan(10);
      expect([...table.keys]).toEqual(expected);
      table.keys.forEach((hash, i) => {
        const [from, to] = findPostings(whole, hash);
        expect([...table.postingDocs.subarray(table.offsets[i], table.offsets[i + 1])]).toEqual([...whole.postingDocs.subarray(from, to)]);
        expect([...table.postingPositions.subarray(table.offsets[i], table.offsets[i + 1])]).toEqual([...whole.postingPositions.subarray(from, to)]);
        expect([...table.postingContexts.subarray(table.offsets[i], table.offsets[i + 1])]).toEqual([...whole.postingContexts.subarray(from, to)]);
      });
    }
  });

  it("keeps the postings of a page's keys between pages, within their budget, so the page needs no posting part again", () => {
    const page = tokenizeWords(`${sentences[5]} ${OWN_WORDS} ${sentences[77]}`);
    const kgrams = hashKgrams(page.hashes, page.flags, whole.k);
    const tableOf = (index: SplitIndex, hashes: Uint32Array): ReturnType<SplitIndex['postingTable']> => {
      index.beginPage();
      try {
        return index.noting(() => index.postingTable(hashes)).result;
      } finally {
        index.endPage();
      }
    };
    // No part is kept between pages: only the key runs are.
    const kept = SplitIndex.fromHead(parts.head, { postings: 0, filters: 0, texts: 0, keyRuns: 1 << 20, inflatedTexts: 0 });
    const none = SplitIndex.fromHead(parts.head, { postings: 0, filters: 0, texts: 0, keyRuns: 0, inflatedTexts: 0 });
    for (const index of [kept, none]) {
      parts.postings.forEach((part, p) => index.addPart('postings', p, part));
      expect(tableOf(index, kgrams)).not.toBeNull();
    }
    // A new array: the same page read again, not the same round.
    const again = tableOf(kept, kgrams.slice())!;
    expect(again).not.toBeNull();
    const fresh = SplitIndex.fromHead(parts.head);
    parts.postings.forEach((part, p) => fresh.addPart('postings', p, part));
    expect(again).toEqual(fresh.postingTable(kgrams));
    const { result, wanted } = none.noting(() => none.postingTable(kgrams.slice()));
    expect(result).toBeNull();
    expect(wanted.postings.length).toBeGreaterThan(0);
  });

  it('reads a format-4 index, whose filter parts hold every word, as it reads format 5', async () => {
    const format4 = asFormat4(parts);
    expect(SplitIndex.fromHead(format4.head).formatVersion).toBe(4);
    expect(format4.filters.reduce((sum, part) => sum + part.length, 0)).toBeGreaterThan(1.5 * parts.filters.reduce((sum, part) => sum + part.length, 0));
    expect(sameBytes(joinIndex(format4), bytes)).toBe(true);
    const page = `${OWN_WORDS} ${sentences.slice(3, 9).join(' ')}`;
    const old = SplitIndex.fromHead(format4.head);
    expect(await findMatchesInParts(page, old, recordingReader(format4), {}, new DocumentTokenCache(old))).toEqual(findMatches(page, whole));
    expect(() => SplitIndex.fromHead(format4.head).addPart('filters', 0, parts.filters[0]!)).toThrow(/not twice its documents' words/);
  });

  it('rejects a damaged head with a clear error', () => {
    const badMagic = parts.head.slice();
    badMagic[0] = 0;
    expect(() => SplitIndex.fromHead(badMagic)).toThrow(/bad magic/);
    expect(() => SplitIndex.fromHead(parts.head.subarray(0, 100))).toThrow(/head is 100 bytes/);
    const badVersion = parts.head.slice();
    badVersion[4] = 9;
    expect(() => SplitIndex.fromHead(badVersion)).toThrow(/version 9 is not supported/);
  });

  it('rejects parts that do not fit its head', () => {
    const index = SplitIndex.fromHead(parts.head);
    expect(() => index.addPart('postings', 0, parts.postings[1]!)).toThrow(IndexFormatError);
    expect(() => index.addPart('filters', 0, parts.filters[0]!.subarray(0, parts.filters[0]!.length - 2))).toThrow(/filters part 0 is \d+ bytes, its bitmap says/);
    expect(() => index.addPart('texts', 0, parts.texts[0]!.subarray(1))).toThrow(/texts part 0/);
    expect(() => index.addPart('texts', parts.texts.length, parts.texts[0]!)).toThrow(/no texts part/);
    // A posting pointing past the last document.
    const part = parts.postings.findIndex((bytes) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true) > 0);
    const damaged = parts.postings[part]!.slice();
    const view = new DataView(damaged.buffer);
    view.setUint32(8 + 4 * (view.getUint32(0, true) + 1), 1e6, true);
    expect(() => index.addPart('postings', part, damaged)).toThrow(/past the last document/);
  });
});

describe('findMatchesInParts', () => {
  it('finds what findMatches finds over the whole index, for pages reusing any sentences', PROPERTY_TIMEOUT, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.boolean(), async (picks, rewordFirst) => {
        const reused = picks.map((pick) => sentences[pick % sentences.length]!);
        if (rewordFirst) reused[0] = reused[0]!.split(' ').reverse().join(' ');
        const page = [OWN_WORDS, ...reused, OWN_WORDS].join(' ');
        const expected = findMatches(page, whole);
        const index = SplitIndex.fromHead(parts.head);
        expect(await findMatchesInParts(page, index, recordingReader())).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('reads the posting parts of a page, then filter words, then texts, then nothing for the same page again', async () => {
    const page = `${OWN_WORDS} ${sentences[3]} ${sentences[10]} ${OWN_WORDS}`;
    const index = SplitIndex.fromHead(parts.head);
    const reader = recordingReader();
    const cache = new DocumentTokenCache(index);
    const first = await findMatchesInParts(page, index, reader, {}, cache);
    expect(first.length).toBeGreaterThan(0);
    // Texts may take a second read: copied spans found with the first texts point the rewritten stage to others.
    const kinds = reader.reads.map((read) => read.kind);
    expect(kinds.slice(0, 3)).toEqual(['postings', 'filters', 'texts']);
    expect(kinds.slice(3).every((kind) => kind === 'texts')).toBe(true);
    // Each part asked for once, and far from all the posting and filter parts. (Each sentence of this
    // corpus recurs in about 25 of its articles, spread over every text part: those are all candidates.)
    for (const kind of ['postings', 'filters', 'texts'] as const) {
      const numbers = reader.reads.filter((read) => read.kind === kind).flatMap((read) => read.numbers);
      expect(new Set(numbers).size).toBe(numbers.length);
      if (kind !== 'texts') expect(numbers.length).toBeLessThan(parts[kind].length / 2);
    }
    const reads = reader.reads.length;
    expect(await findMatchesInParts(page, index, reader, {}, cache)).toEqual(first);
    expect(reader.reads).toHaveLength(reads);
  });

  it('reads nothing at all for a page whose k-grams the corpus lacks', async () => {
    const reader = recordingReader();
    const page = 'Zebras quietly juggled seventeen turquoise umbrellas beneath Antarctic glaciers yesterday, astonishing bewildered penguins everywhere.';
    expect(await findMatchesInParts(page, SplitIndex.fromHead(parts.head), reader)).toEqual([]);
    expect(reader.reads).toEqual([]);
  });

  it('matches pages at once over one index as it matches them one by one', async () => {
    const pages = [0, 5, 9, 14].map((s) => `${OWN_WORDS} ${sentences[s]} ${sentences[s + 1]}`);
    const expected = pages.map((page) => findMatches(page, whole));
    const index = SplitIndex.fromHead(parts.head);
    expect(await Promise.all(pages.map((page) => findMatchesInParts(page, index, recordingReader())))).toEqual(expected);
  });

  it('keeps, until the page ends, every inflated text it said was at hand, however few it keeps between pages', () => {
    // No text part is kept between pages, and about one inflated shard is (the budget is in bytes).
    const index = SplitIndex.fromHead(parts.head, { ...DEFAULT_BUDGETS, texts: 0, inflatedTexts: 12_000 });
    const textPartOf = (docIndex: number): number => index.noting(() => index.hasText(docIndex)).wanted.texts[0]!;
    const load = (docIndex: number): void => index.addPart('texts', textPartOf(docIndex), parts.texts[textPartOf(docIndex)]!);
    const last = documents.length - 1;
    index.beginPage();
    load(last);
    expect(index.documentText(last)).toBe(documents[last]!.text);
    index.endPage();
    // The next page is told the last document is at hand: its shard is still inflated, though its part went.
    index.beginPage();
    expect(index.hasText(last)).toBe(true);
    expect(textPartOf(last)).toBeUndefined();
    // Then it reads other documents, as the rewritten stage does after asking for all of its candidates at once.
    for (const d of [0, 60, 120, 180, 240, 300]) {
      load(d);
      expect(index.documentText(d)).toBe(documents[d]!.text);
    }
    expect(index.documentText(last)).toBe(documents[last]!.text);
    index.endPage();
  });

  it('fails with a clear error when the store keeps answering without the parts asked for', async () => {
    const index = SplitIndex.fromHead(parts.head);
    const empty: PartReader = { read: async () => new Map() };
    await expect(findMatchesInParts(`${OWN_WORDS} ${sentences[2]}`, index, empty)).rejects.toThrow(/still lacked parts/);
  });
});

describe('shareBudgets', () => {
  it('splits every budget evenly between segments, so a corpus keeps as much whatever its segments', () => {
    const budgets = { postings: 10, filters: 9, texts: 6, keyRuns: 4, inflatedTexts: 2 };
    expect(shareBudgets(budgets, 1)).toEqual(budgets);
    expect(shareBudgets(budgets, 2)).toEqual({ postings: 5, filters: 4, texts: 3, keyRuns: 2, inflatedTexts: 1 });
    expect(shareBudgets(budgets, 0)).toEqual(budgets);
  });
});

describe('readDocumentTexts', () => {
  it('reads the text parts of the documents asked for, in one read, and gives their texts in the order asked', async () => {
    // No text part kept between calls: the second call reads again, the same parts.
    const index = SplitIndex.fromHead(parts.head, { ...DEFAULT_BUDGETS, texts: 0, inflatedTexts: 0 });
    const reader = recordingReader();
    const docs = [391, 3, 200, 4];
    expect(await readDocumentTexts(index, reader, docs)).toEqual(docs.map((d) => documents[d]!.text));
    expect(reader.reads).toHaveLength(1);
    const [read] = reader.reads;
    expect(read!.kind).toBe('texts');
    // No part is read twice, and neighbouring documents (3 and 4) lie in one part.
    expect(new Set(read!.numbers).size).toBe(read!.numbers.length);
    expect(read!.numbers.length).toBeLessThan(docs.length);
    expect(await readDocumentTexts(index, reader, [4])).toEqual([documents[4]!.text]);
    expect(reader.reads).toHaveLength(2);
  });

  it('reads nothing for texts at hand, and rejects when a part cannot be read', async () => {
    const index = SplitIndex.fromHead(parts.head);
    await readDocumentTexts(index, recordingReader(), [10]);
    const reader = recordingReader();
    expect(await readDocumentTexts(index, reader, [10])).toEqual([documents[10]!.text]);
    expect(reader.reads).toEqual([]);
    const failing: PartReader = { read: async () => Promise.reject(new Error('corpus x lacks texts part 7')) };
    await expect(readDocumentTexts(SplitIndex.fromHead(parts.head), failing, [10])).rejects.toThrow(/lacks texts part 7/);
  });
});

describe('segmentPartSizes', () => {
  it('leaves a corpus of one segment its sizes', () => {
    expect(segmentPartSizes(DEFAULT_PART_SIZES, 1)).toEqual(DEFAULT_PART_SIZES);
  });

  it("gives each of several segments its share of a posting part and text parts of a few shards, never more than asked", () => {
    const sizes = { postingPartBytes: 8192, filterPartWords: 100, textPartShards: 8, postingPartBits: 12 };
    expect(segmentPartSizes(sizes, 4)).toEqual({ postingPartBytes: 2048, filterPartWords: 100, textPartShards: SEGMENTED_TEXT_PART_SHARDS, postingPartBits: 12 });
    expect(segmentPartSizes({ ...sizes, textPartShards: 1 }, 4).textPartShards).toBe(1);
  });

  it('cuts the texts of a segment into parts of that many shards, which join back and read as before', () => {
    const one = splitIndex(bytes);
    const segmented = splitIndex(bytes, segmentPartSizes(DEFAULT_PART_SIZES, 8));
    const shards = decodeIndexSections(bytes).shardFirstDocs.length - 1;
    expect(shards).toBeGreaterThan(2 * DEFAULT_PART_SIZES.textPartShards);
    expect(segmented.texts.length).toBe(Math.ceil(shards / SEGMENTED_TEXT_PART_SHARDS));
    expect(one.texts.length).toBe(Math.ceil(shards / DEFAULT_PART_SIZES.textPartShards));
    expect(joinIndex(segmented)).toEqual(bytes);
    expect(splitDocuments(segmented.head, segmented.texts)).toEqual(splitDocuments(one.head, one.texts));
  });
});
