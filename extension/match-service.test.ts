/** Matching over several corpora: merged results, qualified ids, the corpus named on every match. */
import { describe, expect, it, vi } from 'vitest';
import { buildIndex } from '../lib/build-index';
import type { CorpusDocument } from '../lib/corpus';
import { qualifyDocId, SHIPPED_CORPUS_ID, splitDocId } from '../lib/corpus-ids';
import { decodeIndex, encodeIndex } from '../lib/index-format';
import { SplitIndex, splitIndex, type PartReader } from '../lib/split-index';
import { CorpusSetMatchService, MatchService } from './match-service';

const SHARED_ID = 'report';
const shippedDocs: CorpusDocument[] = [
  {
    id: SHARED_ID,
    title: 'Shipped report',
    text: 'The ministry said the new irrigation canals would carry water to the eastern farms before the harvest season began in earnest.',
  },
];
const importedDocs: CorpusDocument[] = [
  {
    id: SHARED_ID,
    title: 'Imported report',
    text: 'Engineers confirmed that the old stone bridge over the river would be closed for repairs until the spring floods had passed completely.',
  },
];
const shipped = new MatchService(buildIndex(shippedDocs), { id: SHIPPED_CORPUS_ID, name: 'Built-in' });
/** An imported corpus is stored split: the service reads its parts per page. */
function splitCorpus(docs: readonly CorpusDocument[]): { index: SplitIndex; parts: PartReader; reads: { kind: string; numbers: readonly number[] }[] } {
  const parts = splitIndex(encodeIndex(buildIndex(docs)));
  const reads: { kind: string; numbers: readonly number[] }[] = [];
  return {
    index: SplitIndex.fromHead(parts.head),
    reads,
    parts: {
      read: async (kind, numbers) => {
        reads.push({ kind, numbers });
        return new Map(numbers.map((n) => [n, parts[kind][n]!]));
      },
    },
  };
}
const imported = new MatchService(splitCorpus(importedDocs), { id: 'k3x9', name: 'Mine' });
const page = `Unrelated opening words here. ${importedDocs[0]!.text} And then: ${shippedDocs[0]!.text}`;

describe('corpus ids', () => {
  it('qualify imported documents and leave shipped ones plain, reversibly', () => {
    expect(qualifyDocId(SHIPPED_CORPUS_ID, 'a.b-c')).toBe('a.b-c');
    expect(qualifyDocId('k3x9', 'a.b-c')).toBe('k3x9:a.b-c');
    expect(splitDocId('k3x9:a.b-c')).toEqual({ corpusId: 'k3x9', docId: 'a.b-c' });
    expect(splitDocId('a.b-c')).toEqual({ corpusId: SHIPPED_CORPUS_ID, docId: 'a.b-c' });
  });
});

describe('CorpusSetMatchService', () => {
  const set = new CorpusSetMatchService([shipped, imported]);

  it('finds passages of every corpus, in page order, each with its corpus and a qualified id', async () => {
    const matches = await set.findSourcedMatches(page);
    expect(matches.map((m) => [m.docId, m.source.id, m.source.title, m.corpus.name])).toEqual([
      ['k3x9:report', 'k3x9:report', 'Imported report', 'Mine'],
      ['report', 'report', 'Shipped report', 'Built-in'],
    ]);
    expect(matches[0]!.pageStart).toBeLessThan(matches[1]!.pageStart);
    expect(matches[0]!.sourceText).toBe(page.slice(matches[0]!.pageStart, matches[0]!.pageEnd));
  });

  it('gives the same matches as each corpus alone', async () => {
    const alone = [...(await shipped.findSourcedMatches(page)), ...(await imported.findSourcedMatches(page))];
    expect(await set.findSourcedMatches(page)).toEqual(expect.arrayContaining(alone));
    expect(await set.findSourcedMatches(page)).toHaveLength(alone.length);
  });

  it('finds a document by qualified id, only in loaded corpora', async () => {
    expect(await set.getDocument('k3x9:report')).toMatchObject({ id: 'k3x9:report', title: 'Imported report', text: importedDocs[0]!.text, corpus: { id: 'k3x9', name: 'Mine' } });
    expect(await set.getDocument('report')).toMatchObject({ id: 'report', title: 'Shipped report', text: shippedDocs[0]!.text, corpus: { id: SHIPPED_CORPUS_ID } });
    expect(await set.getDocument('other:report')).toBeNull();
    expect(await new CorpusSetMatchService([imported]).getDocument('report')).toBeNull();
  });

  it('leaves out a corpus whose parts cannot be read, and still matches the others', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { index } = splitCorpus(importedDocs);
    const damaged = new MatchService(
      { index, parts: { read: async () => Promise.reject(new Error('corpus k3x9 lacks postings part 0')) } },
      { id: 'k3x9', name: 'Mine' },
    );
    const matches = await new CorpusSetMatchService([shipped, damaged]).findSourcedMatches(page);
    expect(matches.map((m) => m.docId)).toEqual(['report']);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('compares a passage with at most maxSourcesPerPassage articles over all corpora and segments together', async () => {
    const sentence = 'The harbour authority said the northern pier would stay closed to ferries until engineers had inspected every pile and replaced the rotten timber beams.';
    const before = 'Fishermen gathered at dawn on the quay to hear the news from the harbour master himself.';
    const reprints = (prefix: string): CorpusDocument[] =>
      Array.from({ length: 6 }, (_, i) => ({ id: `${prefix}-${i}`, title: `${prefix} ${i}`, text: `Column ${prefix} ${i} on local affairs.\n\n${sentence}` }));
    // The original holds the sentence before it too, so it shares the longest run with the page.
    const original: CorpusDocument = { id: 'original', title: 'Original', text: `${before} ${sentence}` };
    const wholeCorpus = new MatchService(buildIndex([...reprints('a'), original]), { id: SHIPPED_CORPUS_ID, name: 'Built-in' });
    const splitOne = new MatchService(splitCorpus(reprints('b')), { id: 'k3x9', name: 'Mine' });
    const text = `A reporter's own opening line about the weather. ${before} ${sentence}`;
    const capped = await new CorpusSetMatchService([wholeCorpus, splitOne]).findSourcedMatches(text, { maxSourcesPerPassage: 4 });
    expect(capped).toHaveLength(4);
    expect(capped.map((m) => m.docId)).toContain('original');
    for (const match of capped) expect(match.otherSources).toBe(9);
    // Each corpus alone would have kept four of its own.
    const uncapped = await new CorpusSetMatchService([wholeCorpus, splitOne]).findSourcedMatches(text, { maxSourcesPerPassage: 0 });
    expect(uncapped).toHaveLength(13);
  });

  it('matches nothing with no corpus enabled', async () => {
    expect(await new CorpusSetMatchService([]).findSourcedMatches(page)).toEqual([]);
  });
});

describe('MatchService over a decoded index', () => {
  const docs: CorpusDocument[] = [
    {
      id: 'long',
      title: 'Long report',
      url: 'https://example.org/long',
      text: `${shippedDocs[0]!.text} Local people gathered in the square. ${importedDocs[0]!.text}`,
    },
  ];
  const decoded = decodeIndex(encodeIndex(buildIndex(docs)));
  const reused = `${shippedDocs[0]!.text} Our own words come in between these two. ${importedDocs[0]!.text}`;

  it('reads a source text once per page, however many of its passages the page reuses, and never for metadata', async () => {
    let reads = 0;
    const counted = decoded.documents.map((doc) => {
      const copy = { ...doc };
      Object.defineProperty(copy, 'text', {
        enumerable: true,
        get: () => {
          reads++;
          return doc.text;
        },
      });
      return copy;
    });
    const service = new MatchService({ ...decoded, documents: counted }, { id: 'k3x9', name: 'Mine' });
    expect(reads).toBe(0);
    const matches = await service.findSourcedMatches(reused, { maxSeedGap: 4 });
    expect(matches.length).toBe(2);
    expect(matches.map((match) => match.source)).toEqual([
      { id: 'k3x9:long', title: 'Long report', url: 'https://example.org/long' },
      { id: 'k3x9:long', title: 'Long report', url: 'https://example.org/long' },
    ]);
    expect(matches[1]!.sourceText).toBe(importedDocs[0]!.text.slice(0, -1));
    // Once, for the matcher's tokens: the sources of both passages are cut from the same text.
    expect(reads).toBe(1);
  });

  it('gives the same matches over the split index, reading each kind of part once per page', async () => {
    const corpus = splitCorpus(docs);
    const service = new MatchService(corpus, { id: 'k3x9', name: 'Mine' });
    const whole = await new MatchService(decoded, { id: 'k3x9', name: 'Mine' }).findSourcedMatches(reused, { maxSeedGap: 4 });
    expect(await service.findSourcedMatches(reused, { maxSeedGap: 4 })).toEqual(whole);
    expect(corpus.reads.map((read) => read.kind)).toEqual(['postings', 'filters', 'texts']);
    // Parts read stay loaded within their budget: the same page again reads nothing.
    expect(await service.findSourcedMatches(reused, { maxSeedGap: 4 })).toEqual(whole);
    expect(corpus.reads).toHaveLength(3);
    // The viewer's document: its text part is already loaded.
    expect((await service.getDocument('long'))?.text).toBe(docs[0]!.text);
    expect(corpus.reads).toHaveLength(3);
  });
});
