/**
 * In-process measurements: index build/size/load/memory, matcher throughput and
 * recall, and the naive fuse.js baseline on the same pages.
 */
import Fuse from 'fuse.js';
import { buildIndex } from '../lib/build-index';
import { decodeIndex, encodeIndex, type IndexData } from '../lib/index-format';
import { DocumentTokenCache, findMatches, type MatchSpan } from '../lib/matcher';
import { tokenizeWords } from '../lib/tokenize';
import type { BenchCorpus } from './corpora';
import { median, memoryDelta, memoryNow, timeMedian, timeOnce } from './measure';
import { scoreRecall, type BenchPage, type Recall } from './pages';

/** Index facts of one corpus. */
export interface IndexResult {
  readonly corpus: string;
  readonly documents: number;
  /** Corpus words as the tokenizer counts them. */
  readonly words: number;
  readonly buildMs: number;
  readonly buildRuns: number;
  readonly bytes: number;
  readonly decodeMs: number;
  readonly decodeRuns: number;
  /** Memory held by the decoded index (its bytes plus the parsed documents). */
  readonly heapBytes: number;
  readonly arrayBufferBytes: number;
  /** Memory added by the document token cache after matching the largest page. */
  readonly tokenCacheBytes: number;
}

/** Matcher cost and recall on one page against one corpus. */
export interface ThroughputResult {
  readonly corpus: string;
  /** The page size asked for (1k, 10k, 100k); `pageWords` is what the tokenizer counts on it. */
  readonly targetWords: number;
  readonly pageWords: number;
  /** Median time with a fresh token cache (as after the background starts). */
  readonly coldMs: number;
  readonly coldRuns: number;
  /** Median time with the token cache filled by earlier pages (a long-lived background). */
  readonly warmMs: number;
  readonly warmRuns: number;
  readonly recall: Recall;
  readonly spans: number;
}

/** fuse.js cost on a sample of one page's sentences. */
export interface FuseResult {
  readonly corpus: string;
  /** The page size asked for; see `ThroughputResult`. */
  readonly targetWords: number;
  readonly pageWords: number;
  readonly corpusSentences: number;
  /** Corpus sentences in the Fuse index: all of them, or an evenly spread subset (see `createFuse`). */
  readonly indexedSentences: number;
  readonly pageSentences: number;
  readonly sampledSentences: number;
  readonly sampledWords: number;
  /** Median time to search the sample, scaled to the whole corpus when only a subset is indexed. */
  readonly sampleMs: number;
  readonly runs: number;
}

/** Timing repetitions: fewer where one run is long. */
export interface Repetitions {
  readonly build: number;
  readonly decode: number;
  readonly cold: number;
  readonly warm: number;
  readonly fuse: number;
}

/** Builds, encodes and decodes the index of `corpus`, measuring each step. */
export function measureIndex(corpus: BenchCorpus, reps: Repetitions): { result: Omit<IndexResult, 'tokenCacheBytes'>; bytes: Uint8Array; index: IndexData } {
  let built: IndexData | undefined;
  const buildMs = timeMedian(reps.build, () => (built = buildIndex(corpus.documents)));
  const bytes = encodeIndex(built!);
  const decodeMs = timeMedian(reps.decode, () => decodeIndex(bytes));
  // What the background holds: the fetched bytes and the decoded index over them.
  const before = memoryNow();
  const loaded = new Uint8Array(bytes);
  const index = decodeIndex(loaded);
  const held = memoryDelta(before, memoryNow());
  return {
    result: {
      corpus: corpus.key,
      documents: index.info.documentCount,
      words: index.info.wordCount,
      buildMs,
      buildRuns: reps.build,
      bytes: bytes.length,
      decodeMs,
      decodeRuns: reps.decode,
      heapBytes: held.heapUsed,
      arrayBufferBytes: held.arrayBuffers,
    },
    bytes,
    index,
  };
}

/**
 * Matches `page` against `index`: cold (a fresh token cache per run) and warm
 * (the last cache kept across runs), and scores recall on the planted passages.
 * Also returns the memory the kept token cache holds.
 */
export function measureThroughput(
  corpus: string,
  index: IndexData,
  page: BenchPage,
  targetWords: number,
  reps: Repetitions,
): { result: ThroughputResult; cacheBytes: number } {
  const coldTimes: number[] = [];
  let cache: DocumentTokenCache | null = null;
  let spans: MatchSpan[] = [];
  for (let r = 0; r < reps.cold; r++) {
    const fresh = new DocumentTokenCache(index);
    const run = timeOnce(() => findMatches(page.text, index, {}, fresh));
    coldTimes.push(run.ms);
    spans = run.result;
    cache = fresh;
  }
  const warmMs = timeMedian(reps.warm, () => findMatches(page.text, index, {}, cache!));
  const withCache = memoryNow();
  cache = null;
  const withoutCache = memoryNow();
  const freed = memoryDelta(withoutCache, withCache);
  return {
    result: {
      corpus,
      targetWords,
      pageWords: tokenizeWords(page.text).count,
      coldMs: median(coldTimes),
      coldRuns: reps.cold,
      warmMs,
      warmRuns: reps.warm,
      recall: scoreRecall(page, spans),
      spans: spans.length,
    },
    cacheBytes: freed.heapUsed + freed.arrayBuffers,
  };
}

/** Sentences of a text: split after ., ! or ? (and closing quotes) and at line breaks. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?]["”’)]?)\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));
}

/** The naive baseline: a Fuse index of corpus sentences. */
export interface FuseBaseline {
  readonly fuse: Fuse<string>;
  readonly corpusSentences: number;
  readonly indexedSentences: number;
}

/**
 * A Fuse index of the corpus sentences. Above `maxSentences`, only an evenly
 * spread subset is indexed: a Fuse search scores every indexed sentence the same
 * way, so its time grows linearly with their number and is scaled up to the
 * whole corpus (searching all 300,000 sentences of the synthetic corpus takes
 * minutes per page sentence).
 */
export function createFuse(corpus: BenchCorpus, maxSentences: number): FuseBaseline {
  const sentences = corpus.documents.flatMap((doc) => splitSentences(doc.text));
  const count = Math.min(sentences.length, maxSentences);
  const indexed = Array.from({ length: count }, (_, i) => sentences[Math.floor((i * sentences.length) / count)]!);
  return {
    fuse: new Fuse(indexed, { threshold: 0.3, ignoreLocation: true, includeScore: true }),
    corpusSentences: sentences.length,
    indexedSentences: count,
  };
}

/**
 * Searches a sample of the page's sentences against the corpus sentences, one
 * Fuse query per sentence. Fuse cost is per sentence, so a sample sized to about
 * `budgetMs` per run (at least 3 sentences) gives its words per second; the
 * sample is spread evenly over the page.
 */
export function measureFuse(
  corpus: string,
  baseline: FuseBaseline,
  page: BenchPage,
  targetWords: number,
  reps: Repetitions,
  budgetMs: number,
): FuseResult {
  const sentences = splitSentences(page.text);
  const search = (sentence: string): void => {
    baseline.fuse.search(sentence, { limit: 1 });
  };
  const probe = timeOnce(() => sentences.slice(0, 3).forEach(search)).ms / Math.min(3, sentences.length);
  const count = Math.max(3, Math.min(sentences.length, Math.round(budgetMs / Math.max(probe, 1e-3))));
  const sample = Array.from({ length: count }, (_, i) => sentences[Math.floor((i * sentences.length) / count)]!);
  const sampleMs = timeMedian(reps.fuse, () => sample.forEach(search));
  return {
    corpus,
    targetWords,
    pageWords: tokenizeWords(page.text).count,
    corpusSentences: baseline.corpusSentences,
    indexedSentences: baseline.indexedSentences,
    pageSentences: sentences.length,
    sampledSentences: sample.length,
    sampledWords: sample.reduce((sum, sentence) => sum + tokenizeWords(sentence).count, 0),
    sampleMs: (sampleMs * baseline.corpusSentences) / baseline.indexedSentences,
    runs: reps.fuse,
  };
}
