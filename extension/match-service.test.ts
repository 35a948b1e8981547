/** Matching over several corpora: merged results, qualified ids, the corpus named on every match. */
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../lib/build-index';
import type { CorpusDocument } from '../lib/corpus';
import { qualifyDocId, SHIPPED_CORPUS_ID, splitDocId } from '../lib/corpus-ids';
import { encodeIndex } from '../lib/index-format';
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
const imported = new MatchService(buildIndex(importedDocs), { id: 'k3x9', name: 'Mine' });
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

  it('finds passages of every corpus, in page order, each with its corpus and a qualified id', () => {
    const matches = set.findSourcedMatches(page);
    expect(matches.map((m) => [m.docId, m.source.id, m.source.title, m.corpus.name])).toEqual([
      ['k3x9:report', 'k3x9:report', 'Imported report', 'Mine'],
      ['report', 'report', 'Shipped report', 'Built-in'],
    ]);
    expect(matches[0]!.pageStart).toBeLessThan(matches[1]!.pageStart);
    expect(matches[0]!.sourceText).toBe(page.slice(matches[0]!.pageStart, matches[0]!.pageEnd));
  });

  it('gives the same matches as each corpus alone', () => {
    const alone = [...shipped.findSourcedMatches(page), ...imported.findSourcedMatches(page)];
    expect(set.findSourcedMatches(page)).toEqual(expect.arrayContaining(alone));
    expect(set.findSourcedMatches(page)).toHaveLength(alone.length);
  });

  it('finds a document by qualified id, only in loaded corpora', () => {
    expect(set.getDocument('k3x9:report')).toMatchObject({ id: 'k3x9:report', title: 'Imported report', corpus: { id: 'k3x9', name: 'Mine' } });
    expect(set.getDocument('report')).toMatchObject({ id: 'report', title: 'Shipped report', corpus: { id: SHIPPED_CORPUS_ID } });
    expect(set.getDocument('other:report')).toBeNull();
    expect(new CorpusSetMatchService([imported]).getDocument('report')).toBeNull();
  });

  it('matches nothing with no corpus enabled', () => {
    expect(new CorpusSetMatchService([]).findSourcedMatches(page)).toEqual([]);
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
  const decoded = MatchService.fromBytes(encodeIndex(buildIndex(docs)), { id: 'k3x9', name: 'Mine' }).index;

  it('reads a source text once per page, however many of its passages the page reuses, and never for metadata', () => {
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
    const reused = `${shippedDocs[0]!.text} Our own words come in between these two. ${importedDocs[0]!.text}`;
    const matches = service.findSourcedMatches(reused, { maxSeedGap: 4 });
    expect(matches.length).toBe(2);
    expect(matches.map((match) => match.source)).toEqual([
      { id: 'k3x9:long', title: 'Long report', url: 'https://example.org/long' },
      { id: 'k3x9:long', title: 'Long report', url: 'https://example.org/long' },
    ]);
    expect(matches[1]!.sourceText).toBe(importedDocs[0]!.text.slice(0, -1));
    // Once for the matcher's tokens, once for the sources of both passages.
    expect(reads).toBe(2);
  });
});
