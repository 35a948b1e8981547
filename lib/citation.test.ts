import { describe, expect, it } from 'vitest';
import { describeReuse, formatCitation, type CitationInput } from './citation';
import { contentWordOverlap } from './sentence-pairs';

const input: CitationInput = {
  pageUrl: 'https://news.example/a',
  pageTitle: 'Iraq tightens the screws',
  pageText: 'Officials relocated the camp residents.',
  source: { id: '000_abc', title: 'US urges Iraq to treat MKO members humanely', outlet: 'Press TV', published: '2009-07-10' },
  sourceText: 'Iraq will relocate residents of the camp.',
  similarity: 0.42,
  kind: 'rewritten',
  overlap: contentWordOverlap('Officials relocated the camp residents.', 'Iraq will relocate residents of the camp.'),
};

describe('describeReuse', () => {
  it('gives a copied passage its similarity and a rewritten one its shared content words', () => {
    expect(describeReuse({ ...input, kind: 'copied', similarity: 0.956 })).toBe('copied, 96% similar');
    // officials, relocated, camp, residents: all but "officials" in the source.
    expect(describeReuse(input)).toBe('rewritten, shares 3 of 4 content words');
  });

  it('says only "rewritten" when no overlap was given', () => {
    expect(describeReuse({ kind: 'rewritten', similarity: 0.4 })).toBe('rewritten');
  });
});

describe('formatCitation', () => {
  it('quotes the page and the source and says how the passage was reused', () => {
    expect(formatCitation(input).split('\n')).toEqual([
      '“Officials relocated the camp residents.”',
      '— on “Iraq tightens the screws”, https://news.example/a',
      'Source: “US urges Iraq to treat MKO members humanely” (Press TV, 2009-07-10), corpus id 000_abc; rewritten, shares 3 of 4 content words:',
      '“Iraq will relocate residents of the camp.”',
    ]);
  });
});
