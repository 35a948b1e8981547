/**
 * What the reader chose that the in-page feature obeys: the settings (on or off
 * for this site, thresholds, rewritten passages, which corpora are private,
 * appearance) and the "Not a match here" dismissals, kept current from storage.
 */
import { sendMessage } from '../extension/messages';
import { passageKey } from '../lib/passage-key';
import { dismissalsItem, isCorpusPrivate, isSiteEnabled, parseDismissals, parseSettings, settingsItem, type Settings } from '../extension/storage';
import type { Dismissal } from '../lib/domain';
import { storage } from 'wxt/utils/storage';

/** Settings whose change alters which passages match or how they are grouped; the rest is appearance. */
const MATCHING_SETTINGS = ['enabled', 'disabledSites', 'minWords', 'minSimilarity', 'showRewritten', 'corpusPrivacy'] as const;

/** What changed in the settings. */
export interface SettingsChange {
  /** Whether the change alters which passages match (otherwise only their appearance changed). */
  matching: boolean;
}

/** The reader's settings and dismissals for the pages of one site, kept current until the signal aborts. */
export class ReaderChoices {
  private readonly listeners = new Set<(change: SettingsChange) => void>();

  private constructor(
    private readonly hostname: string,
    private current: Settings,
    private dismissals: Dismissal[],
  ) {}

  /** Reads the stored choices and follows their changes until `signal` aborts. */
  static async load(hostname: string, signal: AbortSignal): Promise<ReaderChoices> {
    // One storage call for both, read through the lenient parsers: every frame of
    // every page waits for this before it reads anything. Each item's `getValue`
    // awaits the item's migration check first, and the two ran one after the other:
    // 45–150 ms on the wake bench's pages in Chromium, against 9–38 ms for this; on
    // the demo page 5–6 ms less to the first highlight (docs/performance.md, "Where a wake
    // goes in Chromium"). `parseSettings` is the settings' migration to version 2,
    // so a value stored by version 1 reads the same either way.
    const [settings, dismissals] = await storage.getItems([settingsItem, dismissalsItem]);
    const choices = new ReaderChoices(hostname, parseSettings(settings?.value), parseDismissals(dismissals?.value));
    const unwatchSettings = settingsItem.watch((value) => choices.settingsChanged(parseSettings(value)));
    const unwatchDismissals = dismissalsItem.watch((value) => {
      choices.dismissals = parseDismissals(value);
    });
    signal.addEventListener('abort', () => {
      unwatchSettings();
      unwatchDismissals();
      choices.listeners.clear();
    });
    return choices;
  }

  /** The current settings. */
  get settings(): Settings {
    return this.current;
  }

  /** Whether the extension runs on this site (global and per-site switches). */
  get isActive(): boolean {
    return isSiteEnabled(this.current, this.hostname);
  }

  /** Whether matches of `corpusId` are private (painted by the overlay, explained outside the page). */
  isPrivate(corpusId: string): boolean {
    return isCorpusPrivate(this.current, corpusId);
  }

  /** Whether the reader said "Not a match here" to `docId` for this page text on this site. */
  isDismissed(docId: string, pageText: string): boolean {
    const mine = this.dismissals.filter((d) => d.site === this.hostname && d.docId === docId);
    if (mine.length === 0) return false;
    const key = passageKey(pageText);
    return mine.some((d) => d.passageHash === key);
  }

  /**
   * Records "Not a match here" for `docId` and this page text. It counts here at
   * once; the background stores it, and allows that only for a document matched
   * in this tab, at a person's pace (lib/gesture-guard.ts).
   */
  dismiss(docId: string, pageText: string): void {
    const dismissal: Dismissal = { site: this.hostname, docId, passageHash: passageKey(pageText) };
    this.dismissals = [...this.dismissals, dismissal];
    void sendMessage('dismissPassage', dismissal).catch(() => undefined);
  }

  /** Calls `listener` after every settings change. */
  onSettingsChange(listener: (change: SettingsChange) => void): void {
    this.listeners.add(listener);
  }

  private settingsChanged(next: Settings): void {
    const previous = this.current;
    this.current = next;
    const matching = MATCHING_SETTINGS.some((key) => JSON.stringify(previous[key]) !== JSON.stringify(next[key]));
    for (const listener of this.listeners) listener({ matching });
  }
}
