/**
 * Acceptance tests of the matcher. The corpus paragraphs below are copied verbatim
 * (typography included) from the shipped corpus articles; the page texts around them
 * are written for these tests and share no sentence with the corpus.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIndex } from './build-index';
import type { CorpusDocument } from './corpus';
import { hashKgrams } from './fingerprint';
import { findPostings, type IndexData } from './index-format';
import { DEFAULT_MATCH_OPTIONS } from './match-options';
import { DocumentTokenCache, findMatches, strongestPerRegion, type MatchOptions, type MatchSpan } from './matcher';
import type { Candidate } from './rewrite/stage';
import { normalizeText } from './normalize';
import { tokenizeWords } from './tokenize';

/** Property runs are CPU-bound; allow for a loaded machine (this is not a timing assertion). */
const PROPERTY_TIMEOUT = { timeout: 60_000 };

// --- Corpus: paragraphs of the shipped articles ------------------------------------------

const KELLY =
  'State Department spokesman Ian Kelly said Friday that Washington hopes the Mujahedin Khalq Organization (MKO) will be treated humanely and do not end up in a country where they could be harmed following their removal from their bases at Camp Ashraf.';
const MALIKI =
  'His comments come after Iraqi Prime Minister Nouri al-Maliki said Thursday that his government has decided to relocate the terrorist group to a remote area in the southern part of the country before expelling them once and for all.';
const REFUGE =
  'The Mujahedin Khalq Organization, which blended elements of Marxism, Stalinism, and Feminism, took refuge in Iraq after they were exiled from Iran in the 1980’s on charges of terrorism.';
const RESIDED =
  'They resided in Camp Ashraf in northern Baghdad for the past two decades and were lucky enough to receive protected status following the US-led invasion of Iraq in 2003.';
const CONTROL =
  'However, control of the camp was handed over to Iraqi forces earlier this year and the Baghdad government stepped up efforts to expel the anti-Iran terrorists.';

const ORDERED =
  'The Iraqi government has ordered main members of the Mujahedin Khalq Organization (MKO) currently residing in Iraq to leave the country.';
const ANNOUNCED =
  'Baghdad announced in a statement on Sunday that MKO members at Camp Ashraf must close their training ground and leave in a”non-forcible”manner.';
const BLACKLISTED = 'The MKO has been blacklisted as a terrorist organization by both the United States and the European Union.';
/** 26 words. */
const INVOLVED =
  'It was involved in terrorist operations against Iranian and Iraqi nationals following the Islamic Revolution of 1979 and during the Iraq-Iran war from 1980-88.';
const OFFICIALS =
  'Iraqi government officials believe the terrorist group is playing a significant role in fueling violence and insecurity in their country. They have banned dealing with members of the MKO and have called on the US to end its support for the group.';

// These two sentences appear word for word in both of the last two articles.
const STRONGHOLD =
  'The MKO, whose main stronghold is in Iraq, is blacklisted by much of the international community, including the United States.';
const OVERTURE =
  'Before an overture by the EU, the MKO was on the European Union’s list of terrorist organizations subject to an EU-wide assets freeze.';

const DOCS: CorpusDocument[] = [
  {
    id: 'us-urges-iraq',
    title: 'US urges Iraq to treat MKO humanely',
    text: [KELLY, MALIKI, REFUGE, RESIDED, CONTROL].join('\n'),
  },
  {
    id: 'iraq-wants-departure',
    title: 'Iraq wants departure of MKO terrorists',
    text: `Iraq wants departure of MKO terrorists\n\n${ORDERED}\n\n${ANNOUNCED}\n\n${BLACKLISTED} ${INVOLVED}\n\n${OFFICIALS}`,
  },
  {
    id: 'iran-to-pursue',
    title: 'Iran to Pursue Expulsion of MKO after Formation of Iraqi Gov’t',
    text:
      'Iraq’s security forces took control of Camp Ashraf and detained dozens of the members of the terrorist group last year. The Iraqi authority also changed the name of the military center from Camp Ashraf to the Camp of New Iraq.\n\n' +
      `${STRONGHOLD}\n\n${OVERTURE} Yet, the MKO puppet leader, Maryam Rajavi, who has residency in France, regularly visited Brussels and despite the ban enjoyed full freedom in Europe.\n\n` +
      'Some other ranking members of the MKO who have had a role in the assassination of a large number of Iranian citizens and officials are currently living in France.',
  },
  {
    id: 'diyala-residents',
    title: 'Diyala residents condemn MKO crimes',
    text:
      'The residents of Diyala province in Iraq condemned the crimes committed by the anti-Iran terrorist Mojahedin-e Khalq Organization (MKO, also known as the MEK and PMOI) against the Iranian and Iraqi nations, and underlined the necessity for the rapid expulsion of the terrorist group from Iraq.\n' +
      `${STRONGHOLD}\n${OVERTURE} Yet Maryam Rajavi, who has residency in France, regularly visited Brussels and despite the ban enjoyed full freedom in Europe.\n` +
      'Many of the MKO members abandoned the terrorist organization while most of those still remaining in the camp are said to be willing to quit but are under pressure and torture not to do so.',
  },
];
const INDEX = buildIndex(DOCS);
/** `index` (by default `INDEX`) with every document text read recorded in `read` (document numbers). */
function readCounting(read: Set<number>, index: IndexData = INDEX): IndexData {
  return {
    ...index,
    documents: index.documents.map((doc, d) => {
      const copy = { ...doc };
      Object.defineProperty(copy, 'text', {
        enumerable: true,
        get: () => {
          read.add(d);
          return doc.text;
        },
      });
      return copy;
    }),
  };
}

const docText = (id: string): string => DOCS.find((doc) => doc.id === id)!.text;

// --- Page texts written for these tests ----------------------------------------------------

const COUNCIL =
  'The city council approved a revised budget on Tuesday evening after a four-hour session that ran well past midnight. Councillors agreed to raise spending on road repairs by twelve percent while freezing new hires in the parks department.';
const FOOTBALL =
  'In the second half the visitors pressed high and their captain curled a free kick into the top corner. The home side never recovered, and supporters began leaving the stadium long before the final whistle.';
const WEATHER =
  'Forecasters expect a band of heavy rain to move in from the west overnight, with gusts strong enough to bring down branches. Temperatures should recover by the weekend, although showers will linger along the coast.';
const MARKETS =
  'Shares in regional banks slipped for a third straight day as investors weighed the chance of another rate rise. Analysts said lending to small businesses had slowed sharply since the spring.';
const OWN = [COUNCIL, FOOTBALL, WEATHER, MARKETS];

/** Same names and subject as the corpus, different sentences. */
const SAME_TOPIC = `Baghdad — The future of Camp Ashraf remained uncertain on Sunday as Iraqi officials and representatives of the Mujahedin Khalq Organization (MKO) traded accusations over a planned transfer of the camp’s residents.

Iraqi Prime Minister Nouri al-Maliki told reporters in Baghdad that his cabinet would not tolerate armed foreign groups on Iraqi soil, while a spokesman for the group said its members in Diyala province feared for their safety.

The United States and the European Union have both removed the MKO from their lists of terrorist organizations in recent years, a decision that angered officials in Tehran. Iran has long accused the group of killing thousands of Iranians since the Islamic Revolution of 1979.

State Department spokesman Ian Kelly declined on Friday to say whether Washington had received written guarantees from the Iraqi government about the residents of Camp Ashraf. Human Rights Watch urged all sides to avoid violence.

Residents of Baqubah and other towns in Diyala province said they wanted the camp closed and its members sent to a third country, but several families of members of the MKO asked the United Nations to intervene before any relocation of the group to the southern province of Muthanna.`;

// --- Helpers ----------------------------------------------------------------------------------

/** A page made of `parts` joined by spaces, with the character range of each part. */
function page(...parts: string[]): { text: string; ranges: { start: number; end: number }[] } {
  let text = '';
  const ranges: { start: number; end: number }[] = [];
  for (const part of parts) {
    if (text) text += ' ';
    ranges.push({ start: text.length, end: text.length + part.length });
    text += part;
  }
  return { text, ranges };
}

/** The range of `sentence` inside `text` from its first word to its last word, final punctuation excluded. */
function wordRange(text: string, sentence: string, from = 0): { start: number; end: number } {
  const at = text.indexOf(sentence, from);
  expect(at).toBeGreaterThanOrEqual(0);
  const tokens = tokenizeWords(sentence);
  return { start: at + tokens.starts[0]!, end: at + tokens.ends[tokens.count - 1]! };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Span offsets start and end on word boundaries, on the page and in the document. */
function expectWordBoundaries(span: MatchSpan, pageText: string): void {
  const check = (text: string, start: number, end: number): void => {
    expect(start).toBeLessThan(end);
    expect(text[start]).toMatch(WORD_CHAR);
    expect(text[end - 1]).toMatch(WORD_CHAR);
    if (start > 0) expect(text[start - 1]).not.toMatch(WORD_CHAR);
    if (end < text.length) expect(text[end]).not.toMatch(WORD_CHAR);
    const tokens = tokenizeWords(text);
    expect(Array.from(tokens.starts)).toContain(start);
    expect(Array.from(tokens.ends)).toContain(end);
  };
  check(pageText, span.pageStart, span.pageEnd);
  check(docText(span.docId), span.docStart, span.docEnd);
}

/** Span fields agree with each other and with the texts they point into. */
function expectConsistent(span: MatchSpan, pageText: string, opts: MatchOptions = DEFAULT_MATCH_OPTIONS): void {
  expectWordBoundaries(span, pageText);
  expect(span.pageWords).toBe(tokenizeWords(pageText.slice(span.pageStart, span.pageEnd)).count);
  expect(span.docWords).toBe(tokenizeWords(docText(span.docId).slice(span.docStart, span.docEnd)).count);
  expect(span.matchedWords).toBeGreaterThanOrEqual(opts.minWords);
  expect(span.matchedWords).toBeLessThanOrEqual(Math.min(span.pageWords, span.docWords));
  expect(span.similarity).toBeCloseTo((2 * span.matchedWords) / (span.pageWords + span.docWords), 3);
  expect(span.similarity).toBeGreaterThanOrEqual(opts.minSimilarity);
  expect(span.similarity).toBeLessThanOrEqual(1);
}

const norm = (text: string): string => normalizeText(text).text;

// --- Tests ------------------------------------------------------------------------------------

describe('findMatches: verbatim reuse', () => {
  it('finds a verbatim corpus sentence as one span covering exactly its words', () => {
    const { text } = page(COUNCIL, RESIDED, FOOTBALL);
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    const [span] = spans;
    const expected = wordRange(text, RESIDED);
    expect(span).toMatchObject({ docId: 'us-urges-iraq', pageStart: expected.start, pageEnd: expected.end, similarity: 1 });
    expect(text.slice(span!.pageStart, span!.pageEnd)).toBe(RESIDED.slice(0, -1));
    expect(docText('us-urges-iraq').slice(span!.docStart, span!.docEnd)).toBe(RESIDED.slice(0, -1));
    expect(span).toMatchObject({ matchedWords: 30, pageWords: 30, docWords: 30 });
    expectConsistent(span!, text);
  });

  it('finds a verbatim sentence standing in its own paragraph between unrelated paragraphs', () => {
    const text = `${WEATHER}\n\n${CONTROL}\n\n${MARKETS}`;
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ docId: 'us-urges-iraq', ...wordRangeAs(text, CONTROL) });
  });

  it('finds a page that is nothing but a corpus sentence', () => {
    const spans = findMatches(ORDERED, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ docId: 'iraq-wants-departure', pageStart: 0, pageEnd: ORDERED.length - 1, similarity: 1 });
  });

  it('finds each of several reused sentences scattered through a page, in page order', () => {
    const { text } = page(COUNCIL, KELLY, FOOTBALL, ORDERED, WEATHER, OVERTURE.replace('Before an', 'before an'), MARKETS);
    const spans = findMatches(text, INDEX);
    const byDoc = spans.map((span) => [span.docId, text.slice(span.pageStart, span.pageEnd)]);
    expect(byDoc).toEqual([
      ['us-urges-iraq', KELLY.slice(0, -1)],
      ['iraq-wants-departure', ORDERED.slice(0, -1)],
      ['diyala-residents', OVERTURE.slice(0, -1).replace('Before an', 'before an')],
      ['iran-to-pursue', OVERTURE.slice(0, -1).replace('Before an', 'before an')],
    ]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.pageStart).toBeGreaterThanOrEqual(spans[i - 1]!.pageStart);
    for (const span of spans) expectConsistent(span, text);
  });

  it('finds the same sentence each time it is repeated on the page', () => {
    const { text } = page(RESIDED, COUNCIL, RESIDED);
    const spans = findMatches(text, INDEX);
    expect(spans.map((s) => [s.pageStart, s.pageEnd])).toEqual([
      [wordRange(text, RESIDED).start, wordRange(text, RESIDED).end],
      [wordRange(text, RESIDED, 1).start, wordRange(text, RESIDED, 1).end],
    ]);
  });

  it('finds a sentence repeated back to back as two spans, not one stretched across both', () => {
    const { text } = page(COUNCIL, RESIDED, RESIDED, FOOTBALL);
    const spans = findMatches(text, INDEX);
    expect(spans.map((s) => text.slice(s.pageStart, s.pageEnd))).toEqual([RESIDED.slice(0, -1), RESIDED.slice(0, -1)]);
    expect(spans[0]!.pageStart).toBe(wordRange(text, RESIDED).start);
  });
});

/** `wordRange` as `{ pageStart, pageEnd }`. */
function wordRangeAs(text: string, sentence: string): { pageStart: number; pageEnd: number } {
  const range = wordRange(text, sentence);
  return { pageStart: range.start, pageEnd: range.end };
}

describe('findMatches: edited reuse', () => {
  it('covers a lightly edited sentence (one word dropped, one replaced, one inserted) with one span', () => {
    // Dropped "two", replaced "lucky" by "fortunate", inserted "legal".
    const edited =
      'They resided in Camp Ashraf in northern Baghdad for the past decades and were fortunate enough to receive protected legal status following the US-led invasion of Iraq in 2003.';
    const { text } = page(COUNCIL, edited, FOOTBALL);
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ docId: 'us-urges-iraq', ...wordRangeAs(text, edited) });
    expect(docText('us-urges-iraq').slice(spans[0]!.docStart, spans[0]!.docEnd)).toBe(RESIDED.slice(0, -1));
    expect(spans[0]).toMatchObject({ matchedWords: 28, pageWords: 30, docWords: 30 });
    expect(spans[0]!.similarity).toBeLessThan(1);
    expectConsistent(spans[0]!, text);
  });

  it('covers a heavily edited sentence (3 of 26 words substituted) with one span of similarity below 1', () => {
    // terrorist → violent, nationals → citizens, Revolution → uprising.
    const edited =
      'It was involved in violent operations against Iranian and Iraqi citizens following the Islamic uprising of 1979 and during the Iraq-Iran war from 1980-88.';
    const { text } = page(WEATHER, edited, FOOTBALL);
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ docId: 'iraq-wants-departure', ...wordRangeAs(text, edited) });
    expect(docText('iraq-wants-departure').slice(spans[0]!.docStart, spans[0]!.docEnd)).toBe(INVOLVED.slice(0, -1));
    expect(spans[0]).toMatchObject({ matchedWords: 23, pageWords: 26, docWords: 26, similarity: 0.885 });
    expectConsistent(spans[0]!, text);
  });

  it('covers another 27-word sentence with three scattered substitutions', () => {
    const edited =
      'However, control of the base was handed over to Iraqi troops earlier this year and the Baghdad administration stepped up efforts to expel the anti-Iran terrorists.';
    const { text } = page(MARKETS, edited, WEATHER);
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ docId: 'us-urges-iraq', ...wordRangeAs(text, edited), matchedWords: 24 });
    expect(spans[0]!.similarity).toBeLessThan(1);
  });

  it('covers a long reused passage with an edit every few words as one span', () => {
    const edited =
      'His remarks came after Iraqi Prime Minister Nouri al-Maliki said on Thursday that his cabinet had decided to move the terrorist group to a distant area in the southern part of the nation before expelling them once and for all.';
    const { text } = page(COUNCIL, edited, WEATHER);
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]!.docId).toBe('us-urges-iraq');
    // The opening "His" is followed by an edit, so local alignment may start at "remarks"/"came"; it must end at the last word.
    expect(spans[0]!.pageEnd).toBe(wordRange(text, edited).end);
    expect(spans[0]!.pageStart).toBeLessThanOrEqual(text.indexOf('Iraqi Prime'));
    expect(spans[0]!.similarity).toBeLessThan(1);
    expectConsistent(spans[0]!, text);
  });
});

describe('findMatches: several sources and adjacent passages', () => {
  it('reports a passage found in two corpus documents once for each document', () => {
    const { text } = page(FOOTBALL, STRONGHOLD, WEATHER);
    const spans = findMatches(text, INDEX);
    expect(spans.map((s) => s.docId).sort()).toEqual(['diyala-residents', 'iran-to-pursue']);
    for (const span of spans) {
      expect(span).toMatchObject({ ...wordRangeAs(text, STRONGHOLD), similarity: 1 });
      expect(docText(span.docId).slice(span.docStart, span.docEnd)).toBe(STRONGHOLD.slice(0, -1));
      expectConsistent(span, text);
    }
  });

  it('reports a passage once per document even when that document contains it twice', () => {
    const index = buildIndex([{ id: 'repeats', title: 'Repeats', text: `${RESIDED}\n\nA short note on the camp.\n\n${RESIDED}` }]);
    const { text } = page(COUNCIL, RESIDED, FOOTBALL);
    const spans = findMatches(text, index);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ docId: 'repeats', ...wordRangeAs(text, RESIDED) });
  });

  it('merges sentences that are adjacent both on the page and in the source into one span', () => {
    const { text } = page(COUNCIL, REFUGE, RESIDED, WEATHER);
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({
      docId: 'us-urges-iraq',
      pageStart: wordRange(text, REFUGE).start,
      pageEnd: wordRange(text, RESIDED).end,
      similarity: 1,
      matchedWords: 59,
    });
    expect(norm(docText('us-urges-iraq').slice(spans[0]!.docStart, spans[0]!.docEnd))).toBe(norm(REFUGE + ' ' + RESIDED));
    expectConsistent(spans[0]!, text);
  });

  it('merges adjacent sentences across a paragraph break on the page', () => {
    const text = `${COUNCIL}\n\n${RESIDED}\n\n${CONTROL}\n\n${WEATHER}`;
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ pageStart: wordRange(text, RESIDED).start, pageEnd: wordRange(text, CONTROL).end });
  });

  it('merges a long run of four adjacent reused sentences into one span', () => {
    const { text } = page(MARKETS, MALIKI, REFUGE, RESIDED, CONTROL, FOOTBALL);
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ pageStart: wordRange(text, MALIKI).start, pageEnd: wordRange(text, CONTROL).end, similarity: 1 });
  });

  it('keeps separate spans for sentences adjacent on the page but far apart in the source', () => {
    const { text } = page(COUNCIL, KELLY, CONTROL, WEATHER);
    const spans = findMatches(text, INDEX);
    expect(spans.map((s) => [s.pageStart, s.pageEnd])).toEqual([
      [wordRange(text, KELLY).start, wordRange(text, KELLY).end],
      [wordRange(text, CONTROL).start, wordRange(text, CONTROL).end],
    ]);
  });

  it('keeps separate spans for two sentences quoted in the reverse of their source order', () => {
    const { text } = page(COUNCIL, RESIDED, REFUGE, WEATHER);
    const spans = findMatches(text, INDEX);
    expect(spans.map((s) => text.slice(s.pageStart, s.pageEnd))).toEqual([RESIDED.slice(0, -1), REFUGE.slice(0, -1)]);
  });

  it('keeps separate spans for adjacent sentences from two different documents', () => {
    const { text } = page(COUNCIL, RESIDED, ORDERED, WEATHER);
    const spans = findMatches(text, INDEX);
    expect(spans.map((s) => [s.docId, text.slice(s.pageStart, s.pageEnd)])).toEqual([
      ['us-urges-iraq', RESIDED.slice(0, -1)],
      ['iraq-wants-departure', ORDERED.slice(0, -1)],
    ]);
  });
});

describe('findMatches: precision', () => {
  it('finds nothing in unrelated news text', () => {
    expect(findMatches(OWN.join('\n\n'), INDEX)).toEqual([]);
  });

  it('finds nothing in empty or punctuation-only text', () => {
    expect(findMatches('', INDEX)).toEqual([]);
    expect(findMatches(' — “” … ', INDEX)).toEqual([]);
  });

  it('finds nothing in original reporting on the same topic with the same names', () => {
    expect(findMatches(SAME_TOPIC, INDEX)).toEqual([]);
    expect(findMatches(`${SAME_TOPIC}\n\n${COUNCIL}`, INDEX)).toEqual([]);
  });

  it('finds in same-topic reporting only the reused sentence embedded in it', () => {
    const text = SAME_TOPIC.replace('Human Rights Watch urged', `${ORDERED} Human Rights Watch urged`);
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ docId: 'iraq-wants-departure', ...wordRangeAs(text, ORDERED) });
  });

  it('ignores a run of names and function words shared with the corpus', () => {
    const text = `${COUNCIL} The sanctions were backed by both the United States and the European Union, diplomats said. ${FOOTBALL}`;
    expect(findMatches(text, INDEX)).toEqual([]);
    const names = `${WEATHER} Critics of the Mujahedin Khalq Organization (MKO) at Camp Ashraf spoke. ${MARKETS}`;
    expect(findMatches(names, INDEX)).toEqual([]);
  });

  it('ignores a 7-word verbatim run', () => {
    // "took refuge in Iraq after they were" is 7 consecutive words of the corpus.
    const text = `${COUNCIL} Officials said the group took refuge in Iraq after they were pushed out by rivals. ${FOOTBALL}`;
    expect(findMatches(text, INDEX)).toEqual([]);
  });

  it('reports an 8-word verbatim run with 3 descriptive words, covering only those words', () => {
    const text = `${COUNCIL} Officials said the group took refuge in Iraq after they were exiled, and nobody disputed it. ${FOOTBALL}`;
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(text.slice(spans[0]!.pageStart, spans[0]!.pageEnd)).toBe('took refuge in Iraq after they were exiled');
    expect(spans[0]!.matchedWords).toBe(8);
  });
});

describe('findMatches: options', () => {
  const eightWords = `${COUNCIL} Officials said the group took refuge in Iraq after they were exiled, and nobody disputed it. ${FOOTBALL}`;
  const sevenWords = `${COUNCIL} Officials said the group took refuge in Iraq after they were pushed out by rivals. ${FOOTBALL}`;
  const heavy = page(
    WEATHER,
    'It was involved in violent operations against Iranian and Iraqi citizens following the Islamic uprising of 1979 and during the Iraq-Iran war from 1980-88.',
    FOOTBALL,
  ).text;

  it('honours minWords', () => {
    expect(findMatches(eightWords, INDEX, { minWords: 8 })).toHaveLength(1);
    expect(findMatches(eightWords, INDEX, { minWords: 9 })).toEqual([]);
    // Only two descriptive words (took, refuge) in the 7-word run.
    expect(findMatches(sevenWords, INDEX, { minWords: 7, minDescriptiveWords: 2 })).toHaveLength(1);
    expect(findMatches(sevenWords, INDEX, { minWords: 8, minDescriptiveWords: 2 })).toEqual([]);
    expect(findMatches(page(COUNCIL, RESIDED).text, INDEX, { minWords: 30 })).toHaveLength(1);
    expect(findMatches(page(COUNCIL, RESIDED).text, INDEX, { minWords: 31 })).toEqual([]);
  });

  it('honours minSimilarity', () => {
    expect(findMatches(heavy, INDEX, { minSimilarity: 0.88 })).toHaveLength(1);
    expect(findMatches(heavy, INDEX, { minSimilarity: 0.89 })).toEqual([]);
    expect(findMatches(page(COUNCIL, RESIDED).text, INDEX, { minSimilarity: 1 })).toHaveLength(1);
  });

  it('honours minDescriptiveWords', () => {
    // took, refuge, exiled: three lower-case content words.
    expect(findMatches(eightWords, INDEX, { minDescriptiveWords: 3 })).toHaveLength(1);
    expect(findMatches(eightWords, INDEX, { minDescriptiveWords: 4 })).toEqual([]);
    const names = `${COUNCIL} The sanctions were backed by both the United States and the European Union, diplomats said.`;
    expect(findMatches(names, INDEX, { minDescriptiveWords: 0 })).toHaveLength(1);
  });

  it('reports spans that satisfy whatever thresholds are given', () => {
    const text = page(COUNCIL, RESIDED, SAME_TOPIC, STRONGHOLD, heavy).text;
    for (const opts of [
      { minWords: 5, minSimilarity: 0.3, minDescriptiveWords: 1 },
      { minWords: 20, minSimilarity: 0.95 },
      {},
    ]) {
      const spans = findMatches(text, INDEX, opts);
      expect(spans.length).toBeGreaterThan(0);
      for (const span of spans) expectConsistent(span, text, { ...DEFAULT_MATCH_OPTIONS, ...opts });
    }
  });

  it('gives the same result with a shared document token cache as without', () => {
    const cache = new DocumentTokenCache(INDEX);
    const text = page(COUNCIL, RESIDED, STRONGHOLD, heavy).text;
    const first = findMatches(text, INDEX, {}, cache);
    expect(findMatches(text, INDEX, {}, cache)).toEqual(first);
    expect(findMatches(text, INDEX)).toEqual(first);
    expect(cache.get(0)).toBe(cache.get(0));
  });

  it('keeps the tokens of the most recently used documents within its word budget', () => {
    const words = DOCS.map((_, d) => tokenizeWords(DOCS[d]!.text).count);
    // Room for documents 0 and 1 together, not for 2 on top of them.
    const cache = new DocumentTokenCache(INDEX, words[0]! + words[1]!);
    const zero = cache.get(0);
    const one = cache.get(1);
    expect(cache.get(0)).toBe(zero);
    cache.get(2);
    // Document 1 was the least recently used: evicted, tokenized afresh, equal.
    const oneAgain = cache.get(1);
    expect(oneAgain).not.toBe(one);
    expect(oneAgain).toEqual(one);
    expect(cache.text(2)).toBe(DOCS[2]!.text);
  });

  it('keeps every document a page uses until the page ends, then trims to its budget', () => {
    const words = DOCS.map((_, d) => tokenizeWords(DOCS[d]!.text).count);
    const cache = new DocumentTokenCache(INDEX, words[0]! + words[1]!);
    cache.get(0);
    cache.beginPage();
    // Asked whether it has document 0 (it does, cached): the page may rely on it to the end.
    expect(cache.has(0)).toBe(true);
    const one = cache.get(1);
    const two = cache.get(2);
    const three = cache.get(3);
    // Over budget, nothing the page used is evicted.
    expect(cache.get(1)).toBe(one);
    expect(cache.get(2)).toBe(two);
    cache.endPage();
    // Trimmed to the budget, least recently used first (0, 3, then 1): the last one used stays.
    expect(cache.get(2)).toBe(two);
    expect(cache.get(3)).not.toBe(three);
    expect(cache.get(3)).toEqual(three);
  });

  it('reads no text of a candidate document without a promising chain', () => {
    const read = new Set<number>();
    const counted = readCounting(read);
    // KELLY is from document 0 only; "the United States" and "the European Union" seed other documents.
    const filler = 'Our reporter walked along the quiet harbour at dawn, counting gulls and listening to fishermen argue about prices, weather and boats.';
    const text = `${KELLY} ${filler} ${filler} Cooks from the United States and the European Union baked bread.`;
    // The common phrase does seed other documents: they are candidates, just not promising ones.
    const phrase = tokenizeWords('the United States and the European Union');
    const seeded = new Set<number>();
    for (const hash of hashKgrams(phrase.hashes, phrase.flags, INDEX.k)) {
      const [from, to] = findPostings(INDEX, hash);
      for (let p = from; p < to; p++) seeded.add(INDEX.postingDocs[p]!);
    }
    expect([...seeded].filter((d) => d !== 0).length).toBeGreaterThan(0);
    const spans = findMatches(text, counted);
    expect(spans.map((span) => span.docId)).toEqual([DOCS[0]!.id]);
    expect(findMatches(text, INDEX)).toEqual(spans);
    expect([...read]).toEqual([0]);
  });
});

describe('findMatches: offsets and typography', () => {
  it('starts and ends every span on word boundaries of the page and of the document', () => {
    const text = page(
      COUNCIL,
      `“${RESIDED}”`,
      FOOTBALL,
      `(${ORDERED})`,
      'It was involved in violent operations against Iranian and Iraqi citizens following the Islamic uprising of 1979 and during the Iraq-Iran war from 1980-88.',
      STRONGHOLD,
    ).text;
    const spans = findMatches(text, INDEX);
    // RESIDED, ORDERED, the edited INVOLVED, and STRONGHOLD from each of its two documents.
    expect(spans.map((s) => s.docId)).toEqual(['us-urges-iraq', 'iraq-wants-departure', 'iraq-wants-departure', 'diyala-residents', 'iran-to-pursue']);
    for (const span of spans) expectConsistent(span, text);
  });

  it('matches despite case changes, straight apostrophes, soft hyphens and line breaks, covering the original characters', () => {
    const variant =
      'the mujahedin khalq organization, which blended elements of marxism, Stalinism and Feminism, took ref\u00ADuge in Iraq after they were\nexiled from Iran in the 1980\'s on charges of terror\u00ADism.';
    const { text } = page(COUNCIL, variant, FOOTBALL);
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ docId: 'us-urges-iraq', ...wordRangeAs(text, variant) });
    expect(text.slice(spans[0]!.pageStart, spans[0]!.pageEnd)).toBe(variant.slice(0, -1));
    expect(docText('us-urges-iraq').slice(spans[0]!.docStart, spans[0]!.docEnd)).toBe(REFUGE.slice(0, -1));
    expectConsistent(spans[0]!, text);
  });

  it('matches a sentence whose source glues curly quotes to words when the page spaces them out', () => {
    const variant = 'Baghdad announced in a statement on Sunday that MKO members at Camp Ashraf must close their training ground and leave in a "non-forcible" manner.';
    const { text } = page(MARKETS, variant, WEATHER);
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ docId: 'iraq-wants-departure', ...wordRangeAs(text, variant), similarity: 1 });
    expect(docText('iraq-wants-departure').slice(spans[0]!.docStart, spans[0]!.docEnd)).toBe(ANNOUNCED.slice(0, -1));
  });

  it('matches a sentence with non-breaking spaces, zero-width spaces and full-width digits', () => {
    const variant = 'They resided in Camp\u00A0Ashraf in northern Baghdad for the past two\u200B decades and were lucky enough to receive protected status following the US–led invasion of Iraq in ２００３.';
    const { text } = page(COUNCIL, variant, FOOTBALL);
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ ...wordRangeAs(text, variant), similarity: 1 });
    expect(text.slice(spans[0]!.pageEnd - 4, spans[0]!.pageEnd)).toBe('２００３');
  });

  it('matches a sentence reprinted in capitals', () => {
    const { text } = page(COUNCIL, RESIDED.toUpperCase(), FOOTBALL);
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ docId: 'us-urges-iraq', ...wordRangeAs(text, RESIDED.toUpperCase()), similarity: 1 });
  });

  it('matches a sentence reprinted in title case', () => {
    const titled = RESIDED.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase());
    const { text } = page(COUNCIL, titled, FOOTBALL);
    const spans = findMatches(text, INDEX);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ docId: 'us-urges-iraq', ...wordRangeAs(text, titled) });
  });
});

// --- Property: random pages mixing own paragraphs and (restyled) corpus sentences ------------

const REUSABLE: { sentence: string; docs: string[] }[] = [
  { sentence: KELLY, docs: ['us-urges-iraq'] },
  { sentence: MALIKI, docs: ['us-urges-iraq'] },
  { sentence: REFUGE, docs: ['us-urges-iraq'] },
  { sentence: RESIDED, docs: ['us-urges-iraq'] },
  { sentence: CONTROL, docs: ['us-urges-iraq'] },
  { sentence: ORDERED, docs: ['iraq-wants-departure'] },
  { sentence: INVOLVED, docs: ['iraq-wants-departure'] },
  { sentence: STRONGHOLD, docs: ['iran-to-pursue', 'diyala-residents'] },
  { sentence: OVERTURE, docs: ['iran-to-pursue', 'diyala-residents'] },
];

/** Typography that must not matter: quotes, soft hyphens, line breaks, first-letter case. */
const restyle = fc.record({
  straightQuotes: fc.boolean(),
  softHyphen: fc.boolean(),
  lineBreaks: fc.boolean(),
  lowerFirst: fc.boolean(),
});
function applyStyle(sentence: string, style: { straightQuotes: boolean; softHyphen: boolean; lineBreaks: boolean; lowerFirst: boolean }): string {
  let out = sentence;
  if (style.straightQuotes) out = out.replace(/’/g, "'");
  if (style.softHyphen) out = out.replace(/\b(\p{L}{4})(\p{L}{4,})\b/gu, '$1\u00AD$2');
  if (style.lineBreaks) out = out.replace(/ (\p{L}+) /u, '\n$1\n');
  if (style.lowerFirst) out = out[0]!.toLowerCase() + out.slice(1);
  return out;
}

describe('findMatches: properties', PROPERTY_TIMEOUT, () => {
  it('on pages mixing own paragraphs and reused sentences, covers every reused sentence and nothing else', () => {
    const part = fc.oneof(
      fc.record({ own: fc.constantFrom(...OWN) }),
      fc.record({ reused: fc.constantFrom(...REUSABLE), style: restyle }),
    );
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), fc.constantFrom(' ', '\n\n', '\n'), (parts, separator) => {
        let text = '';
        const reused: { start: number; end: number; docs: string[] }[] = [];
        for (const p of parts) {
          if (text) text += separator;
          const piece = 'own' in p ? p.own : applyStyle(p.reused.sentence, p.style);
          if ('reused' in p) {
            const tokens = tokenizeWords(piece);
            reused.push({ start: text.length + tokens.starts[0]!, end: text.length + tokens.ends[tokens.count - 1]!, docs: p.reused.docs });
          }
          text += piece;
        }
        const spans = findMatches(text, INDEX);
        // Every reused sentence is covered, for every document it comes from.
        for (const r of reused) {
          for (const docId of r.docs) {
            expect(spans.some((s) => s.docId === docId && s.pageStart <= r.start && s.pageEnd >= r.end)).toBe(true);
          }
        }
        // Every span is made of reused words: it overlaps a reused sentence and reaches at most
        // a few words past it (local alignment may run on over words that happen to continue
        // the source, e.g. "terrorists. The Iraqi government" against "terrorists\n\nThe
        // Iraqi government" where the headline before a reused sentence ends in "terrorists").
        const pageTokens = tokenizeWords(text);
        for (const span of spans) {
          expect(reused.some((r) => r.start < span.pageEnd && span.pageStart < r.end)).toBe(true);
          let outside = 0;
          for (let i = 0; i < pageTokens.count; i++) {
            const start = pageTokens.starts[i]!;
            if (start < span.pageStart || start >= span.pageEnd) continue;
            if (!reused.some((r) => start >= r.start && start < r.end)) outside++;
          }
          expect(outside).toBeLessThanOrEqual(3);
          expect(span.similarity).toBeGreaterThanOrEqual(0.9);
          expectConsistent(span, text);
        }
        for (let i = 1; i < spans.length; i++) expect(spans[i]!.pageStart).toBeGreaterThanOrEqual(spans[i - 1]!.pageStart);
      }),
      { numRuns: 150 },
    );
  });

  it('finds nothing on pages made only of own paragraphs and same-topic reporting', () => {
    const paragraphs = [...OWN, ...SAME_TOPIC.split('\n\n')];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...paragraphs), { minLength: 1, maxLength: 8 }), (parts) => {
        expect(findMatches(parts.join('\n\n'), INDEX)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('findMatches: candidates pruned from postings alone', () => {
  /** Fingerprint hits of document `docIndex` on `text`. */
  const hitsOf = (text: string, docIndex: number): number => {
    const tokens = tokenizeWords(text);
    let hits = 0;
    for (const hash of hashKgrams(tokens.hashes, tokens.flags, INDEX.k)) {
      const [from, to] = findPostings(INDEX, hash);
      for (let p = from; p < to; p++) if (INDEX.postingDocs[p] === docIndex) hits++;
    }
    return hits;
  };

  it('finds every 8-word verbatim copy that holds a single fingerprint of its document', () => {
    let lone = 0;
    DOCS.forEach((doc, d) => {
      const tokens = tokenizeWords(doc.text);
      for (let from = 0; from + 8 <= tokens.count; from++) {
        let descriptive = 0;
        for (let i = from; i < from + 8; i++) if ((tokens.flags[i]! & 3) === 0) descriptive++;
        const run = doc.text.slice(tokens.starts[from]!, tokens.ends[from + 7]!);
        if (descriptive < DEFAULT_MATCH_OPTIONS.minDescriptiveWords || hitsOf(run, d) !== 1) continue;
        lone++;
        const text = `${COUNCIL} ${run} ${FOOTBALL}`;
        const start = COUNCIL.length + 1;
        const spans = findMatches(text, INDEX, { rewritten: false });
        expect(spans.some((span) => span.docId === doc.id && span.pageStart <= start + 1 && span.pageEnd >= start + run.length - 1)).toBe(true);
      }
    });
    // The corpus has such runs: the rule is exercised, not skipped.
    expect(lone).toBeGreaterThan(10);
  });

  it('reads no document whose only hit is a k-gram with other words on both sides, and reads it once a neighbour is copied too', () => {
    const text = (before: string, after: string): string => {
      // KELLY's "could be harmed" (a fingerprint) among its other content words, reordered.
      const around = ['bases', 'country', 'humanely', 'removal', 'treated'];
      return `${COUNCIL} ${around.slice(0, 3).join(' ')} ${before} could be harmed ${after} ${around.slice(3).join(' ')}. ${FOOTBALL}`;
    };
    for (const [before, after, read] of [
      ['these', 'today', false],
      ['they', 'today', true],
      ['these', 'following', true],
    ] as const) {
      const documents = new Set<number>();
      expect(hitsOf(text(before, after), 0)).toBe(1);
      expect(findMatches(text(before, after), readCounting(documents), { rewritten: false })).toEqual([]);
      expect(documents.has(0)).toBe(read);
    }
  });
});

describe('findMatches: sources per passage', () => {
  // The original has three sentences in a row; eleven reprints carry its middle sentence only.
  const original: CorpusDocument = { id: 'original', title: 'Original', text: [KELLY, MALIKI, REFUGE].join(' ') };
  const reprints: CorpusDocument[] = Array.from({ length: 11 }, (_, i) => ({
    id: `reprint-${i}`,
    title: `Reprint ${i}`,
    text: `${OWN[i % OWN.length]!}\n\n${MALIKI}`,
  }));
  // The original last, so that it is not chosen for coming first.
  const index = buildIndex([...reprints, original]);
  const pageText = `A reader's page opens with words of its own about nothing in the corpus. ${KELLY} ${MALIKI} ${REFUGE}`;

  it('compares the passage with the documents that share most of it, and counts the others', () => {
    const spans = findMatches(pageText, index, { maxSourcesPerPassage: 4 });
    expect(spans).toHaveLength(4);
    const docIds = spans.map((span) => span.docId);
    expect(docIds).toContain('original');
    expect(docIds.filter((id) => id.startsWith('reprint-'))).toHaveLength(3);
    // Eight reprints were not read; every span over their sentence says so.
    for (const span of spans) expect(span.otherSources).toBe(8);
    const fromOriginal = spans.find((span) => span.docId === 'original')!;
    expect(pageText.slice(fromOriginal.pageStart, fromOriginal.pageEnd)).toBe(`${KELLY} ${MALIKI} ${REFUGE}`.slice(0, -1));
  });

  it('reads every document when there is no cap, and then counts none left out', () => {
    const spans = findMatches(pageText, index, { maxSourcesPerPassage: 0 });
    expect(spans).toHaveLength(12);
    for (const span of spans) expect(span.otherSources).toBeUndefined();
  });

  it('reads no text of a document left out', () => {
    const read = new Set<number>();
    findMatches(pageText, readCounting(read, index), { maxSourcesPerPassage: 4 });
    expect(read.size).toBe(4);
    expect(read).toContain(reprints.length);
  });
});

describe('strongestPerRegion', () => {
  /** The rule as stated: each candidate, strongest first, against every region kept before it. */
  function allPairs(candidates: readonly (Candidate & { hits: number })[], limit = 4): Candidate[] {
    const ranked = [...candidates].sort((a, b) => b.hits - a.hits || a.docIndex - b.docIndex || a.pageFrom - b.pageFrom);
    const kept: Candidate[] = [];
    for (const c of ranked) {
      if (!kept.some((k) => k.docIndex === c.docIndex)) {
        const others = new Set(kept.filter((k) => k.docIndex !== c.docIndex && k.pageFrom < c.pageTo && c.pageFrom < k.pageTo).map((k) => k.docIndex));
        if (others.size >= limit) continue;
      }
      kept.push({ docIndex: c.docIndex, pageFrom: c.pageFrom, pageTo: c.pageTo });
    }
    return kept;
  }

  it('keeps what comparing every pair keeps, for regions of any length, empty ones and those before the page', () => {
    const candidate = fc
      .record({ docIndex: fc.nat(12), pageFrom: fc.integer({ min: -40, max: 400 }), length: fc.nat(90), hits: fc.nat(6) })
      .map(({ docIndex, pageFrom, length, hits }) => ({ docIndex, pageFrom, pageTo: pageFrom + length, hits }));
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 80 }), (candidates) => {
        expect(strongestPerRegion(candidates)).toEqual(allPairs(candidates));
      }),
      { numRuns: 300 },
    );
  });

  it('sends a passage that twenty documents share to the four with the most hits there', () => {
    const shared = Array.from({ length: 20 }, (_, d) => ({ docIndex: d, pageFrom: 100, pageTo: 140, hits: 20 - d }));
    expect(strongestPerRegion(shared).map((c) => c.docIndex)).toEqual([0, 1, 2, 3]);
  });
});
