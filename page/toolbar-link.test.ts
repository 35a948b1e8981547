// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageReport } from '../lib/domain';
import type { CardMatch } from './hover-card';
import type { PaintedPassage } from './painted-passages';
import { startToolbarLink, type ToolbarLinkParts } from './toolbar-link';

/** The handlers the toolbar link registers, by message type, as the messaging library would call them. */
const handlers = vi.hoisted(() => new Map<string, (message: { data: unknown }) => unknown>());
vi.mock('../extension/messages', () => ({
  onMessage: (type: string, handler: (message: { data: unknown }) => unknown) => {
    handlers.set(type, handler);
    return () => handlers.delete(type);
  },
}));

function pageWithPassages(): { passages: PaintedPassage[]; focused: PaintedPassage[]; parts: ToolbarLinkParts } {
  const texts = ['The council approved the budget.', 'Some prose of the page itself.', 'Schools get new roofs next year.'];
  const paragraphs = texts.map((text) => Object.assign(document.createElement('p'), { textContent: text }));
  document.body.replaceChildren(...paragraphs);
  const passages = [paragraphs[0]!, paragraphs[2]!].map((p, i): PaintedPassage => {
    const range = document.createRange();
    range.selectNodeContents(p);
    const match = {
      docId: `doc-${i}`,
      kind: i === 0 ? 'copied' : 'rewritten',
      similarity: 0.9,
      pageText: p.textContent,
      source: { id: `doc-${i}`, title: `Article ${i}` },
      ...(i === 0 ? { otherSources: 23 } : {}),
    };
    return { range, text: p.textContent ?? '', matches: [match as unknown as CardMatch], kind: i === 0 ? 'copied' : 'rewritten', private: false };
  });
  const focused: PaintedPassage[] = [];
  const parts: ToolbarLinkParts = {
    passages: { all: passages },
    card: {
      get active() {
        return focused.at(-1) ?? null;
      },
      focus: (passage) => focused.push(passage),
    },
    choices: { isActive: true },
    isOwnElement: () => false,
  };
  return { passages, focused, parts };
}

beforeEach(() => handlers.clear());

describe('startToolbarLink', () => {
  it('steps through the passages from the active one, both ways, wrapping around', () => {
    const { passages, focused, parts } = pageWithPassages();
    startToolbarLink(document, parts, new AbortController().signal);
    const step = (direction: 1 | -1): unknown => handlers.get('stepPassage')!({ data: { direction } });
    step(1);
    step(1);
    step(1);
    step(-1);
    expect(focused.map((p) => passages.indexOf(p))).toEqual([0, 1, 0, 1]);
  });

  it('starts from the last passage when stepping back with none active', () => {
    const { passages, focused, parts } = pageWithPassages();
    startToolbarLink(document, parts, new AbortController().signal);
    handlers.get('stepPassage')!({ data: { direction: -1 } });
    expect(focused.map((p) => passages.indexOf(p))).toEqual([1]);
  });

  it('focuses the passage the popup names, and ignores an index it does not have', () => {
    const { passages, focused, parts } = pageWithPassages();
    startToolbarLink(document, parts, new AbortController().signal);
    handlers.get('focusPassage')!({ data: { index: 1 } });
    handlers.get('focusPassage')!({ data: { index: 7 } });
    expect(focused).toEqual([passages[1]]);
  });

  it('reports the passages in page order with their sources, and how much of the visible text they cover', async () => {
    const { parts } = pageWithPassages();
    startToolbarLink(document, parts, new AbortController().signal);
    const report = (await handlers.get('getPageReport')!({ data: undefined })) as PageReport;
    expect(report.passages.map((p) => [p.index, p.kind, p.pageText, p.sources.map((s) => s.docId)])).toEqual([
      [0, 'copied', 'The council approved the budget.', ['doc-0']],
      [1, 'rewritten', 'Schools get new roofs next year.', ['doc-1']],
    ]);
    const visible = (text: string): number => text.replace(/\s+/g, '').length;
    expect(report.reusedChars).toBe(visible('The council approved the budget.Schools get new roofs next year.'));
    expect(report.pageChars).toBe(visible(document.body.textContent ?? ''));
    expect(report.active).toBe(true);
    // How many more corpus articles share a passage (the matcher compares the closest only), absent when none.
    expect(report.passages.map((p) => p.otherSources)).toEqual([23, undefined]);
  });

  it('stops answering when the signal aborts', () => {
    const { parts } = pageWithPassages();
    const controller = new AbortController();
    startToolbarLink(document, parts, controller.signal);
    expect([...handlers.keys()].sort()).toEqual(['focusPassage', 'getPageReport', 'stepPassage']);
    controller.abort();
    expect(handlers.size).toBe(0);
  });
});
