import fc from 'fast-check';
import Fuse from 'fuse.js';
import { describe, expect, it } from 'vitest';
import type { CorpusDocument } from './corpus';
import { createPassageEntries, createSearchIndex, SEARCH_INDEX_VERSION, splitPassages, TITLE_KEYS, type SearchEntry } from './search-index';

const documents: CorpusDocument[] = [
  { id: 'a', title: 'Camp Ashraf handover', text: 'First paragraph about Baghdad.\n\n  Second one, indented.  \r\n---\nThird.' },
  { id: 'b', title: 'Another article', text: 'Only line mentions Diyala province.' },
];

// The characters splitPassages treats specially, plus letters, an astral emoji and a word-less symbol.
const passageChar = fc.constantFrom('a', 'B', '7', 'é', '😀', '—', ' ', '\t', '\u00a0', '\n', '\r', '.', '!', '?', '…', '”', ')');

describe('splitPassages', () => {
  it('returns the trimmed non-blank lines with their offsets, dropping lines without words', () => {
    const text = documents[0]!.text;
    expect(splitPassages(text).map(([start, end]) => text.slice(start, end))).toEqual([
      'First paragraph about Baghdad.',
      'Second one, indented.',
      'Third.',
    ]);
  });

  it('cuts long lines at sentence ends, then at spaces', () => {
    const text = 'One two three. Four five six. Seven eight nine ten eleven twelve.';
    expect(splitPassages(text, 32).map(([start, end]) => text.slice(start, end))).toEqual([
      'One two three. Four five six.',
      'Seven eight nine ten eleven',
      'twelve.',
    ]);
  });

  it('covers every word exactly once, within the length limit, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: passageChar, maxLength: 300 }), fc.integer({ min: 2, max: 80 }), (text, maxChars) => {
        const passages = splitPassages(text, maxChars);
        // Collected rather than asserted one by one: expect() per passage makes 100 runs slow.
        const misplaced = passages.filter(([start, end], i) => {
          const passage = text.slice(start, end);
          return start < (passages[i - 1]?.[1] ?? 0) || end - start > maxChars || passage === '' || passage !== passage.trim();
        });
        expect(misplaced).toEqual([]);
        // Nothing but whitespace and lines without words is left out.
        const kept = passages.map(([start, end]) => text.slice(start, end)).join('');
        expect(kept.replace(/\s/g, '')).toBe(
          text
            .split(/[\r\n]+/)
            .filter((line) => /[\p{L}\p{N}]/u.test(line))
            .join('')
            .replace(/\s/g, ''),
        );
      }),
    );
  });
});

describe('createPassageEntries', () => {
  it('lists passages whose text is the document slice, document after document', () => {
    const entries = createPassageEntries(documents);
    for (const entry of entries) {
      const doc = documents.find((d) => d.id === entry.docId)!;
      expect(entry.title).toBe('');
      expect(doc.text.slice(entry.start, entry.end)).toBe(entry.text);
    }
    expect(entries.map((e) => e.docId)).toEqual(['a', 'a', 'a', 'b']);
  });
});

describe('createSearchIndex', () => {
  it('holds the titles only, with a fuse index that finds them once parsed back from JSON', () => {
    const file = JSON.parse(JSON.stringify(createSearchIndex(documents, 'digest'))) as ReturnType<typeof createSearchIndex>;
    expect(file.version).toBe(SEARCH_INDEX_VERSION);
    expect(file.corpusDigest).toBe('digest');
    expect(file.titles).toEqual([
      { docId: 'a', title: 'Camp Ashraf handover', start: 0, end: 0, text: '' },
      { docId: 'b', title: 'Another article', start: 0, end: 0, text: '' },
    ]);
    // No passage text: the texts are stored once, in index.bin.
    expect(JSON.stringify(file)).not.toContain('Diyala');
    const fuse = new Fuse<SearchEntry>(
      file.titles,
      { keys: [...TITLE_KEYS], ignoreLocation: true, threshold: 0.2 },
      Fuse.parseIndex<SearchEntry>(file.fuseIndex),
    );
    expect(fuse.search('Ashraf handover').map((hit) => [hit.item.docId, hit.item.title])).toEqual([['a', 'Camp Ashraf handover']]);
  });

  it('serializes identically for the same documents', () => {
    const copy = documents.map((d) => ({ ...d }));
    expect(JSON.stringify(createSearchIndex(copy, 'x'))).toBe(JSON.stringify(createSearchIndex(documents, 'x')));
  });
});
