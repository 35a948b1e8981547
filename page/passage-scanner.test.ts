// @vitest-environment happy-dom
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SourcedMatch } from '../lib/domain';
import type { MatchKind } from '../lib/matcher';
import type { Settings } from '../extension/storage';
import { scanPassages, type ScanContext } from './passage-scanner';
import { TextModel } from './text-model';

const SENTENCE = 'The council approved the new budget on Tuesday after a long debate about school funding and repairs.';
/** The sentence as the page's text model reads it (block boundaries add line breaks). */
let TEXT = '';
let DEFAULT_SETTINGS: Settings;

beforeAll(async () => {
  // extension/storage defines its items at import, against the browser's storage.
  vi.stubGlobal('chrome', fakeBrowser);
  ({ DEFAULT_SETTINGS } = await import('../extension/storage'));
  TEXT = TextModel.read(page()).text;
});

/** A match of `phrase` in TEXT against document `docId`. */
function spanOf(phrase: string, docId: string, fields: { kind?: MatchKind; corpus?: string; published?: string; matchedWords?: number } = {}): SourcedMatch {
  const pageStart = TEXT.indexOf(phrase);
  if (pageStart < 0) throw new Error(`not in the text: ${phrase}`);
  return {
    docId,
    pageStart,
    pageEnd: pageStart + phrase.length,
    docStart: 0,
    docEnd: phrase.length,
    similarity: 0.9,
    matchedWords: fields.matchedWords ?? phrase.split(' ').length,
    kind: fields.kind ?? 'copied',
    source: { id: docId, title: `Article ${docId}`, ...(fields.published ? { published: fields.published } : {}) },
    corpus: { id: fields.corpus ?? 'shipped', name: 'News' },
    sourceText: phrase,
    contextBefore: '',
    contextAfter: '',
    documentLength: 1000,
  } as SourcedMatch;
}

function context(matches: SourcedMatch[], options: { settings?: Partial<Settings>; dismissed?: string[]; private?: string[]; isCurrent?: () => boolean } = {}): ScanContext {
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  return {
    choices: {
      settings,
      isPrivate: (corpusId) => (options.private ?? []).includes(corpusId),
      isDismissed: (docId) => (options.dismissed ?? []).includes(docId),
    },
    matcher: { find: () => Promise.resolve(matches) },
    exclude: () => false,
    onShadowRoot: () => undefined,
    stats: { records: 0, flushes: 0, reads: 0, charsRead: 0 },
    isCurrent: options.isCurrent ?? (() => true),
  };
}

function page(): HTMLElement {
  const root = document.createElement('article');
  root.append(Object.assign(document.createElement('p'), { textContent: SENTENCE }));
  document.body.replaceChildren(root);
  return root;
}

describe('scanPassages', () => {
  it('makes one passage of overlapping spans, with its page text, range and ranked sources', async () => {
    const root = page();
    const found = await scanPassages(
      root,
      context([
        spanOf('approved the new budget on Tuesday after a long debate', 'late', { published: '2024-03-02' }),
        spanOf('the new budget on Tuesday after a long debate about school funding', 'early', { published: '2024-03-01' }),
      ]),
    );
    expect(found).toHaveLength(1);
    const [passage] = found!;
    expect(passage!.text).toBe('approved the new budget on Tuesday after a long debate about school funding');
    expect(passage!.range.toString()).toBe(passage!.text);
    expect(passage!.matches.map((m) => m.docId)).toEqual(['early', 'late']);
    expect(passage!.matches[1]!.pageText).toBe('approved the new budget on Tuesday after a long debate');
    expect(passage!.kind).toBe('copied');
    expect(passage!.private).toBe(false);
  });

  it('calls a passage rewritten only when none of its sources shares it copied', async () => {
    const phrase = 'approved the new budget on Tuesday after a long debate';
    const rewritten = await scanPassages(page(), context([spanOf(phrase, 'a', { kind: 'rewritten' })]));
    expect(rewritten!.map((p) => p.kind)).toEqual(['rewritten']);
    const mixed = await scanPassages(page(), context([spanOf(phrase, 'a', { kind: 'rewritten' }), spanOf(phrase, 'b')]));
    expect(mixed!.map((p) => p.kind)).toEqual(['copied']);
  });

  it('drops rewritten spans before grouping when the reader switched them off', async () => {
    const found = await scanPassages(
      page(),
      context([spanOf('approved the new budget on Tuesday after a long debate', 'a', { kind: 'rewritten' })], { settings: { showRewritten: false } }),
    );
    expect(found).toEqual([]);
  });

  it('keeps public and private sources of one text in separate passages', async () => {
    const phrase = 'approved the new budget on Tuesday after a long debate';
    const found = await scanPassages(page(), context([spanOf(phrase, 'pub'), spanOf(phrase, 'mine:1', { corpus: 'mine' })], { private: ['mine'] }));
    expect(found!.map((p) => [p.private, p.matches.map((m) => m.docId)])).toEqual([
      [false, ['pub']],
      [true, ['mine:1']],
    ]);
  });

  it('leaves out dismissed sources, and a passage all of whose sources were dismissed', async () => {
    const phrase = 'approved the new budget on Tuesday after a long debate';
    const some = await scanPassages(page(), context([spanOf(phrase, 'a'), spanOf(phrase, 'b')], { dismissed: ['a'] }));
    expect(some!.map((p) => p.matches.map((m) => m.docId))).toEqual([['b']]);
    const all = await scanPassages(page(), context([spanOf(phrase, 'a')], { dismissed: ['a'] }));
    expect(all).toEqual([]);
  });

  it('returns null when a newer read superseded it while the background answered', async () => {
    let current = true;
    const ctx = context([spanOf('approved the new budget on Tuesday after a long debate', 'a')], { isCurrent: () => current });
    ctx.matcher = {
      find: () => {
        current = false;
        return Promise.resolve([]);
      },
    };
    expect(await scanPassages(page(), ctx)).toBeNull();
  });

  it('does not ask the background about text too short to hold a match, and counts the read', async () => {
    const root = document.createElement('p');
    root.textContent = 'Too short.';
    document.body.replaceChildren(root);
    const ctx = context([]);
    ctx.matcher = { find: () => Promise.reject(new Error('asked')) };
    expect(await scanPassages(root, ctx)).toEqual([]);
    expect(ctx.stats.reads).toBe(1);
    expect(ctx.stats.charsRead).toBeGreaterThan(0);
  });
});
