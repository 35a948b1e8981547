import { describe, expect, it } from 'vitest';
import { tokenizeWords } from '../tokenize';
import { findRewrittenPassages, mergeCondensations, PageTerms, type Anchor, type RewriteOptions, type RewrittenPassage } from './detect';
import { prepareText } from './terms';
import { HARBOUR_REWRITE, HARBOUR_REWRITE_IN_ORDER, HARBOUR_SOURCE_SENTENCES, OWN_BAKERY, OWN_FOOTBALL } from './harbour-story.fixture';

const prepare = (text: string) => prepareText(text, tokenizeWords(text));
const find = (page: string, doc: string, options: Partial<RewriteOptions> = {}, anchors: Anchor[] = [], foreign: Anchor[] = []) =>
  findRewrittenPassages(new PageTerms(prepare(page)), prepare(doc), options, anchors, foreign);

/** The anchor of `fragment`, found verbatim in `page` and `doc`. */
function anchorOf(page: string, doc: string, fragment: string): Anchor {
  const pageStart = page.indexOf(fragment);
  const docStart = doc.indexOf(fragment);
  expect(pageStart).toBeGreaterThanOrEqual(0);
  expect(docStart).toBeGreaterThanOrEqual(0);
  return { pageStart, pageEnd: pageStart + fragment.length, docStart, docEnd: docStart + fragment.length };
}

/** Thresholds no sentence pair passes: only anchors seed. */
const ANCHORS_ONLY: Partial<RewriteOptions> = { seedCosine: 1, seedDice: 1, summarySeedCosine: 1, summarySeedDice: 1, diagonalCosine: 1, diagonalDice: 1 };

const OWN_A = OWN_FOOTBALL;
const OWN_B = OWN_BAKERY;
const SOURCE = HARBOUR_SOURCE_SENTENCES.join(' ');
const REWRITE = HARBOUR_REWRITE;

describe('findRewrittenPassages', () => {
  it('grows a passage by an edge sentence that resembles the source edge too loosely to seed on its own', () => {
    const ordered = HARBOUR_REWRITE_IN_ORDER;
    const loose = 'Officials hope tourists will return when the ferry service to the islands restarts next year, shop owners near the quay said.';
    const page = `${ordered} ${loose} ${OWN_B}`;
    const [grown] = find(page, SOURCE);
    expect(grown!.pageEnd).toBeGreaterThan(page.indexOf(loose));
    expect(grown!.pageEnd).toBeLessThanOrEqual(page.indexOf(OWN_B));
    expect(grown!.docEnd).toBe(SOURCE.indexOf('islands') + 'islands'.length);
    // Without growing, the loose sentence passes no seed threshold and stays out.
    const [plain] = find(page, SOURCE, { edgeCosine: 1, sourceEdgeSimilarity: 1 });
    expect(plain!.pageEnd).toBeLessThan(page.indexOf(loose));
    expect(plain!.docEnd).toBeLessThan(SOURCE.indexOf('Tourism officials'));
  });

  it('grows a short passage\'s source side no further than twice its page side, and grows within that bound', () => {
    // Source sentences on the same subject after the two reused ones, each resembling the page's fleet sentence at the edge bar.
    const subject = [
      'The fishing fleet had to move to another port once before, forty years ago.',
      'Engineers had warned the council about the old harbour wall for years.',
      'The fishing fleet would need new moorings at another port, engineers warned.',
      'Storms damaged the old harbour wall badly in the winter before that too.',
    ];
    const doc = [...HARBOUR_SOURCE_SENTENCES.slice(0, 2), ...subject, ...HARBOUR_SOURCE_SENTENCES.slice(2)].join(' ');
    const rewrite =
      'On Tuesday the regional council backed a plan for rebuilding the old harbour wall, badly damaged by storms last winter. Without them, engineers had warned, the fishing fleet would need to move to another port forty kilometres away.';
    const page = `${OWN_A} ${rewrite} ${OWN_B}`;
    const words = (text: string) => text.split(/\s+/).length;
    const [bounded] = find(page, doc);
    expect(bounded!.docEnd).toBeGreaterThan(doc.indexOf('forty kilometres'));
    expect(bounded!.docEnd).toBeLessThan(doc.indexOf(subject[3]!));
    expect(words(doc.slice(bounded!.docStart, bounded!.docEnd))).toBeLessThanOrEqual(2 * words(rewrite));
    // Without the bound, edge growth takes in the fourth sentence on the subject too.
    const [unbounded] = find(page, doc, { growthRatio: Infinity });
    expect(unbounded!.docEnd).toBeGreaterThan(doc.indexOf(subject[3]!));
  });

  it('finds a reworded, reordered passage as one passage covering it on both sides', () => {
    const page = `${OWN_A} ${REWRITE} ${OWN_B}`;
    const passages = find(page, SOURCE);
    expect(passages).toHaveLength(1);
    const [p] = passages;
    const start = page.indexOf(REWRITE);
    expect(p!.pageStart).toBeGreaterThanOrEqual(start);
    expect(p!.pageEnd).toBeLessThanOrEqual(start + REWRITE.length);
    expect(p!.pageEnd - p!.pageStart).toBeGreaterThan(0.9 * REWRITE.length);
    // The source side spans the four reused source sentences (from their first content word), not the ferry one.
    expect(p!.docStart).toBe(SOURCE.indexOf('regional'));
    expect(p!.docEnd).toBeLessThanOrEqual(SOURCE.indexOf('Tourism officials'));
    expect(p!.seeds).toBeGreaterThanOrEqual(4);
    expect(p!.similarity).toBeGreaterThan(0.34);
    expect(p!.similarity).toBeLessThanOrEqual(1);
  });

  it('marks a passage aligned when its sentences correspond one by one in the same order, and not when reordered or partly its own', () => {
    // Alignment is tested only below unpromptedCosine, where it can let a passage through.
    const tested = { unpromptedCosine: 1 };
    const [inOrder] = find(`${OWN_A} ${HARBOUR_REWRITE_IN_ORDER} ${OWN_B}`, SOURCE, tested);
    expect(inOrder!.aligned).toBe(true);
    const [untested] = find(`${OWN_A} ${HARBOUR_REWRITE_IN_ORDER} ${OWN_B}`, SOURCE, { unpromptedCosine: inOrder!.similarity });
    expect(untested!.aligned).toBe(false);
    const [reordered] = find(`${OWN_A} ${REWRITE} ${OWN_B}`, SOURCE, tested);
    expect(reordered!.aligned).toBe(false);
    // A sentence of the page's own inside the passage has no partner in the source.
    const [first, second, third, fourth] = HARBOUR_REWRITE_IN_ORDER.split(/(?<=\.) /);
    const own = 'Shop owners near the quay said they would close for a week while the old harbour crane is taken down.';
    const [interrupted] = find(`${OWN_A} ${first} ${second} ${own} ${third} ${fourth} ${OWN_B}`, SOURCE, tested);
    expect(interrupted!.pageEnd).toBeGreaterThan(`${OWN_A} ${first} ${second} ${own}`.length);
    expect(interrupted!.aligned).toBe(false);
  });

  it('does not stretch the source side to a far sentence on the same subject that a page sentence also resembles', () => {
    // Four sentences after the one it repeats: within the clustering's gap, well past the reused text.
    const far = 'A later report by the engineers warned again that the fishing fleet would have to move away from the port.';
    const source = [...HARBOUR_SOURCE_SENTENCES, far].join(' ');
    const rewrite = HARBOUR_REWRITE_IN_ORDER.split(/(?<=\.) /).slice(0, 2).join(' ');
    const page = `${OWN_A} ${rewrite} ${OWN_B}`;
    const passages = find(page, source);
    expect(passages).toHaveLength(1);
    expect(passages[0]!.docEnd).toBe(source.indexOf(' kilometres away.') + ' kilometres away'.length);
  });

  it('keeps a passage shorter than minChars when it rests on shortPassageSeeds sentence pairs', () => {
    const source =
      'Winter storms damaged the old harbour wall. Engineers warned that the fishing fleet would leave. Repairs will cost twelve million euros. Tourism officials hope the summer ferry service returns.';
    const [first, second, third] = ['The old harbour wall was damaged by winter storms.', 'The fishing fleet would leave, engineers warned.', 'Twelve million euros will pay for repairs.'];
    // Three short sentences reworded one after another: under 150 characters on both sides.
    const three = `${OWN_A} ${first} ${second} ${third} ${OWN_B}`;
    const passages = find(three, source);
    expect(passages).toHaveLength(1);
    expect(passages[0]!.pageEnd - passages[0]!.pageStart).toBeLessThan(150);
    expect(passages[0]!.seeds).toBe(3);
    expect(find(three, source, { shortPassageSeeds: 4 })).toEqual([]);
    // Two such sentences are too little to go on.
    expect(find(`${OWN_A} ${first} ${second} ${OWN_B}`, source)).toEqual([]);
  });

  it('keeps a passage of a single sentence pair only when its cosine reaches singleSeedCosine', () => {
    const one = 'Repairs will cost roughly twelve million euros and are due to be finished before the storms of autumn come back, officials said.';
    const page = `${OWN_A} ${one} ${OWN_B}`;
    const found = find(page, SOURCE, { minChars: 50, singleSeedCosine: 0 });
    expect(found).toHaveLength(1);
    expect(found[0]!.seeds).toBe(1);
    expect(find(page, SOURCE, { minChars: 50, singleSeedCosine: found[0]!.similarity + 0.01 })).toEqual([]);
  });

  it('merges two passages that follow each other on both sides with a small gap into one', () => {
    // Rewrites of the first two source sentences, in source order, with a short sentence of the page's own between them;
    // with no gap allowed in clustering they are two passages, merged afterwards.
    const [, first, , second] = REWRITE.split('. ');
    const page = `${OWN_A} ${first}. The mayor was not available. ${second} ${OWN_B}`;
    const options = { maxGap: 0, summarySourceGap: 0, summaryPageGap: 0, minChars: 50, singleSeedCosine: 0 };
    const passages = find(page, SOURCE, options);
    expect(passages).toHaveLength(1);
    expect(passages[0]!.seeds).toBe(2);
    expect(passages[0]!.pageStart).toBeLessThanOrEqual(page.indexOf(first!) + 10);
    expect(passages[0]!.pageEnd).toBeGreaterThanOrEqual(page.indexOf(second!) + second!.length - 10);
  });

  it('counts toward minSharedWords a word one side capitalises (a heading, a first word), not one both capitalise', () => {
    const source =
      'Kowalski, Brennan and Okafor met Delacroix in Lisbon on Monday 14 March 2022 and signed the fishing treaty with Portugal. ' +
      'Under the treaty, trawlers from Galicia, Brittany and Cornwall will pay quotas to Lisbon until 2030.';
    // Shared in lower case on both sides: signed, treaty, pay, quotas. "Fishing" and "Trawlers" only the source writes in lower case.
    const rewrite =
      'Fishing: Kowalski, Brennan and Okafor signed the treaty with Portugal, meeting Delacroix in Lisbon on Monday 14 March 2022. ' +
      'Trawlers from Galicia, Brittany and Cornwall pay quotas to Lisbon under the treaty until 2030.';
    const page = `${OWN_A} ${rewrite} ${OWN_B}`;
    expect(find(page, source)).toHaveLength(1);
    expect(find(page, source, { minSharedBothWords: 5 })).toEqual([]);
    // Six words in lower case on one side at least, but not when the source capitalises "Fishing" too (a name, as far as we can tell).
    expect(find(page, source, { minSharedWords: 6 })).toHaveLength(1);
    expect(find(page, source.replace('the fishing treaty', 'the Fishing treaty'), { minSharedWords: 6 })).toEqual([]);
  });

  it('finds nothing between unrelated texts', () => {
    expect(find(`${OWN_A} ${OWN_B}`, SOURCE)).toEqual([]);
  });

  it('finds nothing in a text on the same event that shares names, days and figures but not wording', () => {
    const sameEvent =
      'Harbour Wall Plan: Council Votes Tuesday. Mayor Anna Berg and Councillor Tomas Lind met Fishermen Association Chair Eva Holm in Marstad on Tuesday. ' +
      'Twelve Million Euros Budget Confirmed By Regional Council. Ferry Operator Island Lines Says Summer Timetable Depends On Harbour Wall.';
    expect(find(sameEvent, SOURCE)).toEqual([]);
  });

  it('finds a summary: a short page passage condensing a long source passage', () => {
    const longSource = [
      SOURCE,
      'The harbour was built in the eighteenth century and was last repaired more than fifty years ago.',
      'Divers inspected the foundations in spring and found deep cracks along most of the northern section.',
      'The council will publish the tender for the construction work next month and choose a contractor in June.',
      'During the works a temporary pontoon will let the fishing boats unload their catch in the inner basin.',
      'Ferry passengers will be able to use the pontoon as well once the summer service is running again.',
    ].join(' ');
    const summary =
      'The regional council approved rebuilding the storm-damaged harbour wall for about twelve million euros. ' +
      'Divers had found deep cracks in the foundations of the northern section. ' +
      'A temporary pontoon will let fishing boats unload their catch during the works.';
    const passages = find(`${OWN_A} ${summary} ${OWN_B}`, longSource);
    expect(passages).toHaveLength(1);
    const [p] = passages;
    // Condensed: the source side is much longer than the page side.
    expect(p!.docEnd - p!.docStart).toBeGreaterThan(2 * (p!.pageEnd - p!.pageStart));
    expect(p!.docStart).toBeLessThanOrEqual(SOURCE.indexOf('regional'));
    expect(p!.docEnd).toBeGreaterThan(longSource.indexOf('temporary pontoon'));
  });

  it('keeps a same-length rewrite as it is when the summary clustering would stretch its source side to a far sentence', () => {
    const filler = [
      'The museum on the hill reopened after a long renovation of its roof and its old wooden floors.',
      'Its new wing shows paintings of the coast by artists who lived in the town a century ago.',
      'School classes can visit for free on weekday mornings if their teachers book a guide in advance.',
      'A small cafe on the ground floor serves soup, sandwiches and cakes baked in the kitchen next door.',
      'The director plans a summer exhibition of photographs lent by families from the surrounding villages.',
      'Volunteers catalogued more than two thousand letters found in the attic during the building work.',
      'Some of them describe daily life in the town during the long and hard winters of the last century.',
      'The letters will be scanned and published online so that researchers abroad can read them as well.',
      'A concert in the main hall will mark the reopening, with a choir of children from the primary school.',
      'Tickets are sold at the entrance and at the library, and the proceeds will pay for new display cases.',
    ];
    const far = 'A spokesman added that the repairs should cost around twelve million euros and be finished before autumn.';
    const longSource = [SOURCE, ...filler, far].join(' ');
    const page = `${OWN_A} ${REWRITE} ${OWN_B}`;
    const passages = find(page, longSource);
    expect(passages).toHaveLength(1);
    expect(passages[0]!.docEnd).toBeLessThanOrEqual(SOURCE.length);
    expect(passages[0]!.docEnd - passages[0]!.docStart).toBeLessThan(1.5 * (passages[0]!.pageEnd - passages[0]!.pageStart));
    // Without the rule, the summary clustering's passage (source side through the far sentence) wins.
    const [stretched] = find(page, longSource, { paraphraseCover: Infinity });
    expect(stretched!.docEnd).toBe(longSource.length - 1);
  });

  it('does not report a passage made only of anchors (copied spans show it already)', () => {
    const page = `${OWN_A} ${SOURCE} ${OWN_B}`;
    const start = page.indexOf(SOURCE);
    const anchor: Anchor = { pageStart: start, pageEnd: start + SOURCE.length - 1, docStart: 0, docEnd: SOURCE.length - 1 };
    expect(find(page, SOURCE, {}, [anchor])).toEqual([]);
  });

  it('joins anchors and the rewritten sentences around them into one passage', () => {
    const copied = 'The work will cost about twelve million euros and should be finished before the autumn storms return.';
    const rewrite = REWRITE.split('. ').slice(0, 2).join('. ') + '. ' + copied;
    const page = `${OWN_A} ${rewrite} ${OWN_B}`;
    const pageStart = page.indexOf(copied);
    const docStart = SOURCE.indexOf(copied);
    const anchor: Anchor = { pageStart, pageEnd: pageStart + copied.length - 1, docStart, docEnd: docStart + copied.length - 1 };
    const passages = find(page, SOURCE, {}, [anchor]);
    expect(passages).toHaveLength(1);
    expect(passages[0]!.pageStart).toBeLessThanOrEqual(page.indexOf(rewrite) + 20);
    expect(passages[0]!.pageEnd).toBe(anchor.pageEnd);
  });

  it('joins copied fragments inside reworded sentences into one passage when the words around them resemble', () => {
    // Two copied runs, each inside a sentence whose other words are reworded.
    const page =
      `${OWN_A} On Tuesday the council voted for a plan to rebuild the old harbour wall, which storms damaged badly last winter. ` +
      `Engineers had said that the fishing fleet would have to move to a port forty kilometres away unless it was repaired. ${OWN_B}`;
    const anchors = [
      anchorOf(page, SOURCE, 'rebuild the old harbour wall, which storms damaged badly last winter'),
      anchorOf(page, SOURCE, 'the fishing fleet would have to move to a port forty kilometres away'),
    ];
    const passages = find(page, SOURCE, ANCHORS_ONLY, anchors);
    expect(passages).toHaveLength(1);
    expect(passages[0]!.pageStart).toBeLessThanOrEqual(anchors[0]!.pageStart);
    expect(passages[0]!.pageEnd).toBeGreaterThanOrEqual(anchors[1]!.pageEnd);
    // Nothing alike around them: the fragments stay the copied spans' to show.
    expect(find(page, SOURCE, { ...ANCHORS_ONLY, joinSimilarity: 1.01 }, anchors)).toEqual([]);
  });

  it('seeds a loosely reworded sentence in step with the source next to a copied one, not one out of step', () => {
    // Resembles the second source sentence below every seed threshold (cosine about 0.25).
    const loose = 'Engineers warned that the whole fleet would otherwise move to Dunmore next spring.';
    const copied = HARBOUR_SOURCE_SENTENCES[2]!;
    const loosely = { diagonalCosine: 0.2 };
    const inStep = `${OWN_A} ${loose} ${copied} ${OWN_B}`;
    const anchor = anchorOf(inStep, SOURCE, copied);
    const passages = find(inStep, SOURCE, loosely, [anchor]);
    expect(passages).toHaveLength(1);
    expect(passages[0]!.pageStart).toBe(inStep.indexOf(loose));
    expect(passages[0]!.pageEnd).toBeGreaterThanOrEqual(anchor.pageEnd - 1);
    expect(passages[0]!.docStart).toBe(SOURCE.indexOf('Engineers'));
    // Without the diagonal rule the copied sentence stands alone: the copied span shows it.
    expect(find(inStep, SOURCE, { diagonalCosine: 1 }, [anchor])).toEqual([]);
    // After the copied sentence on the page but before it in the source: out of step, no seed.
    const outOfStep = `${OWN_A} ${copied} ${loose} ${OWN_B}`;
    expect(find(outOfStep, SOURCE, loosely, [anchorOf(outOfStep, SOURCE, copied)])).toEqual([]);
  });

  it('grows an edited copied fragment by a reworded neighbour into one passage, and leaves a verbatim copy to the copied span', () => {
    const loose = 'Engineers warned that the whole fleet would otherwise move to Dunmore next spring.';
    // The third source sentence with a word changed: the matcher's span over it is an edited copy.
    const source = HARBOUR_SOURCE_SENTENCES[2]!;
    const edited = source.replace('finished', 'completed');
    const page = `${OWN_A} ${loose} ${edited} ${OWN_B}`;
    const anchor: Anchor = {
      pageStart: page.indexOf(edited),
      pageEnd: page.indexOf(edited) + edited.length,
      docStart: SOURCE.indexOf(source),
      docEnd: SOURCE.indexOf(source) + source.length,
    };
    // Diagonal seeds off: the loose sentence joins only by growing.
    const noDiagonal = { diagonalCosine: 1 };
    const passages = find(page, SOURCE, noDiagonal, [{ ...anchor, similarity: 0.8 }]);
    expect(passages).toHaveLength(1);
    expect(passages[0]!.pageStart).toBe(page.indexOf(loose));
    expect(passages[0]!.pageEnd).toBeGreaterThanOrEqual(anchor.pageEnd - 1);
    expect(passages[0]!.docStart).toBe(SOURCE.indexOf('Engineers'));
    // A copy as alike as a verbatim one (or of unknown similarity) leaves its neighbours to the page.
    expect(find(page, SOURCE, noDiagonal, [{ ...anchor, similarity: 0.95 }])).toEqual([]);
    expect(find(page, SOURCE, noDiagonal, [anchor])).toEqual([]);
    // An edited copy with nothing alike around it stays the copied span's to show.
    const alone = `${OWN_A} ${edited} ${OWN_B}`;
    const aloneAnchor = { ...anchor, pageStart: alone.indexOf(edited), pageEnd: alone.indexOf(edited) + edited.length, similarity: 0.8 };
    expect(find(alone, SOURCE, noDiagonal, [aloneAnchor])).toEqual([]);
  });

  it('joins edited copies with a reworded sentence between them into one passage, and not around prose of its own', () => {
    const [first, , third] = HARBOUR_SOURCE_SENTENCES;
    // Resembles the second source sentence at the edge bar only (cosine about 0.25).
    const loose = 'Engineers warned that the whole fleet would otherwise move to Dunmore next spring.';
    const editedFirst = first!.replace('approved', 'backed');
    const editedThird = third!.replace('finished', 'completed');
    const edited = (page: string): Anchor[] =>
      [
        [editedFirst, first!],
        [editedThird, third!],
      ].map(([onPage, inSource]) => ({
        pageStart: page.indexOf(onPage!),
        pageEnd: page.indexOf(onPage!) + onPage!.length,
        docStart: SOURCE.indexOf(inSource!),
        docEnd: SOURCE.indexOf(inSource!) + inSource!.length,
        similarity: 0.8,
      }));
    const reworked = `${OWN_A} ${editedFirst} ${loose} ${editedThird} ${OWN_B}`;
    const anchors = edited(reworked);
    const passages = find(reworked, SOURCE, ANCHORS_ONLY, anchors);
    expect(passages).toHaveLength(1);
    expect(passages[0]!.pageStart).toBe(reworked.indexOf('regional council'));
    expect(passages[0]!.pageEnd).toBeGreaterThanOrEqual(anchors[1]!.pageEnd - 1);
    // Verbatim copies (or of unknown similarity) are left to the copied spans.
    expect(find(reworked, SOURCE, ANCHORS_ONLY, anchors.map((a) => ({ ...a, similarity: 0.95 })))).toEqual([]);
    // A sentence of the page's own between the edited copies: they stay apart.
    const around = `${OWN_A} ${editedFirst} The coaches blamed the pitch for the lack of chances in heavy rain. ${editedThird} ${OWN_B}`;
    expect(find(around, SOURCE, ANCHORS_ONLY, edited(around))).toEqual([]);
  });

  it('makes an edited copy inside a reworded sentence a passage of the sentence, not when the rest of the sentence is its own', () => {
    const copied = 'regional council approved a plan on Tuesday';
    const short = { ...ANCHORS_ONLY, minChars: 100 };
    const edited = (page: string, similarity: number): Anchor[] => [{ ...anchorOf(page, SOURCE, copied), similarity }];
    const reworded = `${OWN_A} After long delays the ${copied} for rebuilding the old harbour wall that winter storms had badly damaged. ${OWN_B}`;
    const passages = find(reworded, SOURCE, short, edited(reworded, 0.8));
    expect(passages).toHaveLength(1);
    expect(passages[0]!.pageStart).toBeLessThanOrEqual(reworded.indexOf(copied));
    expect(passages[0]!.pageEnd).toBe(reworded.indexOf(' had badly damaged.') + ' had badly damaged'.length);
    // A copy as alike as a verbatim one is the copied span's to show.
    expect(find(reworded, SOURCE, short, edited(reworded, 0.95))).toEqual([]);
    // The rest of the sentence shares no wording with the rest of the source sentence.
    const own = `${OWN_A} The chairman said the ${copied} as fans left the ground after a goalless draw. ${OWN_B}`;
    expect(find(own, SOURCE, short, edited(own, 0.8))).toEqual([]);
  });

  it('does not join two copied sentences side by side, nor copied sentences around prose of its own', () => {
    const [first, second, third] = SOURCE.split(/(?<=\.) /);
    const sideBySide = `${OWN_A} ${first} ${third} ${OWN_B}`;
    expect(find(sideBySide, SOURCE, ANCHORS_ONLY, [anchorOf(sideBySide, SOURCE, first!), anchorOf(sideBySide, SOURCE, third!)])).toEqual([]);
    const around = `${first} ${OWN_B} ${second}`;
    expect(find(around, SOURCE, ANCHORS_ONLY, [anchorOf(around, SOURCE, first!), anchorOf(around, SOURCE, second!)])).toEqual([]);
  });

  it('leaves out of the comparison what the page copied from another document', () => {
    // A sentence of another document that happens to resemble one of the source.
    const other = 'Engineers warned that without quick repairs the fishing fleet would have to leave for a port forty kilometres away, officials said.';
    const page = `${OWN_A} ${other} ${OWN_B}`;
    const options = { minChars: 50, singleSeedCosine: 0 };
    expect(find(page, SOURCE, options)).toHaveLength(1);
    const start = page.indexOf(other);
    const foreign: Anchor = { pageStart: start, pageEnd: start + other.length, docStart: 0, docEnd: other.length };
    expect(find(page, SOURCE, options, [], [foreign])).toEqual([]);
  });
});

describe('prepareText', () => {
  it('gives inflected forms of a word one term and leaves function words out', () => {
    const text = 'Connected networks need connections. The connection connects them.';
    const prepared = prepare(text);
    const tokens = tokenizeWords(text);
    const termOf = (word: string): number => {
      const i = Array.from({ length: tokens.count }, (_, k) => text.slice(tokens.starts[k]!, tokens.ends[k]!)).indexOf(word);
      return prepared.wordTerms[i]!;
    };
    expect(termOf('Connected')).toBe(termOf('connections'));
    expect(termOf('connection')).toBe(termOf('connects'));
    expect(termOf('The')).toBe(-1);
    expect(termOf('them')).toBe(-1);
  });

  it('counts lower-case content words as wording, and names, numbers and function words not', () => {
    const text = 'Officials in Baghdad said 17,000 families signed the petition on Sunday.';
    const prepared = prepare(text);
    const tokens = tokenizeWords(text);
    const wording = Array.from({ length: tokens.count }, (_, i) => text.slice(tokens.starts[i]!, tokens.ends[i]!)).filter(
      (_, i) => prepared.wordLower[i] === 1,
    );
    expect(wording).toEqual(['said', 'families', 'signed', 'petition']);
  });
});

describe('mergeCondensations', () => {
  /** A passage over page sentences `[pageFirst, pageLast]` (10 characters each) and source sentences `[docFirst, docLast]` (100 each). */
  const passage = (pageFirst: number, pageLast: number, docFirst: number, docLast: number): RewrittenPassage => ({
    pageFirstSentence: pageFirst,
    pageLastSentence: pageLast,
    docFirstSentence: docFirst,
    docLastSentence: docLast,
    pageStart: 10 * pageFirst,
    pageEnd: 10 * pageLast + 9,
    docStart: 100 * docFirst,
    docEnd: 100 * docLast + 99,
    similarity: 0.4,
    sharedTerms: 6,
    seeds: 2,
    aligned: false,
  });

  it('joins condensations on consecutive page sentences however far apart their source sides are', () => {
    const [joined, ...others] = mergeCondensations([passage(2, 3, 0, 3), passage(4, 5, 40, 44)]);
    expect(others).toEqual([]);
    expect(joined).toMatchObject({ pageFirstSentence: 2, pageLastSentence: 5, pageStart: 20, pageEnd: 59, docStart: 0, docEnd: 4499, seeds: 4 });
  });

  it('keeps condensations apart when a page sentence lies between them', () => {
    expect(mergeCondensations([passage(2, 3, 0, 3), passage(5, 6, 40, 44)])).toHaveLength(2);
  });

  it('joins a copied fragment on the page sentence next to a condensation to it, not one further away, and no copied fragment alone', () => {
    const next = { ...passage(4, 4, 60, 60), seeds: 1 };
    const further = { ...passage(7, 7, 80, 80), seeds: 1 };
    const [joined, ...others] = mergeCondensations([passage(2, 3, 0, 3)], [next, further]);
    expect(others).toEqual([]);
    expect(joined).toMatchObject({ pageStart: 20, pageEnd: 49, docStart: 0, docEnd: 6099, seeds: 3 });
    expect(mergeCondensations([], [next, further])).toEqual([]);
  });
});
