/**
 * The parts of the hover card that tell copied and rewritten passages apart:
 * the kind label, and for a rewritten passage its similarity as shared content
 * words and its sentences side by side with the source sentences they were
 * rewritten from (a word diff of a paraphrase would strike nearly everything).
 *
 * Built with `createElementNS` and `textContent` only: page and corpus text are
 * data, never markup.
 */
import { t } from '../i18n';
import type { MatchKind } from '../matcher';
import { contentWordOverlap, pairSentences, type Sentence, type TextRange } from '../sentence-pairs';

/** HTML namespace: in XML documents `createElement` makes namespace-less elements whose styles do not apply. */
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** What these parts read of a match. */
export interface KindMatch {
  kind: MatchKind;
  /** The page's text of the passage. */
  pageText: string;
  /** The source's text of the passage. */
  sourceText: string;
}

/** Card styles for the kind label and the sentence pairs; appended to the card's stylesheet. */
export const SENTENCE_PAIRS_STYLE = `
.card[data-kind="rewritten"] { max-width: min(620px, calc(100vw - 16px)); }
[data-part="kind"] { display: inline-block; margin: 8px 6px 0 0; font-size: 11px; font-weight: 700; letter-spacing: .05em;
  text-transform: uppercase; border-radius: 10px; padding: 1px 8px; }
[data-part="kind"][data-kind="copied"] { color: #7d4e00; background: #fff1b3; }
[data-part="kind"][data-kind="rewritten"] { color: #512a97; background: #f1e6ff; }
[data-part="sentence-pairs"] { width: 100%; border-collapse: separate; border-spacing: 0 6px; table-layout: fixed; margin: 6px 0 0; font-size: 13px; }
[data-part="sentence-pairs"] th { text-align: left; font-size: 11px; font-weight: 600; letter-spacing: .06em; text-transform: uppercase;
  color: #59636e; padding: 0 8px; }
[data-part="sentence-pairs"] td { vertical-align: top; padding: 4px 8px; line-height: 1.4; }
[data-part="sentence-pairs"] td.page { border-left: 3px solid #8250df; }
[data-part="sentence-pairs"] td.source { border-left: 3px solid #d0d7de; background: #f6f8fa; }
[data-part="sentence-pairs"] td.source p { margin: 0; }
[data-part="sentence-pairs"] td.source p + p { margin-top: 6px; }
[data-part="sentence-pairs"] strong { font-weight: 700; color: #1f2328; }
[data-part="sentence-pairs"] td { color: #424a53; }
[data-part="sentence-pairs"] .none { color: #6e7781; font-style: italic; }
@media (prefers-color-scheme: dark) {
  [data-part="kind"][data-kind="copied"] { color: #f2cc60; background: #3d2e00; }
  [data-part="kind"][data-kind="rewritten"] { color: #d2a8ff; background: #2e1a4f; }
  [data-part="sentence-pairs"] th, [data-part="sentence-pairs"] .none { color: #8d96a0; }
  [data-part="sentence-pairs"] td { color: #c9d1d9; }
  [data-part="sentence-pairs"] td.source { background: #0d1117; border-left-color: #30363d; }
  [data-part="sentence-pairs"] strong { color: #ffffff; }
}
`;

type Child = Node | string;

function h<K extends keyof HTMLElementTagNameMap>(
  document: Document,
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElementNS(XHTML_NS, tag) as HTMLElementTagNameMap[K];
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  for (const child of children) element.append(child);
  return element;
}

/** The label "Copied" or "Rewritten" (`data-part="kind"`, `data-kind` for styling). */
export function renderKindLabel(document: Document, match: Pick<KindMatch, 'kind'>): HTMLElement {
  return h(document, 'span', { 'data-part': 'kind', 'data-kind': match.kind }, t(match.kind === 'rewritten' ? 'cardKindRewritten' : 'cardKindCopied'));
}

/**
 * The similarity of a rewritten passage as a reader can check it: how many of
 * its distinct content words also occur in the source ("Shares 14 of 22
 * content words with the source"). The matcher's word-level similarity would
 * read as a low percentage for a faithful paraphrase.
 */
export function rewrittenSimilarityText(match: Pick<KindMatch, 'pageText' | 'sourceText'>): string {
  const overlap = contentWordOverlap(match.pageText, match.sourceText);
  return t('cardSharedWords', [overlap.shared, overlap.total]);
}

/**
 * The body of the card for a rewritten passage: a two-column table, one row per
 * page sentence, the page sentence beside the source sentence(s) it most
 * resembles, shared content words in bold on both sides; then a legend.
 */
export function renderSentencePairs(document: Document, match: Pick<KindMatch, 'pageText' | 'sourceText'>): HTMLElement[] {
  const pairs = pairSentences(match.pageText, match.sourceText);
  const head = h(
    document,
    'thead',
    {},
    h(document, 'tr', {}, h(document, 'th', { scope: 'col' }, t('cardPairsPage')), h(document, 'th', { scope: 'col' }, t('cardPairsSource'))),
  );
  const body = h(document, 'tbody');
  for (const pair of pairs) {
    const page = h(document, 'td', { class: 'page', 'data-part': 'pair-page' }, ...emphasise(document, match.pageText, pair.page, pair.pageShared));
    const source = h(document, 'td', { class: 'source', 'data-part': 'pair-source' });
    if (pair.sources.length === 0) source.append(h(document, 'span', { class: 'none' }, t('cardPairsNoSource')));
    for (const sentence of pair.sources) source.append(h(document, 'p', {}, ...emphasise(document, match.sourceText, sentence, pair.sourceShared)));
    body.append(h(document, 'tr', {}, page, source));
  }
  const table = h(document, 'table', { 'data-part': 'sentence-pairs', 'aria-label': t('cardPairsLabel') }, head, body);
  return [table, h(document, 'p', { class: 'legend' }, t('cardPairsLegend'))];
}

/**
 * The sentence's text with the `shared` ranges inside it in `<strong>`; shared
 * words joined by a hyphen ("al-Maliki") are emphasised as one.
 */
function emphasise(document: Document, text: string, sentence: Sentence, shared: readonly TextRange[]): Child[] {
  const runs: TextRange[] = [];
  for (const range of shared) {
    if (range.start < sentence.start || range.end > sentence.end) continue;
    const last = runs[runs.length - 1];
    if (last && range.start >= last.end && /^[-‐‑]?$/.test(text.slice(last.end, range.start))) last.end = range.end;
    else if (!last || range.start >= last.end) runs.push({ start: range.start, end: range.end });
  }
  const parts: Child[] = [];
  let at = sentence.start;
  for (const run of runs) {
    if (run.start > at) parts.push(text.slice(at, run.start));
    parts.push(h(document, 'strong', {}, text.slice(run.start, run.end)));
    at = run.end;
  }
  if (at < sentence.end) parts.push(text.slice(at, sentence.end));
  return parts;
}
