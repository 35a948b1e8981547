/**
 * Hostile corpus input the shared parser must turn into `file:line: message`
 * errors in bounded time and memory: YAML alias bombs, front matter with a
 * huge number of keys, lines and files longer than a JavaScript string, and
 * data carrying terminal escape sequences.
 */
import { describe, expect, it } from 'vitest';
import {
  escapeControlCharacters,
  formatCorpusError,
  MAX_ARTICLE_BYTES,
  MAX_FRONT_MATTER_FIELDS,
  parseJsonlCorpus,
  parseTextDocument,
} from './corpus-parse';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const errorsOf = (text: string, file = 'a.md'): string[] => parseTextDocument(encode(text), file).errors.map(formatCorpusError);

/** "Billion laughs": nine levels of nine aliases each, 10^9 strings once expanded. */
function billionLaughs(): string {
  const levels = ['a: &a "lol"'];
  for (let level = 1; level < 9; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
  }
  return `---\ntitle: Laughs\n${levels.join('\n')}\n---\nText.\n`;
}

describe('front matter limits', () => {
  it('a YAML alias bomb is an error at the first alias, never expanded', () => {
    expect(errorsOf(billionLaughs())).toEqual(['a.md:4: front matter: aliases (*name) are not supported; write the value itself']);
  });

  it('a single alias is refused too: front matter fields are plain values', () => {
    expect(errorsOf('---\ntitle: &t Quay\noutlet: *t\n---\nText.\n')).toEqual([
      'a.md:3: front matter: aliases (*name) are not supported; write the value itself',
    ]);
  });

  it('100,000 keys are refused from the size of the front matter, before YAML parses them', () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: v`).join('\n');
    expect(errorsOf(`---\ntitle: Keys\n${keys}\n---\nText.\n`)).toEqual([
      'a.md:1: front matter is too large (988,902 characters, at most 8,192; only the fields id, title, url, outlet, published, lang belong there)',
    ]);
  });

  it('more fields than front matter can use are refused even when small', () => {
    const keys = Array.from({ length: MAX_FRONT_MATTER_FIELDS }, (_, i) => `k${i}: v`).join('\n');
    expect(errorsOf(`---\ntitle: Keys\n${keys}\n---\nText.\n`)).toEqual([
      'a.md:1: front matter has too many fields (33, at most 32; only the fields id, title, url, outlet, published, lang belong there)',
    ]);
  });

  it('front matter nested too deeply is an error, not a stack overflow', () => {
    expect(errorsOf(`---\ntitle: ${'['.repeat(3000)}${']'.repeat(3000)}\n---\nText.\n`)[0]).toBe(
      'a.md:2: front matter: nested too deeply (fields are plain "field: value" lines)',
    );
  });

  it('ordinary front matter with comments and a folded title still reads', () => {
    const parsed = parseTextDocument(encode('---\n# from the wire\ntitle: >\n  Quay to\n  close\noutlet: Port\n---\nThe quay closes.\n'), 'a.md');
    expect(parsed.errors).toEqual([]);
    expect(parsed.document).toMatchObject({ id: 'a', title: 'Quay to close', outlet: 'Port' });
  });
});

describe('lines and files longer than an article can be', () => {
  // Memory-bounded: one buffer just over the limit, never decoded into a string.
  const tooLong = (): Uint8Array => new Uint8Array(MAX_ARTICLE_BYTES + 1).fill(0x61);

  it('a JSONL line over the limit is "too long", not "invalid UTF-8", and the other lines still load', () => {
    const line = tooLong();
    const good = encode(`${JSON.stringify({ id: 'a', title: 'A', text: 'Text.' })}\n`);
    const bytes = new Uint8Array(good.length + line.length);
    bytes.set(good);
    bytes.set(line, good.length);
    const corpus = parseJsonlCorpus(bytes, 'big.jsonl');
    expect(corpus.documents.map((d) => d.id)).toEqual(['a']);
    expect(corpus.errors.map(formatCorpusError)).toEqual(['big.jsonl:2: the line is too long (64.0 MB; one article may be at most 64 MB)']);
  });

  it('an article file over the limit is "too long"', () => {
    expect(parseTextDocument(tooLong(), 'big.txt').errors.map(formatCorpusError)).toEqual([
      'big.txt:1: the file is too long (64.0 MB; one article may be at most 64 MB)',
    ]);
  });
});

describe('data shown to a terminal or a page', () => {
  it('control, bidi and separator characters are written as escapes', () => {
    expect(escapeControlCharacters('a\u001b[2Jb\rc\nd\u202eevil\u2066e\u0085f\u2028g\tok é 中')).toBe(
      'a\\x1b[2Jb\\x0dc\\x0ad\\u202eevil\\u2066e\\x85f\\u2028g\\x09ok é 中',
    );
  });

  it('an unknown JSON key carrying an escape sequence is reported escaped', () => {
    const key = '\u001b]0;pwned\u0007\u001b[31m';
    const corpus = parseJsonlCorpus(encode(JSON.stringify({ id: 'a', title: 'A', text: 'T.', [key]: 1 })), 'keys.jsonl');
    expect(corpus.errors.map(formatCorpusError)).toEqual([
      'keys.jsonl:1: unknown field "\\x1b]0;pwned\\x07\\x1b[31m" (known fields: id, title, text, url, outlet, published, lang)',
    ]);
  });
});
