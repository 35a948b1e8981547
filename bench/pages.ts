/**
 * Benchmark pages: unrelated prose with passages of a corpus planted every
 * ~300 words, alternately verbatim and lightly edited, and the recall of a
 * set of matches on them.
 */
import type { CorpusDocument } from '../lib/corpus';
import type { MatchSpan } from '../lib/matcher';
import { countWords } from './corpora';
import { Random } from './random';

/** Words of page prose between two planted passages. */
const WORDS_BETWEEN_PASSAGES = 300;
const MIN_PASSAGE_WORDS = 25;
const MAX_PASSAGE_WORDS = 50;
/** Per-word probabilities of the edits applied to every other passage. */
const SUBSTITUTE = 0.05;
const DELETE = 0.03;
const INSERT = 0.03;
/** A planted passage counts as found when a span from its source covers at least this share of it. */
const FOUND_COVERAGE = 0.5;

/** A corpus passage planted on a page. */
export interface PlantedPassage {
  /** Character range on the page. */
  readonly start: number;
  readonly end: number;
  /** Document the passage was copied from. */
  readonly docId: string;
  /** Whether words were substituted, dropped or added. */
  readonly edited: boolean;
}

/** A generated page. */
export interface BenchPage {
  /** Paragraphs of the page; `text` is them joined by blank lines. */
  readonly paragraphs: readonly string[];
  readonly text: string;
  readonly planted: readonly PlantedPassage[];
}

/** How many planted passages were found, and how many spans lie outside all of them. */
export interface Recall {
  readonly found: number;
  readonly planted: number;
  /** The same for the edited passages only. */
  readonly foundEdited: number;
  readonly plantedEdited: number;
  /** Spans that overlap no planted passage: matches within the held-out prose itself. */
  readonly outside: number;
}

/**
 * Builds a page of about `targetWords` words from `prose` paragraphs (taken in
 * a seeded order) with passages of `documents` planted every ~300 words.
 */
export function buildPage(
  targetWords: number,
  prose: readonly (readonly string[])[],
  documents: readonly CorpusDocument[],
  seed: number,
): BenchPage {
  const proseOrder = new Random(seed).shuffled(prose);
  const random = new Random(seed ^ 0x5eed);
  const vocabulary = proseOrder.slice(0, 50).flatMap((sentences) => sentences.join(' ').split(' '));
  const docWords = new Map<number, string[]>();
  const paragraphs: string[] = [];
  const planted: PlantedPassage[] = [];
  let offset = 0;
  let words = 0;
  let sinceLast = 0;
  for (let p = 0; words < targetWords; p++) {
    const sentences = proseOrder[p % proseOrder.length]!;
    let paragraph = '';
    const append = (text: string): number => {
      if (paragraph) paragraph += ' ';
      paragraph += text;
      words += countWords(text);
      return offset + paragraph.length - text.length;
    };
    for (const sentence of sentences) {
      if (words >= targetWords) break;
      append(sentence);
      sinceLast += countWords(sentence);
      if (sinceLast < WORDS_BETWEEN_PASSAGES || words >= targetWords) continue;
      const docIndex = random.int(documents.length);
      let source = docWords.get(docIndex);
      if (!source) docWords.set(docIndex, (source = documents[docIndex]!.text.split(/\s+/).filter(Boolean)));
      const edited = planted.length % 2 === 1;
      let passage = choosePassage(source, random);
      if (edited) passage = editWords(passage, vocabulary, random);
      const text = passage.join(' ');
      const start = append(text);
      planted.push({ start, end: start + text.length, docId: documents[docIndex]!.id, edited });
      sinceLast = 0;
    }
    if (!paragraph) continue;
    paragraphs.push(paragraph);
    offset += paragraph.length + 2;
  }
  return { paragraphs, text: paragraphs.join('\n\n'), planted };
}

/** 25–50 consecutive words of a document, starting at a sentence start. */
function choosePassage(words: readonly string[], random: Random): string[] {
  const length = MIN_PASSAGE_WORDS + random.int(MAX_PASSAGE_WORDS - MIN_PASSAGE_WORDS + 1);
  const last = Math.max(0, words.length - length);
  let start = random.int(last + 1);
  while (start > 0 && !/[.!?]["”’)]?$/.test(words[start - 1]!)) start--;
  return words.slice(start, start + length);
}

/** Substitutes, drops and inserts words at random, at least one edit. */
function editWords(words: readonly string[], vocabulary: readonly string[], random: Random): string[] {
  const out: string[] = [];
  for (const word of words) {
    const r = random.next();
    if (r < SUBSTITUTE) out.push(random.pick(vocabulary));
    else if (r < SUBSTITUTE + DELETE) continue;
    else {
      out.push(word);
      if (r < SUBSTITUTE + DELETE + INSERT) out.push(random.pick(vocabulary));
    }
  }
  if (out.join(' ') === words.join(' ')) out[out.length >> 1] = random.pick(vocabulary);
  return out;
}

/**
 * Scores matches against the planted passages: a passage is found when one span
 * from its own source document covers at least half of it.
 */
export function scoreRecall(page: BenchPage, spans: readonly Pick<MatchSpan, 'pageStart' | 'pageEnd' | 'docId'>[]): Recall {
  let found = 0;
  let foundEdited = 0;
  for (const passage of page.planted) {
    let covered = 0;
    for (const span of spans) {
      if (span.docId !== passage.docId) continue;
      covered = Math.max(covered, Math.min(span.pageEnd, passage.end) - Math.max(span.pageStart, passage.start));
    }
    if (covered < FOUND_COVERAGE * (passage.end - passage.start)) continue;
    found++;
    if (passage.edited) foundEdited++;
  }
  const outside = spans.filter((span) => !page.planted.some((p) => span.pageStart < p.end && span.pageEnd > p.start)).length;
  const plantedEdited = page.planted.filter((passage) => passage.edited).length;
  return { found, planted: page.planted.length, foundEdited, plantedEdited, outside };
}
