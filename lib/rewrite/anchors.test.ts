import { describe, expect, it } from 'vitest';
import { tokenizeWords } from '../tokenize';
import { findRewrittenPassages, PageTerms, type Anchor, type RewriteOptions } from './detect';
import { HARBOUR_REWRITE, HARBOUR_SOURCE_SENTENCES, OWN_BAKERY, OWN_FOOTBALL } from './harbour-story.fixture';
import { prepareText } from './terms';

const prepare = (text: string) => prepareText(text, tokenizeWords(text));
const SOURCE = HARBOUR_SOURCE_SENTENCES.join(' ');
/** Thresholds no sentence pair passes: only anchors seed. */
const ANCHORS_ONLY: Partial<RewriteOptions> = { seedCosine: 1, seedDice: 1, summarySeedCosine: 1, summarySeedDice: 1, diagonalCosine: 1, diagonalDice: 1 };

describe('edited copies: anchor seeds over the source sentences a copy runs across, and their own cosine bar', () => {
  // The page joins the end of source sentence 1 and all of sentence 2 into one sentence; the copy runs across their boundary.
  const copiedPage = 'a port forty kilometres away and the work will cost about twelve million euros and should be finished before the autumn storms return';
  const copiedDoc = 'a port forty kilometres away. The work will cost about twelve million euros and should be finished before the autumn storms return';
  const page = `${OWN_FOOTBALL} Engineers said the fishing boats would go to ${copiedPage}. ${OWN_BAKERY}`;
  const edited = (similarity: number): Anchor => ({
    pageStart: page.indexOf(copiedPage),
    pageEnd: page.indexOf(copiedPage) + copiedPage.length,
    docStart: SOURCE.indexOf(copiedDoc),
    docEnd: SOURCE.indexOf(copiedDoc) + copiedDoc.length,
    similarity,
  });

  it('pairs the page sentence with both source sentences, so the edited copy and the reworded start of its sentence are one passage', () => {
    for (const options of [{}, ANCHORS_ONLY]) {
      const passages = findRewrittenPassages(new PageTerms(prepare(page)), prepare(SOURCE), options, [edited(0.8)]);
      expect(passages).toHaveLength(1);
      // Source sentences 1 and 2: paired with sentence 1 alone (where the copy starts), the page sentence was too unlike it as a whole.
      expect([passages[0]!.docFirstSentence, passages[0]!.docLastSentence]).toEqual([1, 2]);
      expect(passages[0]!.pageStart).toBe(page.indexOf('Engineers said'));
    }
  });

  it('leaves a verbatim copy, or one as alike as editedAnchorSimilarity, to the copied span', () => {
    const find = (similarity: number) => findRewrittenPassages(new PageTerms(prepare(page)), prepare(SOURCE), ANCHORS_ONLY, [edited(similarity)]);
    expect(find(1)).toEqual([]);
    expect(find(0.95)).toEqual([]);
    // A word or two replaced in twenty: an edited copy.
    expect(find(0.93)).toHaveLength(1);
  });

  it('holds a cluster of edited copies alone to editedPassageCosine, not minPassageCosine', () => {
    const find = (options: Partial<RewriteOptions>) =>
      findRewrittenPassages(new PageTerms(prepare(page)), prepare(SOURCE), { ...ANCHORS_ONLY, ...options }, [edited(0.8)]);
    const [passage] = find({});
    // Above the passage's cosine as wholes: only the edited copies' own bar applies to it.
    const above = passage!.similarity + 0.01;
    expect(find({ minPassageCosine: above })).toHaveLength(1);
    expect(find({ editedPassageCosine: above })).toEqual([]);
  });

  it('does not apply editedPassageCosine to passages resting on sentence pairs of their own', () => {
    const rewrite = `${OWN_FOOTBALL} ${HARBOUR_REWRITE} ${OWN_BAKERY}`;
    const find = (options: Partial<RewriteOptions>) => findRewrittenPassages(new PageTerms(prepare(rewrite)), prepare(SOURCE), options);
    const [passage] = find({});
    expect(find({ minPassageCosine: passage!.similarity + 0.01, editedPassageCosine: 0 })).toEqual([]);
  });
});
