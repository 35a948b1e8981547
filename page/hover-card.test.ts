// @vitest-environment happy-dom
/**
 * The hover card's content: what it says about a match (title, outlet and
 * date, corpus, similarity per kind, diff, sentence pairs), in the reader's
 * language, what its buttons do, and that page and corpus text stay text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatMessage, MESSAGES, type MessageSource } from '../extension/i18n';
import type { MatchKind } from '../lib/matcher';
import { explainRewrite } from '../lib/sentence-pairs';
import { diffPassage } from '../lib/word-diff';
import { HoverCard, type CardActions, type CardMatch } from './hover-card';

/** The browser's i18n as the card sees it: messages of `locale.messages`, numbers and dates in `locale.ui`. */
const locale = vi.hoisted(() => {
  const state: { messages: Record<string, { message: string; placeholders?: Record<string, string> }>; ui: string } = { messages: {}, ui: 'en-US' };
  const format = (key: string, subs: string[] = []): string => {
    const source = state.messages[key];
    if (!source) return '';
    const named = source.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => source.placeholders?.[name.toLowerCase()] ?? whole);
    return named.replace(/\$([1-9])/g, (_whole, n: string) => subs[Number(n) - 1] ?? '');
  };
  Object.assign(globalThis, { chrome: { runtime: { id: 'test' }, i18n: { getMessage: format, getUILanguage: () => state.ui } } });
  return state;
});

const ENGLISH = MESSAGES as Record<string, MessageSource>;

/** `public/_locales/de/messages.json` in the shape the stub reads. */
function german(): typeof locale.messages {
  const file = JSON.parse(readFileSync(path.join(process.cwd(), 'public/_locales/de/messages.json'), 'utf8')) as Record<
    string,
    { message: string; placeholders?: Record<string, { content: string }> }
  >;
  return Object.fromEntries(
    Object.entries(file).map(([key, { message, placeholders }]) => [
      key,
      { message, placeholders: Object.fromEntries(Object.entries(placeholders ?? {}).map(([name, { content }]) => [name.toLowerCase(), content])) },
    ]),
  );
}

function useEnglish(): void {
  locale.messages = Object.fromEntries(
    Object.entries(ENGLISH).map(([key, source]) => [
      key,
      { message: source.message, placeholders: Object.fromEntries(Object.entries(source.placeholders ?? {}).map(([n, c]) => [n.toLowerCase(), c])) },
    ]),
  );
  locale.ui = 'en-US';
}

const SOURCE_TEXT = 'The ministry said on Tuesday that the new ferry timetable would start in March for all island routes.';
const PAGE_COPY = 'The ministry said on Monday that the new ferry timetable would start in March for all island routes.';
const REWRITE = 'Ferry timetables for every island route change in March, the ministry announced. Oil prices rose.';

function match(kind: MatchKind, pageText: string, overrides: Partial<CardMatch> = {}): CardMatch {
  return {
    kind,
    pageText,
    sourceText: SOURCE_TEXT,
    pageStart: 0,
    pageEnd: pageText.length,
    docId: 'doc-1',
    docStart: 0,
    docEnd: SOURCE_TEXT.length,
    similarity: kind === 'copied' ? 0.934 : 0.31,
    matchedWords: 17,
    pageWords: 18,
    docWords: 18,
    source: { id: 'doc-1', title: 'New ferry timetable', outlet: 'Island Times', published: '2009-01-05', url: 'https://news.example/ferry' },
    corpus: { id: 'shipped', name: 'Built-in news corpus' },
    contextBefore: 'Before. ',
    contextAfter: ' After.',
    documentLength: 400,
    // What the background adds to each match (entrypoints/background.ts).
    ...(kind === 'rewritten' ? { rewrite: explainRewrite(pageText, SOURCE_TEXT) } : { diff: diffPassage(pageText, SOURCE_TEXT) }),
    ...overrides,
  };
}

const norm = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

let shown: { root: ShadowRoot; card: HoverCard; actions: CardActions } | null = null;

/** Shows the card for `matches` over a paragraph and returns its closed shadow root (captured as attached). */
function show(matches: CardMatch[], actions: Partial<CardActions> = {}): ShadowRoot {
  let root: ShadowRoot | null = null;
  const attach = Element.prototype.attachShadow;
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
    root = attach.call(this, init);
    return root;
  });
  document.body.textContent = matches[0]!.pageText;
  const range = document.createRange();
  range.selectNodeContents(document.body);
  const all: CardActions = { openSource: vi.fn(), copyCitation: vi.fn(async () => undefined), dismiss: vi.fn(), ...actions };
  const card = new HoverCard(document, all);
  card.show(range, { matches }, { onEnter: () => undefined, onLeave: () => undefined });
  if (!root) throw new Error('the card attached no shadow root');
  shown = { root, card, actions: all };
  return root;
}

const part = (root: ShadowRoot, name: string): string => norm(root.querySelector(`[data-part="${name}"]`)?.textContent);

/** A click the browser would mark trusted (the card ignores synthetic ones). */
function trustedClick(element: Element): void {
  const event = new MouseEvent('click', { bubbles: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  element.dispatchEvent(event);
}

beforeEach(useEnglish);
afterEach(() => {
  shown?.card.hide();
  shown = null;
  vi.restoreAllMocks();
});

describe('HoverCard content', () => {
  it('states the source: title, outlet, date in the reader’s locale, host and corpus', () => {
    const root = show([match('copied', PAGE_COPY)]);
    expect(part(root, 'title')).toBe('New ferry timetable');
    expect(part(root, 'meta')).toBe('Island Times · Jan 5, 2009 · news.example · Corpus: Built-in news corpus');
    expect(part(root, 'corpus')).toBe('Corpus: Built-in news corpus');
    expect(norm(root.querySelector('.eyebrow')?.textContent)).toBe('Found in corpus article');
    expect(root.querySelector('.card')?.getAttribute('aria-label')).toBe('Source of this passage');
  });

  it('shows a copied passage’s similarity, its changes as a word diff with context, and the legend', () => {
    const root = show([match('copied', PAGE_COPY)]);
    expect(part(root, 'kind')).toBe('Copied');
    expect(part(root, 'similarity')).toBe('93% similar · 1 word changed or dropped, 1 added');
    const quote = root.querySelector('[data-part="source-passage"]')!;
    expect([...quote.querySelectorAll('del')].map((d) => norm(d.textContent))).toEqual(['Tuesday']);
    expect([...quote.querySelectorAll('ins')].map((d) => norm(d.textContent))).toEqual(['Monday']);
    expect([...quote.querySelectorAll('.context')].map((c) => norm(c.textContent))).toEqual(['Before.', 'After.']);
    expect(norm(root.querySelector('.legend')?.textContent)).toBe(MESSAGES.cardLegend.message);
  });

  it('says "copied verbatim" and shows no legend for an unchanged passage', () => {
    const root = show([match('copied', SOURCE_TEXT, { similarity: 1 })]);
    expect(part(root, 'similarity')).toBe('100% similar · copied verbatim');
    expect(root.querySelector('ins, del, .legend')).toBeNull();
  });

  it('shows a rewritten passage’s shared content words and its sentence pairs, not a diff', () => {
    const root = show([match('rewritten', REWRITE)]);
    expect(part(root, 'kind')).toBe('Rewritten');
    const { shared, total } = explainRewrite(REWRITE, SOURCE_TEXT).overlap;
    expect(part(root, 'similarity')).toBe(`Shares ${shared} of ${total} content words with the source`);
    const rows = [...root.querySelectorAll('[data-part="sentence-pairs"] tbody tr')];
    expect(rows).toHaveLength(2);
    expect(norm(rows[0]!.querySelector('[data-part="pair-source"]')?.textContent)).toBe(SOURCE_TEXT);
    expect(norm(rows[1]!.querySelector('[data-part="pair-source"]')?.textContent)).toBe('No similar sentence in the source');
    expect([...rows[0]!.querySelectorAll('[data-part="pair-page"] strong')].map((s) => s.textContent)).toContain('ministry');
    expect(root.querySelector('[data-part="source-passage"], ins, del')).toBeNull();
  });

  it('lists every source with date and share, and switches to the one clicked', () => {
    const second = match('rewritten', PAGE_COPY, {
      docId: 'doc-2',
      source: { id: 'doc-2', title: 'Ferries to change', published: '2009-02-01' },
    });
    const root = show([match('copied', PAGE_COPY), second]);
    expect(norm(root.querySelector('.eyebrow')?.textContent)).toBe('Found in 2 corpus articles');
    const items = [...root.querySelectorAll('[data-part="sources"] button')];
    expect(items.map((b) => norm(b.textContent))).toEqual([
      'Jan 5, 2009 · New ferry timetable — 93% similar over 17 words',
      expect.stringMatching(/^Feb 1, 2009 · Ferries to change — Shares \d+ of \d+ content words with the source$/),
    ]);
    expect(items[0]!.getAttribute('aria-current')).toBe('true');
    trustedClick(items[1]!);
    expect(part(root, 'title')).toBe('Ferries to change');
    expect(root.querySelector('[data-part="sources"] button[aria-current="true"]')?.textContent).toContain('Ferries to change');
  });

  it('says how many more articles share the passage when the matcher compared only the closest', () => {
    const second = match('copied', PAGE_COPY, { docId: 'doc-2', source: { id: 'doc-2', title: 'Ferries to change' }, otherSources: 41 });
    const root = show([match('copied', PAGE_COPY, { otherSources: 40 }), second]);
    expect(part(root, 'other-sources')).toBe('41 more corpus articles share phrases with this passage; they were not compared (the closest sources are shown).');
    // Above the list of sources, which can be long.
    const line = root.querySelector('[data-part="other-sources"]')!;
    expect(line.compareDocumentPosition(root.querySelector('[data-part="sources"]')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('says so in the singular for one article', () => {
    const root = show([match('copied', PAGE_COPY, { otherSources: 1 })]);
    expect(part(root, 'other-sources')).toBe('1 more corpus article shares phrases with this passage; it was not compared (the closest sources are shown).');
  });

  it('says nothing of other articles when none was left out', () => {
    expect(show([match('copied', PAGE_COPY)]).querySelector('[data-part="other-sources"]')).toBeNull();
  });

  it('runs the actions on trusted clicks only, and says when the citation is copied', async () => {
    const m = match('copied', PAGE_COPY);
    const root = show([m]);
    const button = (action: string): HTMLElement => root.querySelector(`[data-action="${action}"]`)!;
    expect(['open-source', 'copy-citation', 'dismiss'].map((a) => norm(button(a).textContent))).toEqual(['Open source', 'Copy citation', 'Not a match here']);
    button('open-source').click(); // synthetic: a page could do this
    expect(shown!.actions.openSource).not.toHaveBeenCalled();
    trustedClick(button('open-source'));
    expect(shown!.actions.openSource).toHaveBeenCalledWith(m);
    trustedClick(button('dismiss'));
    expect(shown!.actions.dismiss).toHaveBeenCalledWith(m);
    trustedClick(button('copy-citation'));
    expect(shown!.actions.copyCitation).toHaveBeenCalledWith(m);
    await vi.waitFor(() => expect(norm(button('copy-citation').textContent)).toBe('Citation copied'));
  });

  it('says when copying failed', async () => {
    const root = show([match('copied', PAGE_COPY)], { copyCitation: async () => Promise.reject(new Error('denied')) });
    const copy = root.querySelector('[data-action="copy-citation"]')!;
    trustedClick(copy);
    await vi.waitFor(() => expect(norm(copy.textContent)).toBe('Copy failed'));
  });

  it('renders markup in page and corpus text as text', () => {
    const hostile = '<img src=x onerror=alert(1)> The ministry said <b>on Monday</b>.';
    const root = show([
      match('copied', hostile, {
        sourceText: '<script>alert(2)</script> The ministry said.',
        contextBefore: '<iframe src=x>',
        source: { id: 'd', title: '<svg onload=alert(3)>', outlet: '<i>x</i>', published: 'not <a> date' },
        corpus: { id: 'c', name: '<b>mine</b>' },
      }),
    ]);
    expect(root.querySelector('img, b, i, script, svg, iframe, a')).toBeNull();
    expect(part(root, 'title')).toBe('<svg onload=alert(3)>');
    expect(part(root, 'meta')).toBe('<i>x</i> · not <a> date · Corpus: <b>mine</b>');
  });
});

describe('HoverCard in German', () => {
  beforeEach(() => {
    locale.messages = german();
    locale.ui = 'de-DE';
  });

  it('speaks the reader’s language, dates and numbers included', () => {
    const root = show([match('copied', PAGE_COPY), match('rewritten', REWRITE, { docId: 'doc-2' })]);
    expect(norm(root.querySelector('.eyebrow')?.textContent)).toBe('Gefunden in 2 Korpusartikeln');
    expect(part(root, 'meta')).toBe('Island Times · 05.01.2009 · news.example · Korpus: Built-in news corpus');
    expect(part(root, 'kind')).toBe('Übernommen');
    expect(part(root, 'similarity')).toBe('93 % ähnlich · 1 Wort geändert oder weggelassen, 1 hinzugefügt');
    const buttons = [...root.querySelectorAll('[data-action]')].map((b) => norm(b.textContent));
    expect(buttons).toEqual(['Quelle öffnen', 'Quellenangabe kopieren', 'Hier kein Treffer']);
    expect(root.querySelector('.card')?.getAttribute('aria-label')).toBe('Quelle dieser Passage');
  });

  it('has a German text for every string the card shows', () => {
    const root = show([match('copied', PAGE_COPY), match('rewritten', REWRITE, { docId: 'doc-2' })]);
    trustedClick(root.querySelectorAll('[data-part="sources"] button')[1]!);
    const english = Object.values(ENGLISH).map((m) => formatMessage(m));
    const text = norm(root.querySelector('.card')?.textContent);
    // No English message text survives (the German ones differ from every English one the card uses).
    for (const phrase of ['On this page', 'In the source', 'Bold words', 'Shares', 'Open source', 'similar']) {
      expect(english.some((m) => m.includes(phrase))).toBe(true);
      expect(text).not.toContain(phrase);
    }
  });
});
