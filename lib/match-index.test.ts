/** A decoded index as the matcher reads it: everything at hand, each document's filter words its own range. */
import { describe, expect, it } from 'vitest';
import { buildIndex } from './build-index';
import type { CorpusDocument } from './corpus';
import { decodeIndex, encodeIndex } from './index-format';
import { asMatchIndex, wholeIndex } from './match-index';
import { tokenizeWords } from './tokenize';

const DOCS: CorpusDocument[] = [
  { id: 'quay', title: 'Quay', text: 'The east quay will be closed to all commercial vessels for eleven weeks.' },
  { id: 'ferry', title: 'Ferry', text: 'The island ferry will run every forty minutes from the first of July.' },
];

describe('wholeIndex', () => {
  const data = decodeIndex(encodeIndex(buildIndex(DOCS)));
  const index = wholeIndex(data);

  it('answers from the decoded index, one adapter per index', () => {
    expect(index).toBe(wholeIndex(data));
    expect(index.k).toBe(data.k);
    expect(index.documentCount).toBe(2);
    expect(index.postingTable(new Uint32Array([1, 2, 3]))).toBe(data);
    expect(DOCS.map((doc, d) => [index.documentId(d), index.hasText(d), index.documentText(d)])).toEqual(DOCS.map((doc) => [doc.id, true, doc.text]));
  });

  it('gives each document the range of its own filter words, one per token', () => {
    DOCS.forEach((doc, d) => {
      const filter = index.documentFilter(d)!;
      expect(filter.count).toBe(tokenizeWords(doc.text).count);
      expect(filter.part.toWords().subarray(filter.base, filter.base + filter.count)).toEqual(data.filterWords.subarray(data.docWordStarts[d], data.docWordStarts[d + 1]));
    });
  });
});

describe('asMatchIndex', () => {
  it('adapts a decoded index and passes a MatchIndex through', () => {
    const data = buildIndex(DOCS);
    const index = asMatchIndex(data);
    expect(index).toBe(wholeIndex(data));
    expect(asMatchIndex(index)).toBe(index);
  });
});
