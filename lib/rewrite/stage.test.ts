import { describe, expect, it } from 'vitest';
import { tokenizeWords } from '../tokenize';
import { HARBOUR_REWRITE, HARBOUR_REWRITE_IN_ORDER, HARBOUR_SOURCE_SENTENCES, OWN_FOOTBALL } from './harbour-story.fixture';
import { findRewrittenInCandidates, type CandidateDocuments } from './stage';

// The first four sentences: the rewrite holds their facts, nothing of the fifth.
const SOURCE = HARBOUR_SOURCE_SENTENCES.slice(0, 4).join(' ');
const REWRITE = HARBOUR_REWRITE;
const OWN = OWN_FOOTBALL;

const documents: CandidateDocuments = { tokens: () => tokenizeWords(SOURCE), text: () => SOURCE };
const PAGE = `${OWN} ${REWRITE} ${OWN}`;

describe('findRewrittenInCandidates', () => {
  it('compares a whole-page document with the whole page, with no region to point to it', () => {
    const page = tokenizeWords(PAGE);
    expect(findRewrittenInCandidates(PAGE, page, [], documents, new Map())).toEqual([]);
    const found = findRewrittenInCandidates(PAGE, page, [], documents, new Map(), {}, [0]);
    expect(found).toHaveLength(1);
    expect(found[0]!.pageStart).toBeGreaterThanOrEqual(PAGE.indexOf(REWRITE));
    expect(found[0]!.pageEnd).toBeLessThanOrEqual(PAGE.indexOf(REWRITE) + REWRITE.length);
  });

  it('holds a passage found away from the regions to a higher similarity', () => {
    const page = tokenizeWords(PAGE);
    const [found] = findRewrittenInCandidates(PAGE, page, [], documents, new Map(), {}, [0]);
    const stricter = { unpromptedCosine: found!.similarity + 0.01 };
    expect(findRewrittenInCandidates(PAGE, page, [], documents, new Map(), stricter, [0])).toEqual([]);
    // In a region around the rewrite, the regions' own threshold applies.
    const region = { docIndex: 0, pageFrom: 0, pageTo: page.count };
    expect(findRewrittenInCandidates(PAGE, page, [region], documents, new Map(), stricter, [0])).toHaveLength(1);
  });

  it('takes a translation-like passage away from the regions below that similarity when its sentences align one by one', () => {
    const text = `${OWN} ${HARBOUR_REWRITE_IN_ORDER} ${OWN}`;
    const page = tokenizeWords(text);
    const [found] = findRewrittenInCandidates(text, page, [], documents, new Map(), {}, [0]);
    const stricter = { unpromptedCosine: found!.similarity + 0.01 };
    const aligned = findRewrittenInCandidates(text, page, [], documents, new Map(), stricter, [0]);
    expect(aligned).toHaveLength(1);
    expect(aligned[0]!.aligned).toBe(true);
    // Over fewer sentences than alignedMinSentences, the similarity applies again.
    expect(findRewrittenInCandidates(text, page, [], documents, new Map(), { ...stricter, alignedMinSentences: 5 }, [0])).toEqual([]);
  });

  it('reports the source side as whole sentences, where a rewrite left out the start of one, and keeps the page side trimmed', () => {
    const opening = 'After a long and heated debate that went on until midnight, ';
    const source = [`${opening}${HARBOUR_SOURCE_SENTENCES[0]!.replace('The regional', 'the regional')}`, ...HARBOUR_SOURCE_SENTENCES.slice(1, 4)].join(' ');
    const withOpening: CandidateDocuments = { tokens: () => tokenizeWords(source), text: () => source };
    const text = `${OWN} Readers asked us about the harbour this week. ${HARBOUR_REWRITE_IN_ORDER} ${OWN}`;
    const page = tokenizeWords(text);
    const found = findRewrittenInCandidates(text, page, [{ docIndex: 0, pageFrom: 0, pageTo: page.count }], withOpening, new Map());
    expect(found).toHaveLength(1);
    // The opening clause shares no word with the page, yet its sentence was rewritten as a whole.
    expect(found[0]!.docStart).toBe(0);
    expect(found[0]!.docEnd).toBe(source.length - 1);
    expect(found[0]!.pageStart).toBeGreaterThanOrEqual(text.indexOf(HARBOUR_REWRITE_IN_ORDER));
    expect(found[0]!.pageEnd).toBeLessThanOrEqual(text.lastIndexOf(OWN));
  });

  it('widens the source side to whole sentences but not over a short heading line joined to the first one', () => {
    const heading = 'Weekly digest\n';
    const source = `${heading}${HARBOUR_SOURCE_SENTENCES.slice(0, 4).join(' ')}`;
    const withHeading: CandidateDocuments = { tokens: () => tokenizeWords(source), text: () => source };
    const text = `${OWN} ${HARBOUR_REWRITE_IN_ORDER} ${OWN}`;
    const page = tokenizeWords(text);
    const found = findRewrittenInCandidates(text, page, [{ docIndex: 0, pageFrom: 0, pageTo: page.count }], withHeading, new Map());
    expect(found).toHaveLength(1);
    // "Weekly digest" is two words, so the splitter joins it to the first sentence; it is not part of what that sentence says.
    expect(found[0]!.docStart).toBe(heading.length);
    expect(found[0]!.docEnd).toBe(source.length - 1);
  });
});
