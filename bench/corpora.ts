/**
 * The three corpora of the benchmark, and the unrelated text that pages are
 * made of. Everything is deterministic: the same corpora and text on every run.
 *
 * Every tenth paragraph of each Brown text is held out: those paragraphs are the
 * pages' own (unrelated) prose and appear in no corpus. The rest of Brown makes
 * the 500-document corpus and is the sentence pool the synthetic corpus is
 * recombined from.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCorpusError, loadCorpus } from '../corpus-index/load-corpus';
import type { CorpusDocument } from '../lib/corpus';
import { loadBrown } from './brown';
import { Random } from './random';

/** A named corpus. */
export interface BenchCorpus {
  /** Short key, e.g. "brown-500". */
  readonly key: string;
  /** Human description for tables. */
  readonly label: string;
  readonly documents: readonly CorpusDocument[];
}

/** Brown split into corpus text and held-out page text. */
export interface BrownSplit {
  /** The 500 Brown texts without their held-out paragraphs. */
  readonly documents: CorpusDocument[];
  /** Every sentence of those documents: the synthetic corpus is recombined from these. */
  readonly corpusSentences: string[];
  /** Held-out paragraphs (lists of sentences), in no corpus. */
  readonly heldOutParagraphs: string[][];
}

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHIPPED_CORPUS = path.join(PROJECT_ROOT, 'corpus-index', 'corpus');
const HELD_OUT_EVERY = 10;
const TITLE_CHARS = 80;

/** The corpus shipped with the extension, read with the index builder's own loader. */
export async function loadShippedCorpus(): Promise<BenchCorpus> {
  const { documents, errors } = await loadCorpus(SHIPPED_CORPUS);
  if (errors.length > 0) throw new Error(`shipped corpus has errors:\n${errors.map(formatCorpusError).join('\n')}`);
  return { key: 'shipped-5', label: `shipped corpus (${documents.length} docs)`, documents };
}

/** Splits Brown into the 500-document corpus and held-out page text. */
export function splitBrown(): BrownSplit {
  const documents: CorpusDocument[] = [];
  const corpusSentences: string[] = [];
  const heldOutParagraphs: string[][] = [];
  for (const text of loadBrown()) {
    const kept: string[] = [];
    text.paragraphs.forEach((sentences, i) => {
      if (i % HELD_OUT_EVERY === HELD_OUT_EVERY - 1) {
        heldOutParagraphs.push([...sentences]);
        return;
      }
      kept.push(sentences.join(' '));
      corpusSentences.push(...sentences);
    });
    const first = text.paragraphs[0]?.[0] ?? text.name;
    documents.push({ id: `brown-${text.name}`, title: first.slice(0, TITLE_CHARS).trim() || text.name, text: kept.join('\n\n') });
  }
  return { documents, corpusSentences, heldOutParagraphs };
}

/** The 500 Brown texts as a corpus. */
export function brownCorpus(split: BrownSplit): BenchCorpus {
  return { key: 'brown-500', label: `Brown (${split.documents.length} docs)`, documents: split.documents };
}

/**
 * `count` synthetic articles of about `wordsPerDocument` words: paragraphs of
 * 2–6 sentences drawn at random from the Brown corpus sentences, so each
 * sentence recurs in a few articles, as wire copy does across outlets.
 */
export function syntheticCorpus(split: BrownSplit, count: number, wordsPerDocument: number, seed: number): BenchCorpus {
  const random = new Random(seed);
  const pool = split.corpusSentences;
  const documents: CorpusDocument[] = [];
  const digits = String(count - 1).length;
  for (let d = 0; d < count; d++) {
    const paragraphs: string[] = [];
    let words = 0;
    while (words < wordsPerDocument) {
      const sentences: string[] = [];
      const length = 2 + random.int(5);
      for (let s = 0; s < length && words < wordsPerDocument; s++) {
        const sentence = random.pick(pool);
        sentences.push(sentence);
        words += countWords(sentence);
      }
      paragraphs.push(sentences.join(' '));
    }
    const id = `synthetic-${String(d).padStart(digits, '0')}`;
    documents.push({ id, title: `Synthetic article ${d}`, text: paragraphs.join('\n\n') });
  }
  return { key: `synthetic-${count / 1000}k`, label: `synthetic (${count.toLocaleString('en-US')} docs)`, documents };
}

/** Whitespace-separated words: a quick count for sizing text. */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 0x20;
    if (!space && !inWord) count++;
    inWord = !space;
  }
  return count;
}
