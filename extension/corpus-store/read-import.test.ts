/** Reading picked files for an import: JSONL, articles, zips of them, and every problem with its file and line. */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildZip, deflateBomb, deflated, stored, zip64EntryCountBomb } from '../../tests/hostile-zip';
import { formatCorpusError } from '../../lib/corpus-parse';
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

  it('reads a file of 280,000 lines, valid or not, without overflowing the call stack', async () => {
    const lines = Array.from({ length: 280_000 }, (_, i) => (i % 2 === 0 ? `{"id":"d${i}","title":"T","text":"x"}` : '{'));
    const corpus = await readImportSources([source('many.jsonl', lines.join('\n'))]);
    expect(corpus.documents).toHaveLength(140_000);
    expect(corpus.errors).toHaveLength(140_000);
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

describe('readImportSources on hostile archives', () => {
  const article = (title: string): string => `---\ntitle: ${title}\n---\nThe quay closes in June.\n`;
  /** Reads `zip` as the only picked file and expects no document and exactly `errors`. */
  async function expectRejected(zip: Uint8Array, errors: string[]): Promise<void> {
    const corpus = await readImportSources([source('hostile.zip', zip)]);
    expect(corpus.documents).toEqual([]);
    expect(corpus.errors.map(formatCorpusError)).toEqual(errors);
  }

  it('rejects 200 entries that all point at one block, before unpacking any', async () => {
    const block = encode(article('Shared').padEnd(64 * 1024, ' '));
    const entries = [stored('0.md', block), ...Array.from({ length: 199 }, (_, i) => ({ ...stored(`${i + 1}.md`, block), size: 0, sharesDataOf: 0 }))];
    await expectRejected(buildZip(entries), ['hostile.zip/1.md:1: corrupt or hostile zip archive: the data of entries "0.md" and "1.md" overlap']);
  });

  it('stops an entry that inflates past its declared size, and still reads the honest entries', async () => {
    const zip = buildZip([{ name: 'bomb.md', data: deflateBomb(260_000), method: 8, size: 1000, crc: 0 }, deflated('quay.md', article('Quay'))]);
    const corpus = await readImportSources([source('hostile.zip', zip)]);
    expect(corpus.documents.map((d) => d.id)).toEqual(['quay']);
    expect(corpus.errors.map(formatCorpusError)).toEqual([
      'hostile.zip/bomb.md:1: the entry unpacks to more than its declared 1,000 bytes (a corrupt or hostile archive)',
    ]);
  });

  it('charges the budget real bytes: declared sizes over the limit leave the archive out, a lie is caught while unpacking', async () => {
    // Compressible, so each archive is far smaller than what it unpacks to.
    const text = `${article('Quay')}${'The quay closes in June. '.repeat(100)}`;
    // Declared sizes over the limit: left out whole, nothing unpacked.
    const corpus = await readImportSources([source('two.zip', buildZip([deflated('a.md', text), deflated('b.md', text)]))], { maxBytes: text.length + 10 });
    expect(corpus.documents).toEqual([]);
    expect(corpus.errors.map(formatCorpusError)).toEqual([
      'two.zip/b.md:1: the import would be larger than 0 MB; this archive was left out (split the corpus and import the parts as separate corpora)',
    ]);
    // Declaring less than the real size to fit the budget does not help: unpacking stops at the declared size.
    const lying = buildZip([{ ...deflated('a.md', text), size: 10 }]);
    const lied = await readImportSources([source('lying.zip', lying)], { maxBytes: 1000 });
    expect(lied.documents).toEqual([]);
    expect(lied.errors.map(formatCorpusError)).toEqual(['lying.zip/a.md:1: the entry unpacks to more than its declared 10 bytes (a corrupt or hostile archive)']);
  });

  it('rejects a 98-byte zip64 claiming 0xFFFFFFFF entries', async () => {
    await expectRejected(zip64EntryCountBomb(), [
      'hostile.zip:1: corrupt zip archive: it claims 4,294,967,295 entries, but its 0 bytes central directory can hold at most 0',
    ]);
  });

  it('reports a truncated archive as truncated, not as an archive without articles', async () => {
    const zip = zipSync({ 'a.md': encode(article('A')), 'b.md': encode(article('B')) });
    await expectRejected(zip.subarray(0, zip.length - 40), [
      'hostile.zip:1: the zip archive is truncated: its central directory is missing (was the download or copy cut short?)',
    ]);
  });

  it('reports duplicate entry names instead of keeping the last', async () => {
    await expectRejected(buildZip([stored('a.md', article('First')), stored('a.md', article('Second'))]), [
      'hostile.zip/a.md:1: the archive has two entries with this name (it is ambiguous which one is meant)',
    ]);
  });

  it('reports a CRC-32 mismatch on the entry', async () => {
    await expectRejected(buildZip([{ ...stored('a.md', article('A')), crc: 1 }]), ['hostile.zip/a.md:1: corrupt entry: its CRC-32 checksum does not match its data']);
  });

  it('reports a YAML alias bomb inside an archive with its file and line', async () => {
    const laughs = ['a: &a "lol"', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)];
    await expectRejected(buildZip([stored('press/laughs.md', `---\ntitle: Laughs\n${laughs.join('\n')}\n---\nText.\n`)]), [
      'hostile.zip/press/laughs.md:4: front matter: aliases (*name) are not supported; write the value itself',
    ]);
  });
});
