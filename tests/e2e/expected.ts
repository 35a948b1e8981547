/**
 * What the test pages reuse from the shipped corpus, as the reader sees it on
 * the page (whitespace normalized, `<br>` read as a space). A highlight spans
 * reused words, so the comparison ignores punctuation at either end of a
 * passage (an opening quote, the full stop) — see `trimPunctuation`.
 */

export const TITLES = {
  '000': 'US urges Iraq to treat MKO members humanely',
  '001': 'Iraq wants departure of MKO terrorists',
  '002': 'MKO claims to win US protection',
  '003': 'Iran to Pursue Expulsion of MKO after Formation of Iraqi Gov’t',
  '004': 'Diyala residents condemn MKO and urge its expulsion from Iraq',
} as const;

/** Passages of tests/e2e/pages/news.html, keyed by what is special about them. */
export const NEWS = {
  /** 000, verbatim; starts with a drop cap `<span class="dropcap">T</span>he`. */
  dropCap:
    'The United States urges Iraq to "act humanely and with respect" with members of an anti-Iranian terrorist group responsible for numerous bombings and assassination attempts against Iranians',
  /** 000, verbatim; links, `<strong>` and `<em>` nested inside. */
  inline:
    'State Department spokesman Ian Kelly said Friday that Washington hopes the Mujahedin Khalq Organization (MKO) will be treated humanely and do not end up in a country where they could be harmed following their removal from their bases at Camp Ashraf',
  /** 000, verbatim; a `<br>` between "relocation" and "with". */
  lineBreak:
    'What we would do, first and foremost, is to urge the Iraqi authorities to conduct any such relocation with the residents of Camp Ashraf, that it is done in a lawful and humane way," he said',
  /** 000, one word changed ("remote" → "desolate"), between two original sentences. */
  surrounded:
    'His comments come after Iraqi Prime Minister Nouri al-Maliki said Thursday that his government has decided to relocate the terrorist group to a desolate area in the southern part of the country before expelling them once and for all',
  /** 000, verbatim, in a `<blockquote>`. */
  blockquote:
    'Their presence at Ashraf is a major risk because of the historical ties with some groups and political powers in that area, especially the [remnants] of the former regime and al-Qaeda',
  /** 002, one word changed ("disputed" → "rejected"), in a `<ul>`. */
  listEdited:
    'An Iraqi official, however, rejected the claims, indicating that no security guarantees had been granted to MKO members',
  /** 003 and 004 (both verbatim), in a `<table>` cell. */
  tableTwoSources:
    'A May 2005 Human Rights Watch report accused the MKO of running prison camps in Iraq and committing human rights violations',
  /** 001, verbatim; in a paragraph the page inserts one second after load. */
  late:
    'Among the various terrorist activities carried out by the MKO is their massacre of Iraqi Kurds for their opposition to the last dictator of Iraq, Saddam Hussein \u2014 from whom the organization received financial support',
} as const;

/** Every reused passage of news.html, in document order. */
export const NEWS_IN_ORDER: string[] = [
  NEWS.dropCap,
  NEWS.inline,
  NEWS.lineBreak,
  NEWS.surrounded,
  NEWS.blockquote,
  NEWS.listEdited,
  NEWS.tableTwoSources,
  NEWS.late,
];

/** Reused passages of demo/news.html, in document order. */
export const DEMO_IN_ORDER: string[] = [
  // 000, "lucky" → "fortunate"
  'They resided in Camp Ashraf in northern Baghdad for the past two decades and were fortunate enough to receive protected status following the US-led invasion of Iraq in 2003',
  // 004, verbatim
  'Several people from Diyala province have sent an email to Habilian declaring their displeasure over the MKO terrorist group’s presence on their territory',
  // 002, verbatim (straight quotes where the source has none)
  'MKO leaders said on Monday that the US embassy statement was a "real victory", indicating that the members of the group fell under Washington’s protection and could remain in safety',
  // 001, "high-ranking" → "senior"
  'In recent months, senior MKO members have been lobbying governments around the world in the hope of acknowledgement as a legitimate opposition group',
];

/** Original words next to reused passages on news.html: never highlighted. */
export const NEWS_ORIGINAL_NEIGHBOURS = [
  'Officials in Washington framed the appeal',
  'On a crowded briefing day',
  'Asked whether American troops would intervene',
  'he chose his words slowly',
  'Diplomats in Baghdad said the wording',
  'watched the announcement on satellite television',
  'Camp spokespeople told this newspaper',
  'Nouri al-Maliki, in a written Q&A',
  'Rights record',
  'A provincial council member in Baqubah',
  'Our reporter could not independently confirm',
];

/** Removes whitespace differences and any non-word characters at either end. */
export function trimPunctuation(text: string): string {
  return text
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/** One page of tests/e2e/pages/reveal: a passage shown only after a reveal, in the way real sites do it. */
export interface RevealPattern {
  file: string;
  /** Whether the visible passage shows before the reveal (not when the whole page is hidden). */
  visibleBefore: boolean;
  /** A selector to click for real (trusted click) instead of calling `__reveal()`. */
  click?: string;
  /** Whether the Firefox suite also checks the popup's list on this page (two representative pages). */
  popup?: boolean;
}

/** Every reveal page, for the Chromium (tests/e2e/reveal.spec.ts) and the Firefox (tests/firefox/firefox.test.ts) runs. */
export const REVEAL_PATTERNS: readonly RevealPattern[] = [
  { file: 'body-visibility.html', visibleBefore: false, popup: true },
  { file: 'html-display.html', visibleBefore: false },
  { file: 'class-toggle.html', visibleBefore: true },
  { file: 'style-toggle.html', visibleBefore: true },
  { file: 'continue-reading.html', visibleBefore: true, click: '#continue' },
  { file: 'tabs.html', visibleBefore: true, click: '#tab-b' },
  { file: 'accordion.html', visibleBefore: true, click: '#trigger' },
  { file: 'details.html', visibleBefore: true, click: 'summary' },
  { file: 'hidden-attribute.html', visibleBefore: true },
  { file: 'until-found.html', visibleBefore: true },
  { file: 'consent.html', visibleBefore: false, click: '#accept', popup: true },
  { file: 'late-stylesheet.html', visibleBefore: true },
  { file: 'shadow.html', visibleBefore: true },
];
