/**
 * Counts painted passages per tab for the toolbar badge. Every frame of a tab
 * (same-origin iframes included) reports its own count; the badge shows the sum.
 */
export class PassageBadge {
  private readonly counts = new Map<number, Map<number, number>>();

  constructor(private readonly setText: (tabId: number, text: string) => void) {}

  /** Records the count a frame reported and updates the tab's badge. */
  report(tabId: number, frameId: number, count: number): void {
    let frames = this.counts.get(tabId);
    if (!frames) this.counts.set(tabId, (frames = new Map()));
    frames.set(frameId, count);
    this.render(tabId);
  }

  /** Forgets a tab's counts (navigation or close) and clears its badge. */
  reset(tabId: number): void {
    this.counts.delete(tabId);
    this.setText(tabId, '');
  }

  /** Frames of the tab, other than the top frame, that paint at least one passage. */
  framesWithPassages(tabId: number): number[] {
    return [...(this.counts.get(tabId) ?? [])].filter(([frameId, count]) => frameId !== 0 && count > 0).map(([frameId]) => frameId);
  }

  /** The sum over the tab's frames. */
  total(tabId: number): number {
    let sum = 0;
    for (const count of this.counts.get(tabId)?.values() ?? []) sum += count;
    return sum;
  }

  private render(tabId: number): void {
    const total = this.total(tabId);
    this.setText(tabId, total === 0 ? '' : total > 999 ? '999+' : String(total));
  }
}
