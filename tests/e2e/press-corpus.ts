/**
 * A reader's own small corpus, imported by the Chromium (import-corpus.spec.ts)
 * and Firefox (tests/firefox) tests; tests/e2e/pages/imported.html reuses one
 * sentence of it.
 */

/** Title of the article the page reuses. */
export const REUSED_TITLE = 'Inner basin dredging to start in June';
/** The sentence tests/e2e/pages/imported.html reuses from the corpus below. */
export const REUSED_PASSAGE =
  'the dredging of the inner basin will begin in the second week of June and is expected to last eleven weeks, during which the east quay will be closed to all commercial vessels';

/** Three press releases of a harbour authority. */
export const PRESS_ARTICLES = [
  {
    id: 'dredging',
    title: REUSED_TITLE,
    text:
      'The port authority announced its summer works on Wednesday. ' +
      `The ${REUSED_PASSAGE.slice(4)}. ` +
      'Temporary moorings will be provided at the west pier for the duration of the works.',
    outlet: 'Port Authority press office',
    published: '2024-04-30',
  },
  {
    id: 'ferry',
    title: 'New ferry timetable',
    text: 'The island ferry will run every forty minutes from the first of July, with a late sailing on Fridays and Saturdays during the festival season.',
  },
  {
    id: 'lighthouse',
    title: 'Lighthouse open days',
    text: 'Visitors will be able to climb the old lighthouse on the first Sunday of every month, when volunteers from the harbour trust will explain its history.',
  },
];
