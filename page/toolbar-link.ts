/**
 * Answers the toolbar: the popup asks each frame for its page report and to
 * show a passage; the keyboard commands step through the top frame's passages.
 */
import { onMessage } from '../extension/messages';
import type { PageReport } from '../lib/domain';
import { otherSourcesOf } from '../lib/passage-grouping';
import type { PaintedPassages } from './painted-passages';
import type { PassageCard } from './passage-card';
import { SLICE_MS } from './passage-scanner';
import type { ReaderChoices } from './reader-choices';
import { TextModel } from './text-model';
import { sliceDeadline, yieldToMain } from './yield-to-main';

/** What the toolbar link reads and drives. */
export interface ToolbarLinkParts {
  passages: Pick<PaintedPassages, 'all'>;
  card: Pick<PassageCard, 'active' | 'focus'>;
  choices: Pick<ReaderChoices, 'isActive'>;
  /** The extension's own elements, left out of the page's text. */
  isOwnElement(element: Element): boolean;
}

/** Answers the popup and the keyboard commands for `document` until `signal` aborts. */
export function startToolbarLink(document: Document, parts: ToolbarLinkParts, signal: AbortSignal): void {
  const view = document.defaultView!;
  const focusPassage = (index: number): void => {
    const passage = parts.passages.all[index];
    if (passage) parts.card.focus(passage);
  };
  // Every frame answers for its own passages (the popup merges the frames'
  // reports); stepping through passages is the top frame's.
  const removeListeners = [
    onMessage('getPageReport', () => buildPageReport(document, parts)),
    onMessage('focusPassage', ({ data }) => focusPassage(data.index)),
    ...(view === view.top
      ? [
          onMessage('stepPassage', ({ data }) => {
            const passages = parts.passages.all;
            if (passages.length === 0) return;
            const active = parts.card.active;
            const from = active ? passages.indexOf(active) : data.direction > 0 ? -1 : 0;
            focusPassage((from + data.direction + passages.length) % passages.length);
          }),
        ]
      : []),
  ];
  signal.addEventListener('abort', () => {
    for (const remove of removeListeners) remove();
  });
}

/** What the popup and the exports know of this document: its passages, their sources and how much of the text they cover. */
async function buildPageReport(document: Document, parts: ToolbarLinkParts): Promise<PageReport> {
  const view = document.defaultView!;
  const reader = TextModel.reader(document.body ?? document.documentElement, { exclude: parts.isOwnElement });
  while (!reader.step(sliceDeadline(SLICE_MS))) await yieldToMain();
  const visible = (text: string): number => text.replace(/\s+/g, '').length;
  const passages = parts.passages.all;
  return {
    pageUrl: view.location.href,
    pageTitle: document.title,
    pageChars: visible(reader.result().text),
    reusedChars: passages.reduce((sum, p) => sum + visible(p.text), 0),
    active: parts.choices.isActive,
    passages: passages.map((passage, index) => {
      const otherSources = otherSourcesOf(passage.matches);
      return {
        index,
        pageText: passage.text,
        kind: passage.kind,
        ...(otherSources > 0 ? { otherSources } : {}),
        sources: passage.matches.map((m) => ({
          kind: m.kind,
          docId: m.docId,
          title: m.source.title,
          outlet: m.source.outlet,
          published: m.source.published,
          url: m.source.url,
          similarity: m.similarity,
          docStart: m.docStart,
          docEnd: m.docEnd,
          sourceText: m.sourceText,
          pageText: m.pageText,
          documentLength: m.documentLength,
          corpus: m.corpus,
          private: passage.private,
        })),
      };
    }),
  };
}
