import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDocumentSchema } from '../lib/corpus';
import {
  DERIVED_TITLE_MAX_CHARS,
  formatCorpusError,
  loadCorpus,
  parseJsonlCorpus,
  parseTextDocument,
  type CorpusError,
} from './load-corpus';

const SHIPPED_CORPUS = fileURLToPath(new URL('./corpus', import.meta.url));

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'sourcelight-load-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** Writes `files` (name → content) into a fresh folder and returns its path. */
async function writeFixture(name: string, files: Record<string, string | Uint8Array>): Promise<string> {
  const folder = path.join(scratch, name);
  await mkdir(folder, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(path.join(folder, file), content);
  return folder;
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const jsonl = (...lines: unknown[]): string =>
  lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n');
const doc = (id: string, extra: Record<string, unknown> = {}) => ({ id, title: `Title ${id}`, text: `Text of ${id}.`, ...extra });

describe('the shipped corpus', () => {
  // SHA-256 of the original articles (../shared/corpus/*.txt at vendoring time):
  // the vendored bodies must stay byte-for-byte the source text.
  const expected = [
    ['000_81807da6b7239faa', 'US urges Iraq to treat MKO members humanely', '4dfa41c35890e1a7c87f1faa4191db5bb43e67b3c37cc6b20be354dbe40be1e7'],
    ['001_20327f90adad41f5', 'Iraq wants departure of MKO terrorists', '5eb8776828de11c40eef7ac0ee83582b10b24458c688cf48a85cb9e30d4844dd'],
    ['002_5e7d68c92dceabfb', 'MKO claims to win US protection', 'fa0d92292f6572b83db14b541a9f657bf558e9ef7361aaee0781245795840068'],
    ['003_999d7dd9db14bead', 'Iran to Pursue Expulsion of MKO after Formation of Iraqi Gov’t', '5c324b90bbf8b04dd662e615625a701c346eb616a8b7cd85a6e20c06e7ef0615'],
    ['004_0297677148c1eccd', 'Diyala residents condemn MKO and urge its expulsion from Iraq', 'fca6fec13fe07ee944958d259eb7ff83fbcf7c883cbe847f827456b2c3f865ac'],
  ];

  it('loads five documents with their titles and unchanged text', async () => {
    const corpus = await loadCorpus(SHIPPED_CORPUS);
    expect(corpus.errors).toEqual([]);
    expect(
      corpus.documents.map((d) => [d.id, d.title, createHash('sha256').update(d.text).digest('hex')]),
    ).toEqual(expected);
  });

  it('claims no url, outlet or date it does not know', async () => {
    const corpus = await loadCorpus(SHIPPED_CORPUS);
    for (const document of corpus.documents) {
      expect(Object.keys(document).sort()).toEqual(['id', 'lang', 'text', 'title']);
      expect(document.lang).toBe('en');
    }
  });
});

describe('loadCorpus on a folder', () => {
  it('reads front matter, defaults the id to the file stem and sorts by id', async () => {
    const folder = await writeFixture('good', {
      'b.md': '---\ntitle: 1984\npublished: 2009-01-01\nlang: no\noutlet: Example News\n---\nBody of b.\n',
      'a.txt': 'First line is the title\n\nBody of a.',
      'c.md': '---\nid: custom-id\ntitle: "C"\nurl: https://example.com/c\n---\nBody of c.',
      'notes.json': '{}',
      '.hidden.md': 'not an article',
    });
    const corpus = await loadCorpus(folder);
    expect(corpus.errors).toEqual([]);
    expect(corpus.documents).toEqual([
      { id: 'a', title: 'First line is the title', text: 'First line is the title\n\nBody of a.' },
      // Front matter values stay strings: no number title, no boolean "no", no Date.
      { id: 'b', title: '1984', text: 'Body of b.\n', published: '2009-01-01', lang: 'no', outlet: 'Example News' },
      { id: 'custom-id', title: 'C', text: 'Body of c.', url: 'https://example.com/c' },
    ]);
  });

  it('derives a title from the first non-empty line, cut at a word', async () => {
    const long = `${'word '.repeat(60)}end`;
    const parsed = parseTextDocument(encode(`\n\n  ${long}\nmore`), 'dir/long.txt');
    expect(parsed.errors).toEqual([]);
    const title = parsed.document!.title;
    expect(title.length).toBeLessThanOrEqual(DERIVED_TITLE_MAX_CHARS + 1);
    expect(title).toMatch(/^word( word)*…$/);
    expect(parseTextDocument(encode('# Heading\nBody'), 'x.md').document!.title).toBe('Heading');
  });

  it('reports a missing title in front matter at the opening line', async () => {
    const parsed = parseTextDocument(encode('---\nlang: en\n---\nSome text.'), 'corpus/a.md');
    expect(parsed.errors).toEqual([{ file: 'corpus/a.md', line: 1, message: 'missing required field "title"' }]);
  });

  it('points invalid and unknown fields at their own line', async () => {
    const parsed = parseTextDocument(
      encode('---\ntitle: T\nauthor: Someone\npublished: yesterday\nurl: not a url\n---\nText.'),
      'a.md',
    );
    expect(parsed.document).toBeUndefined();
    const byLine = Object.fromEntries(parsed.errors.map((e) => [e.line, e.message]));
    expect(byLine[3]).toMatch(/unknown field "author"/);
    expect(byLine[4]).toMatch(/field "published"/);
    expect(byLine[5]).toMatch(/field "url"/);
  });

  it('reports YAML syntax errors with their line, and unclosed front matter', () => {
    const bad = parseTextDocument(encode('---\ntitle: T\ntitle: U\n---\nText.'), 'dup.md');
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors[0]).toMatchObject({ line: 3, message: expect.stringMatching(/front matter: .*unique/) });
    expect(parseTextDocument(encode('---\ntitle: T\nText.'), 'open.md').errors).toEqual([
      { file: 'open.md', line: 1, message: expect.stringMatching(/not closed/) },
    ]);
  });

  it('reports empty text at the first body line', () => {
    expect(parseTextDocument(encode('---\ntitle: T\nlang: en\n---\n \n\n'), 'empty.md').errors).toEqual([
      { file: 'empty.md', line: 5, message: 'field "text": text is empty' },
    ]);
    expect(parseTextDocument(encode('\n  \n'), 'blank.txt').errors).toEqual([
      { file: 'blank.txt', line: 1, message: 'field "text": text is empty' },
    ]);
  });

  it('explains an id taken from a file name that is not a valid id', () => {
    const [error] = parseTextDocument(encode('Text.'), 'dir/my article.txt').errors;
    expect(error?.message).toMatch(/field "id" \(taken from the file name "my article"/);
  });

  it('reports invalid UTF-8 with the line it is on', async () => {
    const bytes = new Uint8Array([...encode('---\ntitle: T\n---\nline four\nbad '), 0xc3, 0x28, ...encode(' here\n')]);
    const folder = await writeFixture('latin1', { 'bad.txt': bytes });
    const corpus = await loadCorpus(folder);
    expect(corpus.documents).toEqual([]);
    expect(corpus.errors).toEqual([{ file: path.join(folder, 'bad.txt'), line: 5, message: expect.stringMatching(/UTF-8/) }]);
  });

  it('reports a duplicate id naming both files, in file order with the other errors', async () => {
    const folder = await writeFixture('duplicates', { 'a.md': '---\ntitle: A\n---\nOne.', 'a.txt': 'Two.', 'b.md': '---\n---\nThree.' });
    const corpus = await loadCorpus(folder);
    expect(corpus.documents.map((d) => d.text)).toEqual(['One.']);
    expect(corpus.errors).toEqual([
      { file: path.join(folder, 'a.txt'), line: 1, message: `duplicate id "a", first used at ${path.join(folder, 'a.md')}:1` },
      { file: path.join(folder, 'b.md'), line: 1, message: 'missing required field "title"' },
    ]);
  });

  it('collects the errors of every file, not just the first', async () => {
    const folder = await writeFixture('many-errors', {
      '1.md': '---\nlang: en\n---\nText.',
      '2.md': '---\ntitle: T\n---\n',
      '3.txt': 'Fine.',
    });
    const corpus = await loadCorpus(folder);
    expect(corpus.errors.map((e) => `${path.basename(e.file)}:${e.line}`)).toEqual(['1.md:1', '2.md:4']);
    expect(corpus.documents.map((d) => d.id)).toEqual(['3']);
  });

  it('reports unreadable paths instead of throwing', async () => {
    const missing = path.join(scratch, 'does-not-exist');
    expect(await loadCorpus(missing)).toEqual({
      documents: [],
      errors: [{ file: missing, line: 1, message: expect.stringMatching(/cannot read: ENOENT/) }],
    });
    // A folder named like an article cannot be read as one.
    const folder = await writeFixture('unreadable', { 'ok.txt': 'Fine.' });
    await mkdir(path.join(folder, 'folder.md'));
    const corpus = await loadCorpus(folder);
    expect(corpus.errors).toEqual([
      { file: path.join(folder, 'folder.md'), line: 1, message: 'not a regular file (a folder); only regular files are read' },
    ]);
    expect(corpus.documents.map((d) => d.id)).toEqual(['ok']);
  });

  it('reports an empty folder and a file that is neither folder nor .jsonl', async () => {
    const empty = await writeFixture('empty', {});
    expect((await loadCorpus(empty)).errors).toEqual([{ file: empty, line: 1, message: expect.stringMatching(/no .txt or .md/) }]);
    const csv = path.join(await writeFixture('csv', { 'corpus.csv': 'id,title' }), 'corpus.csv');
    expect((await loadCorpus(csv)).errors).toEqual([{ file: csv, line: 1, message: expect.stringMatching(/expected a folder/) }]);
  });
});

describe('loadCorpus on a JSONL file', () => {
  it('reads one document per line, skipping blank lines', async () => {
    const folder = await writeFixture('jsonl-good', {
      'corpus.jsonl': `\uFEFF${jsonl(doc('b', { lang: 'en' }), '', '   ', doc('a'))}\r\n`,
    });
    const corpus = await loadCorpus(path.join(folder, 'corpus.jsonl'));
    expect(corpus.errors).toEqual([]);
    expect(corpus.documents.map((d) => d.id)).toEqual(['a', 'b']);
  });

  it('reports bad JSON with its file and line', async () => {
    const file = path.join(await writeFixture('jsonl-bad', { 'c.jsonl': jsonl(doc('a'), doc('b'), '{"id": "c", title}') }), 'c.jsonl');
    const corpus = await loadCorpus(file);
    expect(corpus.errors).toHaveLength(1);
    expect(formatCorpusError(corpus.errors[0]!)).toMatch(new RegExp(`^${escapeRegExp(file)}:3: invalid JSON: `));
    expect(corpus.documents.map((d) => d.id)).toEqual(['a', 'b']);
  });

  it('names the missing or invalid field, and unknown fields', () => {
    const { errors } = parseJsonlCorpus(
      encode(jsonl({ id: 'a', text: 'Text.' }, doc('b', { lang: 'English' }), doc('c', { author: 'X' }), '[1]', 'null')),
      'c.jsonl',
    );
    expect(errors).toEqual([
      { file: 'c.jsonl', line: 1, message: 'missing required field "title"' },
      { file: 'c.jsonl', line: 2, message: expect.stringMatching(/^field "lang": expected a language tag/) },
      { file: 'c.jsonl', line: 3, message: expect.stringMatching(/^unknown field "author" \(known fields: id, title, text/) },
      { file: 'c.jsonl', line: 4, message: expect.stringMatching(/expected a JSON object/) },
      { file: 'c.jsonl', line: 5, message: expect.stringMatching(/expected a JSON object/) },
    ]);
  });

  it('reports empty text, duplicate ids and invalid UTF-8 lines, keeping the rest', () => {
    const bytes = new Uint8Array([
      ...encode(`${jsonl(doc('a'), doc('b', { text: ' \n ' }), doc('a'))}\n{"id": "x", "title": "`),
      0xff,
      ...encode(`", "text": "t"}\n${JSON.stringify(doc('z'))}`),
    ]);
    const corpus = parseJsonlCorpus(bytes, 'c.jsonl');
    expect(corpus.errors).toEqual([
      { file: 'c.jsonl', line: 2, message: 'field "text": text is empty' },
      { file: 'c.jsonl', line: 3, message: 'duplicate id "a", first used at c.jsonl:1' },
      { file: 'c.jsonl', line: 4, message: expect.stringMatching(/UTF-8/) },
    ]);
    expect(corpus.documents.map((d) => d.id)).toEqual(['a', 'z']);
  });

  it('reports a file without documents', () => {
    expect(parseJsonlCorpus(encode('\n\n'), 'c.jsonl').errors).toEqual([
      { file: 'c.jsonl', line: 1, message: 'the corpus has no documents' },
    ]);
  });

  it('never throws on garbage, and every result is a valid document or a located error', () => {
    const line = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.record({ id: fc.string(), title: fc.string(), text: fc.string() }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
      fc.constantFrom('', '   ', '{', '}', '{"id":"a","title":"t","text":"x"}', '\uFEFF{}', '\r'),
    );
    const input = fc.oneof(
      fc.array(line, { maxLength: 12 }).map((lines) => encode(lines.join('\n'))),
      fc.uint8Array({ maxLength: 200 }),
    );
    fc.assert(
      fc.property(input, (bytes) => {
        const lineCount = countLines(bytes);
        const { documents, errors } = parseJsonlCorpus(bytes, 'g.jsonl');
        for (const error of errors) assertLocated(error, lineCount);
        for (const document of documents) expect(corpusDocumentSchema.safeParse(document).success).toBe(true);
        expect(new Set(documents.map((d) => d.id)).size).toBe(documents.length);
        expect(documents.length + errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

function countLines(bytes: Uint8Array): number {
  return bytes.reduce((count, byte) => count + (byte === 0x0a ? 1 : 0), 1);
}

function assertLocated(error: CorpusError, lineCount: number): void {
  expect(error.file).toBe('g.jsonl');
  expect(Number.isInteger(error.line)).toBe(true);
  expect(error.line).toBeGreaterThanOrEqual(1);
  expect(error.line).toBeLessThanOrEqual(lineCount);
  expect(error.message).not.toBe('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
