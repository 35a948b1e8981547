/**
 * The path helpers of the shared parser (it cannot use `node:path` in the
 * extension) and the pieces the import combines; the parsers themselves are
 * tested through corpus-index/load-corpus.test.ts, which re-exports them.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  baseName,
  fileExtension,
  fileStem,
  finishCorpus,
  isArticleFile,
  parseJsonlCorpus,
  parseJsonlDocuments,
} from './corpus-parse';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('path helpers', () => {
  it('agree with node:path on POSIX paths', () => {
    const segment = fc.stringMatching(/^[a-z.]{0,6}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 3 }), (segments) => {
        const file = segments.join('/');
        expect(fileExtension(file)).toBe(path.posix.extname(file));
        expect(fileStem(file)).toBe(path.posix.basename(file, path.posix.extname(file)));
      }),
    );
  });

  it('split zip entry paths and Windows paths alike', () => {
    expect(baseName('press.zip/2024/a.md')).toBe('a.md');
    expect(baseName('C:\\corpus\\b.txt')).toBe('b.txt');
    expect(fileStem('press.zip/2024/a.b.md')).toBe('a.b');
    expect(fileExtension('notes/.md')).toBe('');
    expect(fileExtension('..')).toBe('');
  });

  it('take .txt and .md files of any case, but no dot-files', () => {
    expect(['a.txt', 'b.MD', 'dir/c.md'].map(isArticleFile)).toEqual([true, true, true]);
    expect(['.DS_Store', '.#draft.md', 'a.jsonl', 'a.pdf', 'md'].map(isArticleFile)).toEqual([false, false, false, false, false]);
  });
});

describe('parseJsonlDocuments and finishCorpus', () => {
  it('keep each document’s line, so duplicates across files name both places', () => {
    const first = parseJsonlDocuments(encode('{"id":"a","title":"A","text":"Text a."}\n\n{"id":"b","title":"B","text":"Text b."}'), 'one.jsonl');
    expect(first.located.map((d) => [d.document.id, d.file, d.line])).toEqual([
      ['a', 'one.jsonl', 1],
      ['b', 'one.jsonl', 3],
    ]);
    const second = parseJsonlDocuments(encode('{"id":"b","title":"B2","text":"Other b."}'), 'two.jsonl');
    const corpus = finishCorpus([...first.located, ...second.located], [...first.errors, ...second.errors], 'both');
    expect(corpus.documents.map((d) => d.title)).toEqual(['A', 'B']);
    expect(corpus.errors).toEqual([{ file: 'two.jsonl', line: 1, message: 'duplicate id "b", first used at one.jsonl:3' }]);
  });

  it('make parseJsonlCorpus, which reports an input without documents', () => {
    expect(parseJsonlCorpus(encode('\n\n'), 'empty.jsonl').errors).toEqual([
      { file: 'empty.jsonl', line: 1, message: 'the corpus has no documents' },
    ]);
  });
});
