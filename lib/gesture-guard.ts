/**
 * The background's limit on what a tab's content script may ask for on the
 * reader's behalf: open a source viewer tab, or store "Not a match here".
 *
 * The card only acts on trusted clicks, but the background is the last line:
 * whatever a tab sends, it gets at most what a person clicking could do
 * (issue 12, point 1) — actions only for documents the background itself
 * reported as matches to that tab, and at most one action per `intervalMs`
 * per tab, so a flood of messages opens one tab, not hundreds.
 */

/** Tunables of a `GestureGuard`. */
export interface GestureGuardOptions {
  /** Minimum time between two allowed actions of one tab. */
  intervalMs: number;
  /** Documents remembered per tab (oldest forgotten first). */
  maxDocsPerTab: number;
}

/** Defaults: one action per second, as fast as a person clicks through cards. */
export const DEFAULT_GESTURE_GUARD: GestureGuardOptions = { intervalMs: 1000, maxDocsPerTab: 5000 };

interface TabState {
  docs: Set<string>;
  lastAction: number;
}

/** Per-tab record of reported documents and of the last allowed action. */
export class GestureGuard {
  private readonly tabs = new Map<number, TabState>();

  constructor(
    private readonly options: GestureGuardOptions = DEFAULT_GESTURE_GUARD,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records that `docIds` were reported as matches to tab `tabId`. */
  reported(tabId: number, docIds: Iterable<string>): void {
    const state = this.state(tabId);
    for (const docId of docIds) {
      state.docs.delete(docId);
      state.docs.add(docId);
    }
    for (const oldest of state.docs) {
      if (state.docs.size <= this.options.maxDocsPerTab) break;
      state.docs.delete(oldest);
    }
  }

  /**
   * Whether tab `tabId` may act on document `docId` now; when it may, the
   * action is counted.
   */
  allow(tabId: number, docId: string): boolean {
    const state = this.tabs.get(tabId);
    if (!state?.docs.has(docId)) return false;
    const now = this.now();
    if (now - state.lastAction < this.options.intervalMs) return false;
    state.lastAction = now;
    return true;
  }

  /**
   * A new document is loading in the tab: its reported documents no longer
   * apply. The time of its last action is kept, so reloading does not reset the rate.
   */
  navigated(tabId: number): void {
    this.tabs.get(tabId)?.docs.clear();
  }

  /** Forgets a closed tab. */
  remove(tabId: number): void {
    this.tabs.delete(tabId);
  }

  private state(tabId: number): TabState {
    let state = this.tabs.get(tabId);
    if (!state) this.tabs.set(tabId, (state = { docs: new Set(), lastAction: Number.NEGATIVE_INFINITY }));
    return state;
  }
}
