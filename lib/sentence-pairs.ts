/**
 * Aligns the sentences of a rewritten passage with the sentences of its source,
 * for display: where a word diff of a paraphrase is a wall of strike-through,
 * "this page sentence ↔ that source sentence, these words shared" reads at a glance.
 *
 * Pure: text in, offsets out. Sentences are compared on their content words
 * (lower-cased, function words dropped, stemmed), so reordered clauses
 * and inflected forms still line up; synonyms do not, which is why the pairing
 * is by the most similar sentence, not by an exact correspondence.
 */
import { porterStem } from './rewrite/stem';
import { ENGLISH_STOPWORDS } from './stopwords';

/** A stretch of a passage: `text.slice(start, end)`. */
export interface TextRange {
  start: number;
  end: number;
}

/** A sentence of a passage, with its offsets in the passage. */
export interface Sentence extends TextRange {
  text: string;
}

/** A content word of a passage: where it is and its comparison key. */
export interface ContentWord extends TextRange {
  /** Lower-cased, stemmed form (`stemWord`); equal stems count as the same word. */
  stem: string;
}

/** One page sentence and the source sentence(s) it was rewritten from. */
export interface SentencePair {
  page: Sentence;
  /**
   * The most similar source sentence, then any other that contributes at least
   * `MIN_EXTRA_SHARED` further shared words (a page sentence condensed from
   * several); in source order. Empty when no source sentence is similar enough.
   */
  sources: Sentence[];
  /** Distinct content words the page sentence shares with `sources`. */
  sharedWords: number;
  /** Distinct content words of the page sentence. */
  pageWords: number;
  /** Shared words in the page sentence, in passage offsets. */
  pageShared: TextRange[];
  /** Shared words in the source sentences, in source-passage offsets. */
  sourceShared: TextRange[];
}

/** How many of a passage's distinct content words also occur in its source. */
export interface WordOverlap {
  shared: number;
  total: number;
}

/** A source sentence is paired only when it shares at least this many content words… */
const MIN_SHARED = 2;
/** …and this Dice coefficient over content words. */
const MIN_DICE = 0.2;
/** A further source sentence is added when it brings this many shared words not yet covered. */
const MIN_EXTRA_SHARED = 2;
/** At most this many source sentences per page sentence. */
const MAX_SOURCES = 3;

const STOPWORDS = new Set(ENGLISH_STOPWORDS);

/** Abbreviations whose final period does not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'sgt', 'capt', 'st', 'jr', 'sr',
  'no', 'vs', 'etc', 'inc', 'ltd', 'co', 'corp', 'jan', 'feb', 'mar', 'apr', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec',
]);

/**
 * Splits `text` into sentences. A sentence ends at `.`, `!` or `?` (with any
 * closing quotes or brackets) before whitespace and a capital, digit or opening
 * quote, unless the period closes a known abbreviation or an initial ("U.S.",
 * "J."); a line break always ends one. A passage that starts or ends mid-sentence
 * yields that fragment as a sentence. Whitespace around sentences is left out.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = 0;
  const push = (end: number): void => {
    let from = start;
    let to = end;
    while (from < to && /\s/.test(text[from]!)) from++;
    while (to > from && /\s/.test(text[to - 1]!)) to--;
    if (to > from) sentences.push({ start: from, end: to, text: text.slice(from, to) });
    start = end;
  };
  const boundary = /([.!?]+)(["'”’)\]]*)(\s+)(?=["'“‘([]?[\p{Lu}\p{N}])|\n\s*/gu;
  for (let match = boundary.exec(text); match; match = boundary.exec(text)) {
    if (match[1] === undefined) {
      push(match.index);
      continue;
    }
    if (match[1] === '.' && !match[2] && isAbbreviation(text, match.index)) continue;
    push(match.index + match[1].length + (match[2]?.length ?? 0));
  }
  push(text.length);
  return sentences;
}

/** Whether the period at `dot` closes an abbreviation or an initial rather than a sentence. */
function isAbbreviation(text: string, dot: number): boolean {
  const before = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, dot - 12), dot))?.[1] ?? '';
  if (!before) return false;
  // "U.S", "a.m", "J": dotted or one-letter forms.
  if (before.includes('.') || /^\p{Lu}$/u.test(before)) return true;
  return ABBREVIATIONS.has(before.toLowerCase());
}

/**
 * The comparison key of a word: lower-cased, possessive and apostrophes
 * dropped, Porter-stemmed (the stemmer of the rewritten-reuse stage, so the
 * card emphasises the words the matcher compared), so "relocated" and
 * "relocation" meet. Numbers are kept as written.
 */
export function stemWord(word: string): string {
  const w = word.toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '');
  return /\d/.test(w) ? w : porterStem(w);
}

/** The content words of `text` (not function words, not single letters), with offsets. */
export function contentWords(text: string): ContentWord[] {
  const words: ContentWord[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:['’.,][\p{L}\p{N}]+)*/gu)) {
    const raw = match[0].normalize('NFKC');
    const lower = raw.toLowerCase();
    if (STOPWORDS.has(lower) || (lower.length === 1 && !/\d/.test(lower))) continue;
    words.push({ start: match.index, end: match.index + match[0].length, stem: stemWord(raw) });
  }
  return words;
}

/**
 * How many distinct content words of `pageText` also occur in `sourceText`
 * (compared by stem), out of how many it has. "Shares 14 of 22 content words"
 * is a figure a reader can check against the emphasised words, and it stays
 * high for a faithful paraphrase, where a word diff reads as mostly changed.
 */
export function contentWordOverlap(pageText: string, sourceText: string): WordOverlap {
  const page = new Set(contentWords(pageText).map((w) => w.stem));
  const source = new Set(contentWords(sourceText).map((w) => w.stem));
  let shared = 0;
  for (const stem of page) if (source.has(stem)) shared++;
  return { shared, total: page.size };
}

interface AnalysedSentence {
  sentence: Sentence;
  words: ContentWord[];
  stems: Set<string>;
}

function analyse(text: string): AnalysedSentence[] {
  return splitSentences(text).map((sentence) => {
    const words = contentWords(sentence.text).map((w) => ({ ...w, start: w.start + sentence.start, end: w.end + sentence.start }));
    return { sentence, words, stems: new Set(words.map((w) => w.stem)) };
  });
}

function intersectionSize(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let n = 0;
  for (const stem of a) if (b.has(stem)) n++;
  return n;
}

/**
 * Pairs every sentence of the page's passage, in page order, with the source
 * sentence it most resembles (Dice coefficient over distinct content words,
 * ties to the one sharing more words, then the earlier one), plus further
 * source sentences that cover shared words the first does not (a page sentence
 * merged or condensed from several). Several page sentences may pair with one
 * source sentence (a source sentence split in two).
 */
export function pairSentences(pageText: string, sourceText: string): SentencePair[] {
  const sources = analyse(sourceText);
  return analyse(pageText).map((page) => {
    const scored = sources
      .map((source, index) => {
        const shared = intersectionSize(page.stems, source.stems);
        const dice = shared === 0 ? 0 : (2 * shared) / (page.stems.size + source.stems.size);
        return { source, index, shared, dice };
      })
      .filter((s) => s.shared >= MIN_SHARED)
      .sort((a, b) => b.dice - a.dice || b.shared - a.shared || a.index - b.index);
    // The best sentence must resemble the page sentence as a whole; a further one
    // only has to add words the others do not cover (it is a part of a merge).
    if (scored[0] && scored[0].dice < MIN_DICE) scored.length = 0;
    const chosen: typeof scored = [];
    const covered = new Set<string>();
    for (const candidate of scored) {
      if (chosen.length === MAX_SOURCES) break;
      const fresh = [...candidate.source.stems].filter((stem) => page.stems.has(stem) && !covered.has(stem)).length;
      if (chosen.length > 0 && fresh < MIN_EXTRA_SHARED) continue;
      chosen.push(candidate);
      for (const stem of candidate.source.stems) if (page.stems.has(stem)) covered.add(stem);
    }
    chosen.sort((a, b) => a.index - b.index);
    return {
      page: page.sentence,
      sources: chosen.map((c) => c.source.sentence),
      sharedWords: covered.size,
      pageWords: page.stems.size,
      pageShared: page.words.filter((w) => covered.has(w.stem)).map(({ start, end }) => ({ start, end })),
      sourceShared: chosen.flatMap((c) => c.source.words.filter((w) => page.stems.has(w.stem)).map(({ start, end }) => ({ start, end }))),
    };
  });
}

/** What the hover card shows of a rewritten passage, worked out where the stemmer already is (the background). */
export interface RewriteExplanation {
  /** Content words of the page's passage found in the source passage. */
  overlap: WordOverlap;
  /** The passage's sentences beside the source's (`pairSentences`). */
  pairs: SentencePair[];
}

/** The explanation of a rewritten passage whose page text is `pageText` and source text `sourceText`. */
export function explainRewrite(pageText: string, sourceText: string): RewriteExplanation {
  return { overlap: contentWordOverlap(pageText, sourceText), pairs: pairSentences(pageText, sourceText) };
}
