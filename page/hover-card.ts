/**
 * The card that tells where a highlighted passage came from.
 *
 * Rendered in a closed shadow root: page CSS cannot restyle it and page scripts
 * cannot read it. Built with `textContent` only — corpus and page text are data,
 * never markup. Placed by `placeCard` (card-position.ts) below or above the
 * passage so it stays on screen, and placed again on scroll and resize.
 *
 * Every string goes through `browser.i18n` (`cardText`); numbers and dates are
 * formatted for the reader's locale.
 */
import type { SourcedMatch } from '../lib/domain';
import { otherSourcesOf } from '../lib/passage-grouping';
import { countChangedWords } from '../lib/word-diff';
import { placeCard } from './card-position';
import { cardText, formatCount, formatPublished, renderKindLabel, renderSentencePairs, rewrittenSimilarityText, SENTENCE_PAIRS_STYLE } from './card-sentence-pairs';
import { trusted } from './trusted-events';

/**
 * HTML namespace: in XML documents `createElement` makes namespace-less elements,
 * which cannot host a shadow root and whose `<style>` does not apply.
 */
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/**
 * Tag of the card's host: a built-in element. A custom element name can be
 * defined by the page first, and its `attachInternals()` then hands the page our
 * closed shadow root (`ElementInternals.shadowRoot`); built-ins cannot be
 * redefined. `div` is one of the elements allowed to host a shadow root
 * (https://dom.spec.whatwg.org/#dom-element-attachshadow).
 */
const HOST_TAG = 'div';

/** A source of a painted passage, with the page's text of the span it shares. */
export interface CardMatch extends SourcedMatch {
  /** The page's text of this match (the passage, or the part of it this source shares). */
  pageText: string;
}

/** What the card shows: one page passage and every source it was found in. */
export interface CardContent {
  /** Its sources, in display order (major sources first, then earliest). */
  matches: CardMatch[];
}

/** What the card's buttons do; supplied by the feature that owns the card. */
export interface CardActions {
  openSource(match: CardMatch): void;
  copyCitation(match: CardMatch): Promise<void>;
  dismiss(match: CardMatch): void;
}

const STYLE = `
:host { all: initial; position: fixed; top: 0; left: 0; z-index: 2147483647; }
.card {
  box-sizing: border-box; width: max-content; max-width: min(440px, calc(100vw - 16px));
  max-height: min(420px, calc(100vh - 16px)); overflow: auto;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2328; background: #ffffff; border: 1px solid #d0d7de; border-radius: 8px;
  box-shadow: 0 8px 24px rgba(31, 35, 40, 0.2); padding: 12px 14px;
}
.eyebrow { font-size: 11px; letter-spacing: .06em; text-transform: uppercase; color: #59636e; margin: 0 0 4px; }
[data-part="title"] { font-weight: 650; font-size: 15px; margin: 0; }
[data-part="meta"] { color: #59636e; font-size: 12px; margin: 2px 0 0; }
[data-part="similarity"] { display: inline-block; margin: 8px 0 0; font-size: 12px; font-weight: 600;
  color: #0a3069; background: #ddf4ff; border-radius: 10px; padding: 1px 8px; }
blockquote { margin: 10px 0 4px; padding: 0 0 0 10px; border-left: 3px solid #bf8700; color: #1f2328; }
.context { color: #6e7781; }
ins { text-decoration: underline 2px #1a7f37; background: #dafbe1; color: #116329; }
del { text-decoration: line-through; background: #ffebe9; color: #a40e26; }
.legend { font-size: 11px; color: #59636e; margin: 0 0 8px; }
[data-part="other-sources"] { font-size: 12px; color: #59636e; margin: 4px 0 8px; }
[data-part="sources"] { list-style: none; margin: 6px 0 8px; padding: 0; border-top: 1px solid #d8dee4; }
[data-part="sources"] button { all: unset; cursor: pointer; display: block; width: 100%; box-sizing: border-box;
  padding: 4px 2px; font-size: 12px; border-bottom: 1px solid #eaeef2; }
[data-part="sources"] button[aria-current="true"] { font-weight: 650; }
[data-part="sources"] button:focus-visible, .actions button:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
/* The buttons stay in view at the card's foot while a long rewritten passage scrolls above them. */
.actions { display: flex; flex-wrap: wrap; gap: 6px; position: sticky; bottom: -12px; margin: 10px -14px -12px;
  padding: 8px 14px 12px; background: inherit; border-top: 1px solid #d0d7de; }
.actions button { font: inherit; font-size: 12px; padding: 4px 10px; border-radius: 6px; cursor: pointer;
  border: 1px solid #d0d7de; background: #f6f8fa; color: #1f2328; }
.actions button.primary { background: #1f883d; border-color: #1a7f37; color: #ffffff; }
@media (prefers-color-scheme: dark) {
  .card { color: #e6edf3; background: #161b22; border-color: #30363d; box-shadow: 0 8px 24px rgba(0,0,0,.5); }
  .eyebrow, [data-part="meta"], .legend, .context, [data-part="other-sources"] { color: #8d96a0; }
  [data-part="similarity"] { color: #cae8ff; background: #0c2d6b; }
  blockquote { color: #e6edf3; }
  ins { background: #033a16; color: #7ee787; }
  del { background: #67060c; color: #ffa198; }
  .actions { border-top-color: #30363d; }
  .actions button { background: #21262d; border-color: #30363d; color: #e6edf3; }
}
`;

function words(count: number): string {
  return count === 1 ? cardText('cardWordsOne') : cardText('cardWordsOther', [formatCount(count)]);
}

/** A similarity, 0–1, as the whole percent the messages put before their "%". */
function percent(similarity: number): string {
  return formatCount(Math.round(similarity * 100));
}

/** A reusable hover card attached to one document. */
export class HoverCard {
  private host: HTMLElement | null = null;
  private card: HTMLElement | null = null;
  private stopPlacing: (() => void) | null = null;
  private content: CardContent | null = null;
  private selected = 0;

  constructor(
    private readonly document: Document,
    private readonly actions: CardActions,
  ) {}

  /** Whether `node` is the card or inside it. */
  contains(node: Node | null): boolean {
    return Boolean(node && this.host && (node === this.host || this.host.contains(node)));
  }

  /** Whether `element` is the card's host (for readers and observers of the page to skip). */
  isHost(element: Element): boolean {
    return element === this.host;
  }

  /** Whether the card is shown. */
  get isOpen(): boolean {
    return this.content !== null;
  }

  /**
   * Shows `content` next to `anchor`; `pointerY` is where the pointer that
   * opened it rests (none for keyboard focus), kept clear by a pinned card.
   */
  show(anchor: Range, content: CardContent, listeners: { onEnter: () => void; onLeave: () => void }, pointerY?: number): void {
    this.hide();
    this.content = content;
    this.selected = 0;
    const { host, card } = this.createHost(listeners);
    this.render();
    this.stopPlacing = this.keepPlaced(anchor, host, card, pointerY);
  }

  /**
   * Places the card now, and again when the page scrolls (any scroller: capture),
   * the window resizes or the card's size changes, once per frame at most.
   * Returns what stops it.
   */
  private keepPlaced(anchor: Range, host: HTMLElement, card: HTMLElement, pointerY: number | undefined): () => void {
    const view = this.document.defaultView;
    const place = (): void => {
      if (!view) return;
      // Measure at the stylesheet's cap, then fit to the room on the chosen side.
      card.style.maxHeight = '';
      const size = card.getBoundingClientRect();
      const placement = placeCard(
        [...anchor.getClientRects()],
        anchor.getBoundingClientRect(),
        { width: size.width, height: size.height },
        { width: view.innerWidth, height: view.innerHeight },
        pointerY,
      );
      card.style.maxHeight = `${placement.maxHeight}px`;
      host.style.left = `${placement.left}px`;
      host.style.top = `${placement.top}px`;
    };
    place();
    if (!view) return () => undefined;
    let frame = 0;
    const schedule = (): void => {
      if (frame === 0) frame = view.requestAnimationFrame(() => ((frame = 0), place()));
    };
    const options = { capture: true, passive: true } as const;
    view.addEventListener('scroll', schedule, options);
    view.addEventListener('resize', schedule, options);
    const observer = typeof view.ResizeObserver === 'function' ? new view.ResizeObserver(schedule) : null;
    observer?.observe(card);
    return () => {
      view.removeEventListener('scroll', schedule, options);
      view.removeEventListener('resize', schedule, options);
      observer?.disconnect();
      if (frame !== 0) view.cancelAnimationFrame(frame);
    };
  }

  /** Hides the card and releases its listeners. */
  hide(): void {
    this.stopPlacing?.();
    this.stopPlacing = null;
    this.host?.remove();
    this.host = null;
    this.card = null;
    this.content = null;
  }

  private createHost(listeners: { onEnter: () => void; onLeave: () => void }): { host: HTMLElement; card: HTMLElement } {
    const host = this.document.createElementNS(XHTML_NS, HOST_TAG) as HTMLElement;
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = this.document.createElementNS(XHTML_NS, 'style') as HTMLStyleElement;
    style.textContent = STYLE + SENTENCE_PAIRS_STYLE;
    const card = this.document.createElementNS(XHTML_NS, 'div') as HTMLDivElement;
    card.className = 'card';
    card.setAttribute('role', 'dialog');
    card.setAttribute('aria-label', cardText('cardLabel'));
    card.addEventListener('pointerenter', trusted(listeners.onEnter));
    card.addEventListener('pointerleave', trusted(listeners.onLeave));
    shadow.append(style, card);
    this.document.documentElement.append(host);
    this.host = host;
    this.card = card;
    return { host, card };
  }

  private render(): void {
    const card = this.card;
    const content = this.content;
    const match = content?.matches[this.selected];
    if (!card || !content || !match) return;
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] => {
      const element = this.document.createElementNS(XHTML_NS, tag) as HTMLElementTagNameMap[K];
      for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
      if (text !== undefined) element.textContent = text;
      return element;
    };

    // The background sends a copied match's diff; without one the source passage shows unmarked.
    const parts = match.diff ?? [{ kind: 'same' as const, text: match.sourceText }];
    const changed = countChangedWords(parts);
    const meta = [match.source.outlet, match.source.published ? formatPublished(match.source.published) : '', hostnameOf(match.source.url)]
      .filter(Boolean)
      .join(' · ');
    const quote = el('blockquote', { 'data-part': 'source-passage' });
    if (match.contextBefore) quote.append(el('span', { class: 'context' }, match.contextBefore));
    for (const part of parts) {
      if (part.kind === 'same') quote.append(part.text);
      else quote.append(el(part.kind === 'added' ? 'ins' : 'del', {}, part.text));
    }
    if (match.contextAfter) quote.append(el('span', { class: 'context' }, match.contextAfter));

    const similarity = cardText('passageSimilarity', [percent(match.similarity)]);
    const changes =
      changed.added + changed.removed === 0 ? cardText('cardVerbatim') : cardText('cardChanges', [words(changed.removed), formatCount(changed.added)]);
    const children: Node[] = [
      el(
        'p',
        { class: 'eyebrow' },
        content.matches.length > 1 ? cardText('cardFoundInOther', [formatCount(content.matches.length)]) : cardText('cardFoundInOne'),
      ),
      el('p', { 'data-part': 'title' }, match.source.title),
    ];
    // Which corpus the article is from matters once the user has imported their own.
    const metaLine = el('p', { 'data-part': 'meta' }, meta ? `${meta} · ` : '');
    metaLine.append(el('span', { 'data-part': 'corpus' }, cardText('sourceCorpus', [match.corpus.name])));
    children.push(metaLine);
    // A rewritten passage shows its sentences beside the source's instead of a word diff.
    card.setAttribute('data-kind', match.kind);
    children.push(renderKindLabel(this.document, match));
    if (match.kind === 'rewritten') {
      children.push(el('span', { 'data-part': 'similarity' }, rewrittenSimilarityText(match)), ...renderSentencePairs(this.document, match));
    } else {
      children.push(el('span', { 'data-part': 'similarity' }, `${similarity} · ${changes}`), quote);
    }
    if (match.kind !== 'rewritten' && changed.added + changed.removed > 0) {
      children.push(el('p', { class: 'legend' }, cardText('cardLegend')));
    }
    // The matcher compares a passage with its closest candidates only (lib/source-cap.ts); say how many more share it,
    // before the list of sources, which can run to a hundred on a reprinted article.
    const others = otherSourcesOf(content.matches);
    if (others > 0) {
      children.push(
        el('p', { 'data-part': 'other-sources' }, others === 1 ? cardText('cardOtherSourcesOne') : cardText('cardOtherSourcesOther', [formatCount(others)])),
      );
    }
    if (content.matches.length > 1) {
      const list = el('ul', { 'data-part': 'sources', 'aria-label': cardText('cardSourcesLabel') });
      content.matches.forEach((candidate, i) => {
        const date = candidate.source.published ? `${formatPublished(candidate.source.published)} · ` : '';
        const share =
          candidate.kind === 'rewritten'
            ? rewrittenSimilarityText(candidate)
            : cardText('cardSourceShare', [percent(candidate.similarity), words(candidate.matchedWords)]);
        const button = el('button', { type: 'button' }, `${date}${candidate.source.title} — ${share}`);
        if (i === this.selected) button.setAttribute('aria-current', 'true');
        button.addEventListener(
          'click',
          trusted(() => {
            this.selected = i;
            this.render();
          }),
        );
        const item = el('li');
        item.append(button);
        list.append(item);
      });
      children.push(list);
    }
    const actions = el('div', { class: 'actions' });
    const open = el('button', { type: 'button', class: 'primary', 'data-action': 'open-source' }, cardText('cardOpenSource'));
    // Trusted clicks only: a page can call `click()` on anything it reaches (issue 12, point 1).
    open.addEventListener('click', trusted(() => this.actions.openSource(match)));
    const copy = el('button', { type: 'button', 'data-action': 'copy-citation' }, cardText('cardCopyCitation'));
    copy.addEventListener(
      'click',
      trusted(() => {
        this.actions.copyCitation(match).then(
          () => (copy.textContent = cardText('cardCitationCopied')),
          () => (copy.textContent = cardText('cardCopyFailed')),
        );
      }),
    );
    const dismiss = el('button', { type: 'button', 'data-action': 'dismiss' }, cardText('cardDismiss'));
    dismiss.addEventListener('click', trusted(() => this.actions.dismiss(match)));
    actions.append(open, copy, dismiss);
    children.push(actions);
    card.replaceChildren(...children);
  }
}

/** The host name of a source's URL, or nothing for none or one that does not parse. */
function hostnameOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
