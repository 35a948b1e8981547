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

/**
 * What a tab may ask for. Each is limited on its own: a reader who opens a
 * source and then, within the second, marks the passage "Not a match here" did
 * two things a person does, and the second must not be lost.
 */
export type GuardedAction = 'openSource' | 'dismiss';

/** Defaults: one action of each kind per second, as fast as a person clicks through cards. */
export const DEFAULT_GESTURE_GUARD: GestureGuardOptions = { intervalMs: 1000, maxDocsPerTab: 5000 };

interface TabState {
  docs: Set<string>;
  lastAction: Record<GuardedAction, number>;
}

/**
 * A guard's state as plain data. The background keeps it in `storage.session`:
 * an MV3 service worker is stopped when idle, and a reader who clicks "Open
 * source" minutes after the page was matched must not be refused.
 */
export type GestureGuardSnapshot = Record<string, { docs: string[]; lastAction: Partial<Record<GuardedAction, number>> }>;

/** Per-tab record of reported documents and of the last allowed action. */
export class GestureGuard {
  private readonly tabs = new Map<number, TabState>();

  constructor(
    private readonly options: GestureGuardOptions = DEFAULT_GESTURE_GUARD,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records that `docIds` were reported as matches to tab `tabId`; returns whether any was new. */
  reported(tabId: number, docIds: Iterable<string>): boolean {
    const state = this.state(tabId);
    let added = false;
    for (const docId of docIds) {
      added ||= !state.docs.has(docId);
      state.docs.delete(docId);
      state.docs.add(docId);
    }
    for (const oldest of state.docs) {
      if (state.docs.size <= this.options.maxDocsPerTab) break;
      state.docs.delete(oldest);
    }
    return added;
  }

  /**
   * Whether tab `tabId` may do `action` on document `docId` now; when it may,
   * the action is counted.
   */
  allow(tabId: number, docId: string, action: GuardedAction = 'openSource'): boolean {
    const state = this.tabs.get(tabId);
    if (!state?.docs.has(docId)) return false;
    const now = this.now();
    if (now - state.lastAction[action] < this.options.intervalMs) return false;
    state.lastAction[action] = now;
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

  /** The state as plain data, for `restore`. */
  snapshot(): GestureGuardSnapshot {
    const out: GestureGuardSnapshot = {};
    for (const [tabId, state] of this.tabs) {
      const lastAction = Object.fromEntries(Object.entries(state.lastAction).filter(([, at]) => Number.isFinite(at)));
      out[tabId] = { docs: [...state.docs], lastAction };
    }
    return out;
  }

  /** Adds the state of a `snapshot` (of a previous service worker); ignores malformed entries. */
  restore(snapshot: unknown): void {
    if (typeof snapshot !== 'object' || snapshot === null) return;
    for (const [key, value] of Object.entries(snapshot as Record<string, unknown>)) {
      const tabId = Number(key);
      const entry = value as { docs?: unknown; lastAction?: unknown } | null;
      if (!Number.isInteger(tabId) || !entry || !Array.isArray(entry.docs)) continue;
      this.reported(tabId, entry.docs.filter((doc): doc is string => typeof doc === 'string'));
      const last = this.state(tabId).lastAction;
      if (typeof entry.lastAction === 'number') {
        // A snapshot of the single limit that preceded one per action: it held for both.
        last.openSource = last.dismiss = entry.lastAction;
      } else if (typeof entry.lastAction === 'object' && entry.lastAction !== null) {
        for (const action of ['openSource', 'dismiss'] as const) {
          const at = (entry.lastAction as Record<string, unknown>)[action];
          if (typeof at === 'number') last[action] = at;
        }
      }
    }
  }

  private state(tabId: number): TabState {
    let state = this.tabs.get(tabId);
    if (!state) {
      const never = Number.NEGATIVE_INFINITY;
      this.tabs.set(tabId, (state = { docs: new Set(), lastAction: { openSource: never, dismiss: never } }));
    }
    return state;
  }
}
