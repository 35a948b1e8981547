/**
 * The parts of the hover card that tell copied and rewritten passages apart:
 * the kind label, and for a rewritten passage its similarity as shared content
 * words and its sentences side by side with the source sentences they were
 * rewritten from (a word diff of a paraphrase would strike nearly everything).
 *
 * Built with `createElementNS` and `textContent` only: page and corpus text are
 * data, never markup.
 *
 * The pairs and the overlap are computed by the background (`RewriteExplanation`):
 * the content script of every page carries no stemmer and no stopword list. Its
 * strings come from `browser.i18n` directly (`cardText`), not through extension/i18n's
 * `t`, whose English fallback table would ride along in every page.
 */
import { browser } from 'wxt/browser';
import type { MessageKey } from '../extension/i18n';
import type { MatchKind } from '../lib/matcher';
import type { RewriteExplanation, Sentence, TextRange } from '../lib/sentence-pairs';

/** HTML namespace: in XML documents `createElement` makes namespace-less elements whose styles do not apply. */
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** What these parts read of a match. */
export interface KindMatch {
  kind: MatchKind;
  /** The page's text of the passage. */
  pageText: string;
  /** The source's text of the passage. */
  sourceText: string;
  /** Shared words and sentence pairs of a rewritten passage, from the background. */
  rewrite?: RewriteExplanation;
}

/**
 * The message `key` in the reader's language (`_locales`), `$1`… filled with
 * `substitutions`. The key itself when the browser has no such message.
 */
export function cardText(key: MessageKey, substitutions: ReadonlyArray<string | number> = []): string {
  try {
    const subs = substitutions.map(String);
    return browser.i18n.getMessage(key, subs.length > 0 ? subs : undefined) || key;
  } catch {
    return key;
  }
}

/** The reader's locale for numbers and dates (the browser's UI language). */
function readerLocale(): string | undefined {
  try {
    return browser.i18n.getUILanguage() || undefined;
  } catch {
    return undefined;
  }
}

/** A whole number in the reader's locale ("1,234", "1.234"). */
export function formatCount(value: number): string {
  try {
    return new Intl.NumberFormat(readerLocale(), { maximumFractionDigits: 0 }).format(value);
  } catch {
    return String(Math.round(value));
  }
}

/**
 * A publication date (`YYYY-MM-DD` or an ISO 8601 timestamp, lib/corpus.ts) in
 * the reader's locale ("Jan 5, 2009", "05.01.2009"); anything else as given.
 * The calendar day is the one written, whatever the reader's time zone.
 */
export function formatPublished(published: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(published);
  if (!day) return published;
  const time = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
  if (Number.isNaN(time)) return published;
  try {
    return new Intl.DateTimeFormat(readerLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(time);
  } catch {
    return published.slice(0, 10);
  }
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
  return h(document, 'span', { 'data-part': 'kind', 'data-kind': match.kind }, cardText(match.kind === 'rewritten' ? 'cardKindRewritten' : 'cardKindCopied'));
}

/**
 * The similarity of a rewritten passage as a reader can check it: how many of
 * its distinct content words also occur in the source ("Shares 14 of 22
 * content words with the source"). The matcher's word-level similarity would
 * read as a low percentage for a faithful paraphrase.
 */
export function rewrittenSimilarityText(match: Pick<KindMatch, 'rewrite'>): string {
  const overlap = match.rewrite?.overlap ?? { shared: 0, total: 0 };
  return cardText('cardSharedWords', [formatCount(overlap.shared), formatCount(overlap.total)]);
}

/**
 * The body of the card for a rewritten passage: a two-column table, one row per
 * page sentence, the page sentence beside the source sentence(s) it most
 * resembles, shared content words in bold on both sides; then a legend.
 */
export function renderSentencePairs(document: Document, match: Pick<KindMatch, 'pageText' | 'sourceText' | 'rewrite'>): HTMLElement[] {
  const pairs = match.rewrite?.pairs ?? [];
  const head = h(
    document,
    'thead',
    {},
    h(document, 'tr', {}, h(document, 'th', { scope: 'col' }, cardText('cardPairsPage')), h(document, 'th', { scope: 'col' }, cardText('cardPairsSource'))),
  );
  const body = h(document, 'tbody');
  for (const pair of pairs) {
    const page = h(document, 'td', { class: 'page', 'data-part': 'pair-page' }, ...emphasise(document, match.pageText, pair.page, pair.pageShared));
    const source = h(document, 'td', { class: 'source', 'data-part': 'pair-source' });
    if (pair.sources.length === 0) source.append(h(document, 'span', { class: 'none' }, cardText('cardPairsNoSource')));
    for (const sentence of pair.sources) source.append(h(document, 'p', {}, ...emphasise(document, match.sourceText, sentence, pair.sourceShared)));
    body.append(h(document, 'tr', {}, page, source));
  }
  const table = h(document, 'table', { 'data-part': 'sentence-pairs', 'aria-label': cardText('cardPairsLabel') }, head, body);
  return [table, h(document, 'p', { class: 'legend' }, cardText('cardPairsLegend'))];
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
