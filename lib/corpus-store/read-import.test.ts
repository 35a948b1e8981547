/** Reading picked files for an import: JSONL, articles, zips of them, and every problem with its file and line. */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { formatCorpusError } from '../corpus-parse';
import { readImportSources, type ImportSource } from './read-import';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const line = (id: string, extra: Record<string, unknown> = {}): string => JSON.stringify({ id, title: `Title ${id}`, text: `Text of ${id}.`, ...extra });

/** A picked file with these contents. */
function source(name: string, contents: string | Uint8Array): ImportSource {
  const bytes = typeof contents === 'string' ? encode(contents) : contents;
  return { name, size: bytes.length, read: async () => bytes };
}

const errorsOf = async (...sources: ImportSource[]): Promise<string[]> => (await readImportSources(sources)).errors.map(formatCorpusError);

describe('readImportSources', () => {
  it('reads a JSONL file, reporting each bad line by file and line and keeping the rest', async () => {
    const corpus = await readImportSources([source('press.jsonl', [line('b'), '{oops', line('a'), '', line('c', { published: 'soon' })].join('\n'))]);
    expect(corpus.documents.map((d) => d.id)).toEqual(['a', 'b']);
    expect(corpus.errors.map(formatCorpusError)).toEqual([
      expect.stringMatching(/^press\.jsonl:2: invalid JSON/),
      'press.jsonl:5: field "published": expected a date like 2009-01-01',
    ]);
  });

  it('reads .txt and .md articles with and without front matter', async () => {
    const corpus = await readImportSources([
      source('quay.md', '---\ntitle: Quay to close\nid: quay\npublished: 2024-05-02\n---\nThe east quay will close in June.\n'),
      source('ferry-times.txt', 'New ferry times\n\nThe ferry will run every forty minutes.\n'),
    ]);
    expect(corpus.errors).toEqual([]);
    expect(corpus.documents.map((d) => [d.id, d.title, d.published])).toEqual([
      ['ferry-times', 'New ferry times', undefined],
      ['quay', 'Quay to close', '2024-05-02'],
    ]);
  });

  it('reads every corpus file of a zip, in any folder, named inside the archive', async () => {
    const zip = zipSync({
      'press/2024/quay.md': encode('---\ntitle: Quay\n---\nThe quay closes.\n'),
      'press/bad.md': encode('---\ntitle: Bad\nurl: javascript:alert(1)\n---\nText.\n'),
      'more.jsonl': encode(`${line('x')}\n${line('y', { colour: 'red' })}`),
      'README.pdf': encode('%PDF'),
      '__MACOSX/press/._quay.md': encode('resource fork'),
      'press/.hidden.md': encode('---\ntitle: Hidden\n---\nNot an article.\n'),
    });
    const corpus = await readImportSources([source('archive.zip', zip)]);
    expect(corpus.documents.map((d) => d.id)).toEqual(['quay', 'x']);
    expect(corpus.errors.map(formatCorpusError)).toEqual([
      'archive.zip/more.jsonl:2: unknown field "colour" (known fields: id, title, text, url, outlet, published, lang)',
      expect.stringMatching(/^archive\.zip\/press\/bad\.md:3: field "url": /),
    ]);
  });

  it('reports duplicate ids across files and archives, keeping the first by name', async () => {
    const zip = zipSync({ 'a.jsonl': encode(line('same', { title: 'From the zip' })) });
    const corpus = await readImportSources([source('b.zip', zip), source('a.jsonl', `${line('other')}\n${line('same', { title: 'From a' })}`)]);
    expect(corpus.documents.find((d) => d.id === 'same')?.title).toBe('From a');
    expect(corpus.errors.map(formatCorpusError)).toEqual(['b.zip/a.jsonl:1: duplicate id "same", first used at a.jsonl:2']);
  });

  it('names files it cannot use', async () => {
    expect(await errorsOf(source('notes.pdf', '%PDF'), source('ok.jsonl', line('a')))).toEqual([
      'notes.pdf:1: not a .jsonl, .txt, .md or .zip file',
    ]);
    expect(await errorsOf(source('broken.zip', 'PK not really'), source('ok.jsonl', line('a')))).toEqual([
      'broken.zip:1: not a zip archive (no central directory found)',
    ]);
    expect(await errorsOf(source('pictures.zip', zipSync({ 'a.png': encode('png') })), source('ok.jsonl', line('a')))).toEqual([
      'pictures.zip:1: no .jsonl, .txt or .md files in this archive',
    ]);
    const unreadable: ImportSource = { name: 'gone.jsonl', size: 3, read: () => Promise.reject(new Error('the file was moved')) };
    expect(await errorsOf(unreadable, source('ok.jsonl', line('a')))).toEqual(['gone.jsonl:1: cannot read the file: the file was moved']);
  });

  it('reports an import without any document', async () => {
    expect(await errorsOf(source('empty.jsonl', '\n'))).toEqual(['empty.jsonl:1: the corpus has no documents']);
    expect(await errorsOf(source('a.jsonl', '\n'), source('b.jsonl', ''))).toEqual(['the selected files:1: the corpus has no documents']);
  });

  it('leaves out files and archives over the size limit without reading them', async () => {
    let read = false;
    const big: ImportSource = { name: 'big.jsonl', size: 1000, read: async () => ((read = true), encode(line('big'))) };
    // A small zip that unpacks past the limit (its declared sizes are checked before unpacking).
    const bomb = source('bomb.zip', zipSync({ 'huge.txt': new Uint8Array(600).fill(0x61) }));
    const corpus = await readImportSources([source('a-small.jsonl', line('small')), big, bomb], { maxBytes: 500 });
    expect(read).toBe(false);
    expect(corpus.documents.map((d) => d.id)).toEqual(['small']);
    expect(corpus.errors.map(formatCorpusError)).toEqual([
      'big.jsonl:1: the import would be larger than 0 MB; this file was left out (split the corpus and import the parts as separate corpora)',
      'bomb.zip/huge.txt:1: the import would be larger than 0 MB; this archive was left out (split the corpus and import the parts as separate corpora)',
    ]);
  });
});
