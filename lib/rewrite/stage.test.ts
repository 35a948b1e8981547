import { describe, expect, it } from 'vitest';
import { tokenizeWords } from '../tokenize';
import { findRewrittenInCandidates, type CandidateDocuments } from './stage';

const SOURCE = [
  'The regional council approved a plan on Tuesday to rebuild the old harbour wall, which storms damaged badly last winter.',
  'Engineers warned that without repairs the fishing fleet would have to move to a port forty kilometres away.',
  'The work will cost about twelve million euros and should be finished before the autumn storms return.',
  'Local fishermen welcomed the decision but complained that the council had waited far too long to act.',
].join(' ');

// The same facts, reworded and in another order.
const REWRITE = [
  'Fishermen in the town were pleased with the decision, though they said the council waited much too long before acting.',
  'On Tuesday the regional council backed a plan for rebuilding the old harbour wall, badly damaged by storms last winter.',
  'Repairs will cost roughly twelve million euros and are due to be finished before the storms of autumn come back.',
  'Without them, engineers had warned, the fishing fleet would need to move to another port forty kilometres away.',
].join(' ');

const OWN =
  'The football season opened with a goalless draw in heavy rain. Fans of both clubs left early, and the coaches blamed the pitch for the lack of chances.';

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
});
