/**
 * Counts painted passages per tab for the toolbar badge. Every frame of a tab
 * (same-origin iframes included) reports its own count; the badge shows the sum.
 *
 * The badge text is the total, the one number that fits; the button's tooltip
 * splits it into copied and rewritten passages, so a reader knows before opening
 * the popup whether the page copies its sources or paraphrases them.
 */
import { t } from './i18n';

/** Passages of a tab by kind. */
export interface PassageCounts {
  copied: number;
  rewritten: number;
}

export class PassageBadge {
  private readonly counts = new Map<number, Map<number, PassageCounts>>();

  /**
   * @param setText shows the badge text of a tab.
   * @param setTitle shows the tooltip of a tab.
   */
  constructor(
    private readonly setText: (tabId: number, text: string) => void,
    private readonly setTitle: (tabId: number, title: string) => void = () => undefined,
  ) {}

  /** Records the count (of them `rewritten`) a frame reported and updates the tab's badge. */
  report(tabId: number, frameId: number, count: number, rewritten = 0): void {
    let frames = this.counts.get(tabId);
    if (!frames) this.counts.set(tabId, (frames = new Map()));
    const rewrittenCount = Math.min(count, rewritten);
    frames.set(frameId, { copied: count - rewrittenCount, rewritten: rewrittenCount });
    this.render(tabId);
  }

  /** Forgets a tab's counts (navigation or close) and clears its badge. */
  reset(tabId: number): void {
    this.counts.delete(tabId);
    this.setText(tabId, '');
    this.setTitle(tabId, t('appName'));
  }

  /** Frames of the tab, other than the top frame, that paint at least one passage. */
  framesWithPassages(tabId: number): number[] {
    return [...(this.counts.get(tabId) ?? [])].filter(([frameId, counts]) => frameId !== 0 && counts.copied + counts.rewritten > 0).map(([frameId]) => frameId);
  }

  /** The sum over the tab's frames. */
  total(tabId: number): number {
    const { copied, rewritten } = this.byKind(tabId);
    return copied + rewritten;
  }

  /** The sums per kind over the tab's frames. */
  byKind(tabId: number): PassageCounts {
    const sum: PassageCounts = { copied: 0, rewritten: 0 };
    for (const counts of this.counts.get(tabId)?.values() ?? []) {
      sum.copied += counts.copied;
      sum.rewritten += counts.rewritten;
    }
    return sum;
  }

  private render(tabId: number): void {
    const counts = this.byKind(tabId);
    const total = counts.copied + counts.rewritten;
    this.setText(tabId, total === 0 ? '' : total > 999 ? '999+' : String(total));
    this.setTitle(tabId, total === 0 ? t('appName') : badgeTitle(counts));
  }
}

/** The toolbar tooltip for a tab's passages, e.g. "Sourcelight · passages on this page: 3 copied, 2 rewritten". */
export function badgeTitle(counts: PassageCounts): string {
  return t('badgeTitle', [counts.copied, counts.rewritten]);
}
