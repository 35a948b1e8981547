/**
 * Texts shared by the rewritten stage's tests (detect.test.ts, stage.test.ts):
 * a short local news story, the same facts reworded and reordered, and
 * unrelated paragraphs a page of its own could hold. Not used outside tests.
 */

/** The source story, sentence by sentence. */
export const HARBOUR_SOURCE_SENTENCES: readonly string[] = [
  'The regional council approved a plan on Tuesday to rebuild the old harbour wall, which storms damaged badly last winter.',
  'Engineers warned that without repairs the fishing fleet would have to move to a port forty kilometres away.',
  'The work will cost about twelve million euros and should be finished before the autumn storms return.',
  'Local fishermen welcomed the decision but complained that the council had waited far too long to act.',
  'Tourism officials hope the rebuilt wall will also bring back the summer ferry service to the islands.',
];

/** The facts of the first four source sentences, reworded sentence by sentence, in the source's order. */
export const HARBOUR_REWRITE_IN_ORDER = [
  'On Tuesday the regional council backed a plan for rebuilding the old harbour wall, badly damaged by storms last winter.',
  'Without them, engineers had warned, the fishing fleet would need to move to another port forty kilometres away.',
  'Repairs will cost roughly twelve million euros and are due to be finished before the storms of autumn come back.',
  'Fishermen in the town were pleased with the decision, though they said the council waited much too long before acting.',
].join(' ');

/** The same reworded sentences in another order. */
export const HARBOUR_REWRITE = [
  'Fishermen in the town were pleased with the decision, though they said the council waited much too long before acting.',
  'On Tuesday the regional council backed a plan for rebuilding the old harbour wall, badly damaged by storms last winter.',
  'Repairs will cost roughly twelve million euros and are due to be finished before the storms of autumn come back.',
  'Without them, engineers had warned, the fishing fleet would need to move to another port forty kilometres away.',
].join(' ');

/** A paragraph about something else (sport). */
export const OWN_FOOTBALL =
  'The football season opened with a goalless draw in heavy rain. Fans of both clubs left early, and the coaches blamed the pitch for the lack of chances.';

/** Another paragraph about something else (a shop). */
export const OWN_BAKERY =
  'A new bakery has opened on the corner of the market square. Its owner says the sourdough recipe came from her grandmother and takes two days to prepare.';
