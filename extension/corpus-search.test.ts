import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSearchIndex } from '../lib/search-index';
import { buildIndex } from '../lib/build-index';
import type { CorpusDocument } from '../lib/corpus';
import { createCorpusSearch, createIndexedCorpusSearch, excerpt, loadCorpusSearch, toFuseQuery, WORD_INDEX_ABOVE_WORDS, type CorpusSearchResult } from './corpus-search';
import { buildCorpusData } from '../lib/build-corpus-data';
import { splitDocuments, splitIndex } from '../lib/split-index';
import { tokenizeWords } from '../lib/tokenize';
import { WordIndex, WordIndexBuilder } from '../lib/word-index';
import { sharedCorpusStore, type CorpusRecord, type CorpusStore } from './corpus-store/corpus-db';
import { enabledCorpora } from './corpus-store/enabled-corpora';
import { encodeIndex } from '../lib/index-format';

// searchCorpus reads which corpora are on, and the imported ones' search data and index, through these.
vi.mock('./corpus-store/enabled-corpora', () => ({ enabledCorpora: vi.fn() }));
vi.mock('./corpus-store/corpus-db', () => ({ sharedCorpusStore: vi.fn() }));

const documents: CorpusDocument[] = [
  {
    id: 'camp',
    title: 'Baghdad plans to move Camp Ashraf residents',
    text:
      'Iraqi officials said the camp would be closed.\n' +
      'The residents of Camp Ashraf will be relocated to a desolate area in the south of the country.\n' +
      'Washington asked that any relocation be humane.',
  },
  {
    id: 'rights',
    title: 'Rights group report',
    text:
      'A May 2005 Human Rights Watch report accused the group of running prison camps.\n' +
      'The report was disputed by the group’s supporters.',
  },
  {
    id: 'weather',
    title: 'Sandstorm closes airports',
    text: 'A sandstorm closed the airports of Baghdad and Basra on Tuesday.',
  },
];

// Built inline, as corpus-index/build.ts builds search.json, and sent through JSON like the file.
const file = JSON.parse(JSON.stringify(createSearchIndex(documents, 'digest')));
const search = createCorpusSearch(file, documents);

describe('createCorpusSearch', () => {
  it('finds the passage holding every query word, with its offsets in the document', () => {
    const [hit] = search.search('Ashraf relocated');
    expect(hit).toBeDefined();
    expect(hit!.docId).toBe('camp');
    expect(hit!.title).toBe('Baghdad plans to move Camp Ashraf residents');
    const text = documents[0]!.text;
    expect(text.slice(hit!.start, hit!.end)).toBe(
      'The residents of Camp Ashraf will be relocated to a desolate area in the south of the country.',
    );
    expect(hit!.excerpt).toBe(text.slice(hit!.start, hit!.end));
  });

  it('tolerates a typo', () => {
    expect(search.search('Humen Rights Watch')[0]?.docId).toBe('rights');
  });

  it('opens a title hit at the first passage of the document', () => {
    const hits = search.search('Sandstorm airports');
    expect(hits[0]).toMatchObject({ docId: 'weather', start: 0, end: documents[2]!.text.length });
    // The title entry and the passage name the same passage: listed once.
    expect(hits.filter((h) => h.docId === 'weather')).toHaveLength(1);
  });

  it('honours the limit and returns nothing for no match or an empty query', () => {
    expect(search.search('Baghdad', 1)).toHaveLength(1);
    expect(search.search('zzyzx quokka')).toEqual([]);
    expect(search.search('   ')).toEqual([]);
    expect(search.search('a')).toEqual([]);
  });

  it('treats typed punctuation as plain text, not as search operators', () => {
    expect(search.search("'Ashraf !desolate")[0]?.docId).toBe('camp');
    expect(search.search('group’s supporters')[0]?.docId).toBe('rights');
  });

  it('rejects a search.json of another layout version', () => {
    expect(() => createCorpusSearch({ ...file, version: 99 }, documents)).toThrow(/version/);
  });
});

describe('toFuseQuery', () => {
  it('splits on operators and drops one-letter words', () => {
    expect(toFuseQuery("  Iraq's  =camp | !Ashraf^ $ ")).toBe('Iraq camp Ashraf');
    expect(toFuseQuery('"quoted"')).toBe('quoted');
    expect(toFuseQuery('a b')).toBe('');
  });
});

describe('excerpt', () => {
  const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');

  it('keeps short text whole', () => {
    expect(excerpt('short text', 3)).toBe('short text');
  });

  it('cuts long text at spaces around the match, with ellipses', () => {
    const at = long.indexOf('word40');
    const cut = excerpt(long, at, 60);
    expect(cut.startsWith('…')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).toContain('word40');
    expect(cut.length).toBeLessThanOrEqual(62);
    expect(cut.slice(1, -1).split(' ').every((w) => /^word\d+$/.test(w))).toBe(true);
  });
});

describe('loadCorpusSearch', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('loads search.json and index.bin once and retries after a failure', async () => {
    const indexBytes = encodeIndex(buildIndex(documents));
    let failSearch = true;
    const fetchMock = vi.fn((url: string) => {
      if (url.endsWith('search.json')) {
        const status = failSearch ? 404 : 200;
        failSearch = false;
        return Promise.resolve(new Response(status === 200 ? JSON.stringify(file) : 'nope', { status }));
      }
      return Promise.resolve(new Response(indexBytes.slice(), { status: 200 }));
    });
    vi.stubGlobal('fetch', fetchMock);
    await expect(loadCorpusSearch('/corpus/search.json', '/corpus/index.bin')).rejects.toThrow(/404/);
    const loaded = await loadCorpusSearch('/corpus/search.json', '/corpus/index.bin');
    expect(loaded.search('Ashraf')[0]?.docId).toBe('camp');
    expect(loaded.search('relocated desolate')[0]).toMatchObject({ docId: 'camp', excerpt: expect.stringContaining('desolate area') });
    await loadCorpusSearch('/corpus/search.json', '/corpus/index.bin');
    // Two files per attempt, two attempts.
    expect(fetchMock).toHaveBeenCalledTimes(4);
  });
});

describe('createCorpusSearch passages', () => {
  it('reads no document text until the first search, then cuts passages from the texts', () => {
    const read = new Set<string>();
    const counted = documents.map((doc) => {
      const copy = { ...doc };
      Object.defineProperty(copy, 'text', {
        enumerable: true,
        get: () => {
          read.add(doc.id);
          return doc.text;
        },
      });
      return copy;
    });
    const lazy = createCorpusSearch(file, counted);
    expect(read.size).toBe(0);
    expect(lazy.search('sandstorm Basra')[0]).toMatchObject({ docId: 'weather', start: 0, end: documents[2]!.text.length });
    expect([...read].sort()).toEqual(['camp', 'rights', 'weather']);
  });
});

describe('createCorpusSearch over a large corpus', () => {
  // The same three documents, searched the way a corpus of more than `narrowAboveEntries` entries is.
  const narrowed = createCorpusSearch(file, documents, 'imp', { narrowAboveEntries: 1 });

  it('finds passages holding every word as typed, qualified with the corpus id', () => {
    const [hit] = narrowed.search('ashraf RELOCATED');
    expect(hit).toMatchObject({ docId: 'imp:camp', title: 'Baghdad plans to move Camp Ashraf residents' });
    expect(documents[0]!.text.slice(hit!.start, hit!.end)).toContain('will be relocated');
    expect(narrowed.search('Sandstorm airports')[0]).toMatchObject({ docId: 'imp:weather', start: 0 });
  });

  it('trades typo tolerance for speed', () => {
    expect(narrowed.search('Humen Rights Watch')).toEqual([]);
    expect(narrowed.search('Human Rights Watch')[0]?.docId).toBe('imp:rights');
  });

  it('scores its hits on the same 0–1 scale as a fuzzy search, so the two can be ranked together', () => {
    const [a, b] = [search.search('Ashraf')[0]!, narrowed.search('Ashraf')[0]!];
    expect(a.score).toBeGreaterThanOrEqual(0);
    expect(a.score).toBeLessThan(1);
    expect(b.score).toBeGreaterThanOrEqual(0);
    expect(b.score).toBeLessThan(1);
  });
});

describe('createIndexedCorpusSearch', () => {
  /** The word index of `docs`, as an import builds it. */
  function wordIndexOf(docs: readonly CorpusDocument[]): WordIndex {
    const builder = new WordIndexBuilder();
    for (const doc of docs) builder.add(tokenizeWords(doc.text));
    return WordIndex.decode(builder.encode());
  }
  const reads: number[][] = [];
  const indexed = createIndexedCorpusSearch(
    file,
    wordIndexOf(documents),
    async (docs) => {
      reads.push([...docs]);
      return docs.map((d) => documents[d]!);
    },
    'imp',
  );

  it('reads the texts of the documents holding every query word only, and finds the passage as a large corpus does', async () => {
    reads.length = 0;
    const [hit, ...rest] = await indexed.search('ashraf RELOCATED');
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ docId: 'imp:camp', title: 'Baghdad plans to move Camp Ashraf residents' });
    expect(documents[0]!.text.slice(hit!.start, hit!.end)).toContain('will be relocated');
    expect(reads).toEqual([[0]]);
    // Scored on the scale of every other search, so the hits of all corpora rank together.
    expect(hit!.score).toBeGreaterThanOrEqual(0);
    expect(hit!.score).toBeLessThan(1);
  });

  it('reads nothing for a query no document holds whole, and matches words whole', async () => {
    reads.length = 0;
    expect(await indexed.search('Ashraf submarine')).toEqual([]);
    // Part of a word of a text (a title is still searched as typed).
    expect(await indexed.search('relocat')).toEqual([]);
    expect(await indexed.search('the of')).toEqual([]);
    expect(reads).toEqual([]);
  });

  it('finds a word’s plural and possessive', async () => {
    expect((await indexed.search('airport sandstorm'))[0]).toMatchObject({ docId: 'imp:weather', start: 0 });
    // "group’s" is held as "groups".
    expect((await indexed.search('supporters group'))[0]?.docId).toBe('imp:rights');
  });

  it('opens a title hit at the first passage of its document, reading that text too', async () => {
    reads.length = 0;
    const hits = await indexed.search('Rights group report');
    expect(hits[0]).toMatchObject({ docId: 'imp:rights', start: 0 });
    expect(reads).toEqual([[1]]);
  });

  it('honours the limit and returns nothing for an empty query', async () => {
    expect(await indexed.search('Baghdad', 1)).toHaveLength(1);
    expect(await indexed.search('   ')).toEqual([]);
    expect(await indexed.search('Baghdad', 0)).toEqual([]);
  });

  it('refuses a word index of other documents than its search.json', () => {
    expect(() => createIndexedCorpusSearch(file, wordIndexOf(documents.slice(1)), async () => [], 'imp')).toThrow(/2 documents, search.json 3/);
  });
});

describe('searchCorpus over several corpora', () => {
  // The shipped corpus has a close hit; the imported one an exact hit and a typo-distance hit.
  const shippedDocs: CorpusDocument[] = [
    {
      id: 'camp',
      title: 'Baghdad plans to move Camp Ashraf residents',
      text: 'The residents of Camp Ashraf will be relocated to a desolate area in the south of the country.',
    },
    { id: 'weather', title: 'Sandstorm closes airports', text: 'A sandstorm closed the airports of Baghdad and Basra on Tuesday.' },
  ];
  const importedDocs: CorpusDocument[] = [
    { id: 'typo', title: 'Letters', text: 'Readers wrote about the Ashrav settlement and the hearings that followed in the capital.' },
    { id: 'exact', title: 'Ashraf', text: 'Ashraf.' },
  ];
  const importedRecord = { id: 'imp', revision: 1, enabled: true, segments: 2 } as CorpusRecord;

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.mocked(enabledCorpora).mockReset();
    vi.mocked(sharedCorpusStore).mockReset();
  });

  /** `searchCorpus` of a fresh module (its shipped search is cached per module) over the two corpora. */
  async function searchBoth(query: string, limit?: number): Promise<Array<[string, number]>> {
    const shippedIndex = encodeIndex(buildIndex(shippedDocs));
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url.endsWith('search.json')
          ? new Response(JSON.stringify(createSearchIndex(shippedDocs, 'shipped')))
          : new Response(shippedIndex.slice()),
      ),
    );
    vi.mocked(enabledCorpora).mockResolvedValue({ shipped: { id: 'shipped', name: 'News' }, imported: [importedRecord] });
    // The imported corpus is stored in two segments (corpus-db.ts), one document each: searched as one corpus.
    const segments = importedDocs.map((doc) => [doc]);
    const importedSearches = segments.map((docs) => new TextEncoder().encode(JSON.stringify(createSearchIndex(docs, 'imported'))));
    vi.mocked(sharedCorpusStore).mockResolvedValue({
      getSearches: async () => importedSearches,
      documents: async function* () {
        yield* segments;
      },
    } as unknown as CorpusStore);
    vi.resetModules();
    const { searchCorpus } = await import('./corpus-search');
    return (await searchCorpus(query, limit)).map((hit) => [hit.docId, hit.score]);
  }

  it('ranks the hits of every corpus by one score, best first, interleaving the corpora', async () => {
    const hits = await searchBoth('Ashraf');
    // The imported exact hit beats the shipped one, which beats the imported typo.
    expect(hits.map(([docId]) => docId)).toEqual(['imp:exact', 'camp', 'imp:typo']);
    const scores = hits.map(([, score]) => score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
  });

  it('keeps the best hits across corpora when it cuts to the limit', async () => {
    expect((await searchBoth('Ashraf', 2)).map(([docId]) => docId)).toEqual(['imp:exact', 'camp']);
  });
});

describe('searchCorpus over a large imported corpus', () => {
  afterEach(() => {
    vi.mocked(enabledCorpora).mockReset();
    vi.mocked(sharedCorpusStore).mockReset();
  });

  // Two segments, as the import stores them, each with its split index, titles and word index.
  const segments = [documents.slice(0, 2), documents.slice(2)].map((docs) => {
    const data = buildCorpusData(docs);
    return { data, parts: splitIndex(data.index) };
  });
  const record = { id: 'big', revision: 1, enabled: true, segments: 2, wordCount: WORD_INDEX_ABOVE_WORDS + 1 } as CorpusRecord;

  /** `searchCorpus` of a fresh module over the corpus, its word indexes as `words` gives them; text parts read go to `read`. */
  async function searchOf(words: Uint8Array[], read: string[]): Promise<(query: string) => Promise<CorpusSearchResult[]>> {
    vi.mocked(enabledCorpora).mockResolvedValue({ shipped: null, imported: [record] });
    vi.mocked(sharedCorpusStore).mockResolvedValue({
      getSearches: async () => segments.map(({ data }) => data.search),
      getWordIndexes: async () => words,
      getHead: async (_ref: CorpusRecord, segment: number) => segments[segment]!.parts.head,
      partReader: (_ref: CorpusRecord, segment: number) => ({
        read: async (kind: 'postings' | 'filters' | 'texts', numbers: readonly number[]) => {
          read.push(...numbers.map((n) => `${segment}:${kind}:${n}`));
          return new Map(numbers.map((n) => [n, segments[segment]!.parts[kind][n]!]));
        },
      }),
      documents: async function* () {
        read.push('every text');
        for (const { parts } of segments) yield splitDocuments(parts.head, parts.texts);
      },
    } as unknown as CorpusStore);
    vi.resetModules();
    const { searchCorpus } = await import('./corpus-search');
    return (query) => searchCorpus(query);
  }

  it('searches it through its word indexes, reading the text parts of the documents they name only', async () => {
    const read: string[] = [];
    const searchCorpus = await searchOf(
      segments.map(({ data }) => data.words),
      read,
    );
    const [hit] = await searchCorpus('Basra sandstorm');
    expect(hit).toMatchObject({ docId: 'big:weather', title: 'Sandstorm closes airports', start: 0 });
    expect(read).toEqual(['1:texts:0']);
    read.length = 0;
    const [camp] = await searchCorpus('relocated ashraf');
    expect(documents[0]!.text.slice(camp!.start, camp!.end)).toContain('will be relocated');
    expect(read).toEqual(['0:texts:0']);
  });

  it('searches every text, with a warning, when a word index is damaged', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const read: string[] = [];
    const damaged = segments[1]!.data.words.slice(0, 30);
    const searchCorpus = await searchOf([segments[0]!.data.words, damaged], read);
    expect((await searchCorpus('Basra sandstorm'))[0]).toMatchObject({ docId: 'big:weather', start: 0 });
    expect(read).toEqual(['every text']);
    expect(warn.mock.calls[0]![0]).toMatch(/word index of corpus big is damaged/);
    warn.mockRestore();
  });
});
