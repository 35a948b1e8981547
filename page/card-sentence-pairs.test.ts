// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatMessage, MESSAGES, type MessageKey } from '../extension/i18n';
import type { MatchKind } from '../lib/matcher';
import { explainRewrite } from '../lib/sentence-pairs';
import { renderKindLabel, renderSentencePairs, rewrittenSimilarityText } from './card-sentence-pairs';
import { HoverCard, type CardMatch } from './hover-card';

// The card reads its strings from `browser.i18n`: an English one, before any module takes `browser`.
vi.hoisted(() => {
  const getMessage = (key: string, subs?: string[]): string => (globalThis as { __cardMessage?: (key: string, subs?: string[]) => string }).__cardMessage?.(key, subs) ?? '';
  Object.assign(globalThis, { chrome: { runtime: { id: 'test' }, i18n: { getMessage, getUILanguage: () => 'en-US' } } });
});
Object.assign(globalThis, {
  __cardMessage: (key: string, subs?: string[]) => (key in MESSAGES ? formatMessage(MESSAGES[key as MessageKey], subs) : ''),
});

const SOURCE =
  'The United States urges Iraq to act humanely with members of the group. ' +
  'State Department spokesman Ian Kelly said Friday that Washington hopes the members will be treated humanely. ' +
  'Camp Ashraf is situated in the northern Iraqi province of Diyala near the Iranian border.';
const REWRITE =
  'Camp Ashraf lies near the Iranian border, in Diyala, a northern Iraqi province. ' +
  'Washington wants the group’s members treated humanely, spokesman Ian Kelly said on Friday. ' +
  'Oil prices rose in Asian trading.';

/** A synthetic match of the kind given, with the fields the card reads. */
function cardMatch(kind: MatchKind, pageText: string, sourceText: string): CardMatch {
  return {
    kind,
    pageText,
    sourceText,
    pageStart: 0,
    pageEnd: pageText.length,
    docId: '000_abc',
    docStart: 0,
    docEnd: sourceText.length,
    similarity: kind === 'copied' ? 1 : 0.31,
    matchedWords: 20,
    pageWords: 30,
    docWords: 32,
    source: { id: '000_abc', title: 'US urges Iraq to treat MKO members humanely' },
    corpus: { id: 'shipped', name: 'Built-in news corpus' },
    contextBefore: '',
    contextAfter: '',
    documentLength: 4000,
    ...(kind === 'rewritten' ? { rewrite: explainRewrite(pageText, sourceText) } : {}),
  };
}

/** What `renderSentencePairs` reads: the texts and the background's explanation of them. */
const pairsOf = (pageText: string, sourceText: string) => ({ pageText, sourceText, rewrite: explainRewrite(pageText, sourceText) });

const norm = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

describe('renderKindLabel', () => {
  it('says Copied or Rewritten and carries the kind for styling', () => {
    for (const [kind, text] of [['copied', 'Copied'], ['rewritten', 'Rewritten']] as const) {
      const label = renderKindLabel(document, { kind });
      expect(label.getAttribute('data-part')).toBe('kind');
      expect(label.getAttribute('data-kind')).toBe(kind);
      expect(label.textContent).toBe(text);
    }
  });
});

describe('rewrittenSimilarityText', () => {
  it('counts the passage’s content words found in the source', () => {
    // Page content words: officials, relocated, camp, residents; the source has all but "officials".
    expect(rewrittenSimilarityText({ rewrite: explainRewrite('Officials relocated the camp residents.', 'Iraq will relocate residents of the camp.') })).toBe(
      'Shares 3 of 4 content words with the source',
    );
  });
});

describe('renderSentencePairs', () => {
  it('puts each page sentence beside its source sentence with the shared words in bold', () => {
    const [table, legend] = renderSentencePairs(document, pairsOf(REWRITE, SOURCE));
    expect(table!.getAttribute('data-part')).toBe('sentence-pairs');
    expect([...table!.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['On this page', 'In the source']);
    const rows = [...table!.querySelectorAll('tbody tr')];
    expect(rows).toHaveLength(3);
    const cells = rows.map((row) => [...row.querySelectorAll('td')].map((td) => norm(td.textContent)));
    expect(cells[0]).toEqual([
      'Camp Ashraf lies near the Iranian border, in Diyala, a northern Iraqi province.',
      'Camp Ashraf is situated in the northern Iraqi province of Diyala near the Iranian border.',
    ]);
    expect(cells[1]).toEqual([
      'Washington wants the group’s members treated humanely, spokesman Ian Kelly said on Friday.',
      'State Department spokesman Ian Kelly said Friday that Washington hopes the members will be treated humanely.',
    ]);
    // A page sentence with no counterpart says so instead of showing an unrelated sentence.
    expect(cells[2]).toEqual(['Oil prices rose in Asian trading.', 'No similar sentence in the source']);
    const bold = (cell: Element): string[] => [...cell.querySelectorAll('strong')].map((s) => s.textContent ?? '');
    const [page, source] = rows[1]!.querySelectorAll('td');
    expect(bold(page!)).toEqual(['Washington', 'members', 'treated', 'humanely', 'spokesman', 'Ian', 'Kelly', 'said', 'Friday']);
    expect(bold(source!)).toEqual(['spokesman', 'Ian', 'Kelly', 'said', 'Friday', 'Washington', 'members', 'treated', 'humanely']);
    expect(bold(rows[2]!.querySelector('td')!)).toEqual([]);
    expect(legend!.textContent).toBe('Bold words appear on both sides.');
  });

  it('emphasises hyphenated shared words as one', () => {
    const [table] = renderSentencePairs(
      document,
      pairsOf('Prime Minister Nouri al-Maliki spoke on Thursday.', 'On Thursday, Prime Minister Nouri al-Maliki said so.'),
    );
    const bold = [...table!.querySelectorAll('td.page strong')].map((s) => s.textContent);
    expect(bold).toEqual(['Prime', 'Minister', 'Nouri', 'al-Maliki', 'Thursday']);
  });

  it('renders markup in the text as text', () => {
    const hostile = '<img src=x onerror=alert(1)> Camp Ashraf residents <b>protested</b> near the Iranian border.';
    const [table] = renderSentencePairs(document, pairsOf(hostile, SOURCE));
    expect(table!.querySelector('img, b')).toBeNull();
    expect(norm(table!.querySelector('td.page')!.textContent)).toBe(hostile);
  });
});

describe('HoverCard', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.documentElement.querySelectorAll('sourcelight-card').forEach((card) => card.remove());
  });

  /** Shows the card for `match` and returns its (closed) shadow root, captured as it is attached. */
  function showCard(match: CardMatch): ShadowRoot {
    let root: ShadowRoot | null = null;
    const attach = Element.prototype.attachShadow;
    vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
      root = attach.call(this, init);
      return root;
    });
    document.body.textContent = match.pageText;
    const range = document.createRange();
    range.selectNodeContents(document.body);
    const card = new HoverCard(document, { openSource: () => undefined, copyCitation: async () => undefined, dismiss: () => undefined });
    card.show(range, { matches: [match] }, { onEnter: () => undefined, onLeave: () => undefined });
    if (!root) throw new Error('the card attached no shadow root');
    return root;
  }

  it('shows a rewritten passage as Rewritten, with shared content words and sentence pairs instead of a word diff', () => {
    const root = showCard(cardMatch('rewritten', REWRITE, SOURCE));
    expect(root.querySelector('[data-part="kind"]')!.textContent).toBe('Rewritten');
    expect(root.querySelector('.card')!.getAttribute('data-kind')).toBe('rewritten');
    expect(root.querySelector('[data-part="similarity"]')!.textContent).toMatch(/^Shares \d+ of \d+ content words with the source$/);
    expect(root.querySelectorAll('[data-part="sentence-pairs"] tbody tr')).toHaveLength(3);
    expect(root.querySelector('[data-part="source-passage"]')).toBeNull();
    expect(root.querySelector('ins, del')).toBeNull();
  });

  it('shows a copied passage as Copied, with its similarity and the source passage', () => {
    const root = showCard(cardMatch('copied', SOURCE, SOURCE));
    expect(root.querySelector('[data-part="kind"]')!.textContent).toBe('Copied');
    expect(root.querySelector('[data-part="similarity"]')!.textContent).toBe('100% similar · copied verbatim');
    expect(norm(root.querySelector('[data-part="source-passage"]')!.textContent)).toBe(SOURCE);
    expect(root.querySelector('[data-part="sentence-pairs"]')).toBeNull();
  });
});
