import { describe, expect, it } from 'vitest';
import { tokenizeWords } from '../tokenize';
import { findRewrittenPassages, PageTerms, type RewriteOptions } from './detect';
import { HARBOUR_REWRITE_IN_ORDER, HARBOUR_SOURCE_SENTENCES, OWN_BAKERY, OWN_FOOTBALL } from './harbour-story.fixture';
import { prepareText } from './terms';

const prepare = (text: string) => prepareText(text, tokenizeWords(text));
/** The page: the first four source sentences reworded in order, between paragraphs of the page's own. */
const PAGE = `${OWN_FOOTBALL} ${HARBOUR_REWRITE_IN_ORDER} ${OWN_BAKERY}`;
/** The passages of PAGE in a source made of `before` and the first four source sentences. */
const withSentenceBefore = (before: string) => {
  const doc = [before, ...HARBOUR_SOURCE_SENTENCES.slice(0, 4)].join(' ');
  return { doc, passages: findRewrittenPassages(new PageTerms(prepare(PAGE)), prepare(doc)) };
};
/** The passages of PAGE in a source made of the first four source sentences and `after`. */
const withSentenceAfter = (after: string, options: Partial<RewriteOptions> = {}) => {
  const doc = [...HARBOUR_SOURCE_SENTENCES.slice(0, 4), after].join(' ');
  return findRewrittenPassages(new PageTerms(prepare(PAGE)), prepare(doc), options);
};

describe('edge growth of the source side, in order', () => {
  it('takes in a source sentence before the passage that resembles the page side\'s first sentence', () => {
    // Resembles "On Tuesday the regional council backed a plan for rebuilding the old harbour wall, badly damaged by storms last winter."
    const { passages } = withSentenceBefore('Storms last winter badly damaged several walls along the coast.');
    expect(passages).toHaveLength(1);
    expect(passages[0]!.docFirstSentence).toBe(0);
    expect(passages[0]!.docStart).toBe(0);
  });

  it('leaves out a source sentence before the passage that resembles only the page side\'s last sentence', () => {
    // Shares the subject of "Fishermen in the town were pleased with the decision, though they said the council waited much too long before acting."
    const before = 'Fishermen have complained for years that the town council is too slow to act.';
    const { doc, passages } = withSentenceBefore(before);
    expect(passages).toHaveLength(1);
    expect(passages[0]!.docFirstSentence).toBe(1);
    expect(passages[0]!.docStart).toBeGreaterThanOrEqual(doc.indexOf(HARBOUR_SOURCE_SENTENCES[0]!));
  });

  it('takes in a source sentence after the passage only at sourceEdgeSimilarity, a page sentence at the lower edge bar', () => {
    // Shares "fishermen", "council" and "decision" with the page's last sentence: above the edge bar, below sourceEdgeSimilarity.
    const after = 'Fishermen waited in the rain outside while the council took its decision.';
    const strict = withSentenceAfter(after);
    expect(strict).toHaveLength(1);
    expect(strict[0]!.docLastSentence).toBe(3);
    const loose = withSentenceAfter(after, { sourceEdgeSimilarity: 0.2 });
    expect(loose[0]!.docLastSentence).toBe(4);
    // A source sentence sharing more of the page's last sentence joins at the higher bar too.
    expect(withSentenceAfter('In the town, fishermen were pleased.')[0]!.docLastSentence).toBe(4);
  });
});
