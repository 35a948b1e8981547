import { describe, expect, it } from 'vitest';
import { contentWordOverlap, contentWords, pairSentences, splitSentences, stemWord, type TextRange } from './sentence-pairs';

const texts = (text: string, ranges: readonly TextRange[]): string[] => ranges.map((r) => text.slice(r.start, r.end));

describe('splitSentences', () => {
  it('splits at sentence ends and keeps offsets into the passage', () => {
    const text = 'Iraq will move the camp. Residents object! Will they leave?  Nobody knows.';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(['Iraq will move the camp.', 'Residents object!', 'Will they leave?', 'Nobody knows.']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('keeps closing quotes with their sentence and does not split after abbreviations or initials', () => {
    const text = '“We will act,” Mr. Kelly said. The U.S. State Department spokesman, Ian J. Kelly, spoke on Friday. “It is done.” He left.';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      '“We will act,” Mr. Kelly said.',
      'The U.S. State Department spokesman, Ian J. Kelly, spoke on Friday.',
      '“It is done.”',
      'He left.',
    ]);
  });

  it('does not split before a lower-case continuation and always splits at a line break', () => {
    expect(splitSentences('It cost 3.5 million dollars. and more\nA new line').map((s) => s.text)).toEqual([
      'It cost 3.5 million dollars. and more',
      'A new line',
    ]);
  });

  it('returns fragments of a passage that starts and ends mid-sentence, and nothing for blank text', () => {
    expect(splitSentences('urged Iraq to act. The camp lies near the border and').map((s) => s.text)).toEqual([
      'urged Iraq to act.',
      'The camp lies near the border and',
    ]);
    expect(splitSentences('  \n ')).toEqual([]);
  });
});

describe('stemWord', () => {
  it('folds inflections of one word to one stem (Porter)', () => {
    const families = [
      ['relocate', 'relocated', 'relocating', 'relocation'],
      ['country', 'countries'],
      ['humane', 'humanely'],
      ['member', 'members'],
      ['plan', 'planned', 'planning'],
      ['bomb', 'bombing', 'bombings'],
      ['Iraq', 'Iraq’s'],
    ];
    for (const family of families) expect(new Set(family.map(stemWord)), family.join(', ')).toHaveProperty('size', 1);
  });

  it('keeps numbers as written and ignores case, possessives and apostrophes', () => {
    expect(stemWord('1980s')).toBe('1980s');
    expect(stemWord('Maliki’s')).toBe(stemWord('maliki'));
    expect(stemWord('Congress')).toBe(stemWord('congress'));
  });

  it('keeps different words apart', () => {
    expect(stemWord('camp')).not.toBe(stemWord('cult'));
    expect(stemWord('border')).not.toBe(stemWord('board'));
  });
});

describe('contentWords', () => {
  it('drops function words and single letters and keeps names, numbers and offsets', () => {
    const text = 'The US said on Friday that 72 officials were killed in a bombing.';
    const words = contentWords(text);
    expect(texts(text, words)).toEqual(['US', 'said', 'Friday', '72', 'officials', 'killed', 'bombing']);
    expect(words.map((w) => w.stem)).toEqual(['us', 'said', 'fridai', '72', 'offici', 'kill', 'bomb']);
  });

  it('reads dotted abbreviations and grouped numbers as one word', () => {
    expect(texts('The U.S. paid 1,000 dollars.', contentWords('The U.S. paid 1,000 dollars.'))).toEqual(['U.S', 'paid', '1,000', 'dollars']);
  });
});

describe('contentWordOverlap', () => {
  it('counts the page’s distinct content words that occur in the source, by stem', () => {
    const page = 'Officials relocated the camp residents; the residents protested.';
    const source = 'The government plans to relocate residents of the camp.';
    // Page words: officials, relocated, camp, residents, protested → relocat, camp, resident shared.
    expect(contentWordOverlap(page, source)).toEqual({ shared: 3, total: 5 });
  });

  it('is zero of zero for a passage of function words', () => {
    expect(contentWordOverlap('and the of it', 'anything at all')).toEqual({ shared: 0, total: 0 });
  });
});

describe('pairSentences', () => {
  const source =
    'The United States urges Iraq to act humanely with members of the group. ' +
    'State Department spokesman Ian Kelly said Friday that Washington hopes the members will be treated humanely. ' +
    'Camp Ashraf is situated in the northern Iraqi province of Diyala near the Iranian border.';

  it('pairs each page sentence with its most similar source sentence, across reordering and inflection', () => {
    const page =
      'Camp Ashraf lies near the Iranian border, in Diyala, a northern Iraqi province. ' +
      'Washington wants the group’s members treated humanely, spokesman Ian Kelly said on Friday.';
    const pairs = pairSentences(page, source);
    expect(pairs.map((p) => p.page.text)).toEqual([
      'Camp Ashraf lies near the Iranian border, in Diyala, a northern Iraqi province.',
      'Washington wants the group’s members treated humanely, spokesman Ian Kelly said on Friday.',
    ]);
    expect(pairs[0]!.sources.map((s) => s.text)).toEqual([
      'Camp Ashraf is situated in the northern Iraqi province of Diyala near the Iranian border.',
    ]);
    expect(pairs[1]!.sources.map((s) => s.text)).toEqual([
      'State Department spokesman Ian Kelly said Friday that Washington hopes the members will be treated humanely.',
    ]);
    // Sentence offsets point into their own passage.
    for (const pair of pairs) {
      expect(page.slice(pair.page.start, pair.page.end)).toBe(pair.page.text);
      for (const s of pair.sources) expect(source.slice(s.start, s.end)).toBe(s.text);
    }
  });

  it('marks the shared words on both sides and counts them', () => {
    const page = 'Camp Ashraf lies near the Iranian border, in Diyala, a northern Iraqi province.';
    const [pair] = pairSentences(page, source);
    expect(texts(page, pair!.pageShared)).toEqual(['Camp', 'Ashraf', 'near', 'Iranian', 'border', 'Diyala', 'northern', 'Iraqi', 'province']);
    expect(texts(source, pair!.sourceShared)).toEqual(['Camp', 'Ashraf', 'northern', 'Iraqi', 'province', 'Diyala', 'near', 'Iranian', 'border']);
    expect(pair!.sharedWords).toBe(9);
    expect(pair!.pageWords).toBe(10); // + "lies"
  });

  it('pairs a condensed sentence with every source sentence it merges, in source order', () => {
    const page = 'Spokesman Ian Kelly said Washington urges Iraq to treat the group’s members humanely and hopes they stay in Diyala province.';
    const [pair] = pairSentences(page, source);
    expect(pair!.sources.map((s) => s.text.slice(0, 20))).toEqual(['The United States ur', 'State Department spo', 'Camp Ashraf is situa']);
  });

  it('leaves a page sentence with no similar source sentence unpaired', () => {
    const pairs = pairSentences('Oil prices rose sharply in Asian trading on Monday.', source);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]!.sources).toEqual([]);
    expect(pairs[0]!.pageShared).toEqual([]);
    expect(pairs[0]!.sharedWords).toBe(0);
  });

  it('gives nothing for an empty page passage', () => {
    expect(pairSentences('', source)).toEqual([]);
  });
});
