/**
 * Reads a part of the page, has its text matched, and turns the spans into the
 * passages to paint: grouped, ranked, without what the reader dismissed or
 * switched off.
 */
import type { SourcedMatch } from '../lib/domain';
import { groupOverlapping } from '../lib/passage-grouping';
import type { WatchStats } from './dom-watch';
import type { MatchClient } from './match-client';
import type { PaintedPassage } from './painted-passages';
import type { ReaderChoices } from './reader-choices';
import { TextModel } from './text-model';
import { sliceDeadline, yieldToMain } from './yield-to-main';

/** Main-thread work per slice; well under the 50 ms that makes a long task. */
export const SLICE_MS = 30;
/** Pages (or changed blocks) with fewer characters cannot hold a minimum-length match. */
const MIN_SCAN_CHARS = 30;

/** What a scan reads with and reports to. */
export interface ScanContext {
  choices: Pick<ReaderChoices, 'settings' | 'isPrivate' | 'isDismissed'>;
  matcher: Pick<MatchClient, 'find'>;
  /** The extension's own elements, never read. */
  exclude(element: Element): boolean;
  /** Called with every open shadow root the read enters. */
  onShadowRoot(root: ShadowRoot): void;
  /** Counts reads and characters read (tests read them). */
  stats: WatchStats;
  /** Whether the result is still wanted: the feature runs and no newer full read has started. */
  isCurrent(): boolean;
}

/** Reads `root` in slices and returns the passages to paint in it, or null when superseded. */
export async function scanPassages(root: Node, context: ScanContext): Promise<PaintedPassage[] | null> {
  const reader = TextModel.reader(root, { exclude: context.exclude, onShadowRoot: context.onShadowRoot });
  while (!reader.step(sliceDeadline(SLICE_MS))) {
    await yieldToMain();
    if (!context.isCurrent()) return null;
  }
  const model = reader.result();
  context.stats.reads++;
  context.stats.charsRead += model.text.length;
  if (model.text.length < MIN_SCAN_CHARS) return [];
  const { choices } = context;
  // With rewritten passages switched off they are dropped here, before grouping:
  // neither painted, nor counted, nor listed.
  const matches = (await context.matcher.find(model.text, choices.settings)).filter(
    (m) => choices.settings.showRewritten || m.kind !== 'rewritten',
  );
  if (!context.isCurrent()) return null;
  const found: PaintedPassage[] = [];
  const isPrivate = (m: SourcedMatch): boolean => choices.isPrivate(m.corpus.id);
  for (const privateGroup of [false, true]) {
    for (const group of groupOverlapping(matches.filter((m) => isPrivate(m) === privateGroup))) {
      const text = model.text.slice(group.start, group.end);
      const kept = group.matches
        .map((m) => ({ ...m, pageText: model.text.slice(m.pageStart, m.pageEnd) }))
        .filter((m) => !choices.isDismissed(m.docId, m.pageText));
      const range = kept.length > 0 ? model.rangeFor(group.start, group.end) : null;
      const kind = kept.some((m) => m.kind === 'copied') ? 'copied' : 'rewritten';
      if (range) found.push({ range, text, matches: kept, kind, private: privateGroup });
    }
  }
  return found;
}
