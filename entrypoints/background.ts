import { sharedCorpusStore } from '@/extension/corpus-store/corpus-db';
import { CorpusSetLoader } from '@/extension/corpus-store/corpus-set-loader';
import { enabledCorpora } from '@/extension/corpus-store/enabled-corpora';
import { GestureGuard, type GuardedAction } from '@/lib/gesture-guard';
import { onMessage, sendMessageToFrame } from '@/extension/messages';
import { PassageBadge } from '@/extension/passage-badge';
import { withCardExplanations } from '@/lib/card-explanations';
import { openSourceViewer } from '@/ui/source-view/open-viewer';
import { dismissalsItem, parseDismissals } from '@/extension/storage';
import { markPageStep, markWorkerStarted, measuredRead, startPageMarks } from '@/extension/step-marks';
import { storage } from 'wxt/utils/storage';

/**
 * The `GestureGuard`'s state (document ids matched per tab, never text), in
 * `storage.session`: it outlives an idle service worker, not the browser
 * session. Defined here, not in extension/storage.ts: content scripts may not touch
 * `storage.session`, and defining the item there made them try.
 */
const gestureGuardItem = storage.defineItem<unknown>('session:gestureGuard', { fallback: {} });

export default defineBackground(() => {
  markWorkerStarted();
  // Loaded on first use and kept for the life of the service worker: one copy of
  // each index for the whole browser, never one per tab.
  const corpora = new CorpusSetLoader({
    enabledCorpora,
    shippedIndex: async () => (await fetch(browser.runtime.getURL('/corpus/index.bin'))).arrayBuffer(),
    importedHead: async (corpus, segment) => (await sharedCorpusStore()).getHead(corpus, segment),
    // The connection is looked up on every read: the browser may close it while the worker lives.
    importedParts: (corpus, segment) => ({
      read: (kind, numbers) => measuredRead(kind, async () => (await sharedCorpusStore()).partReader(corpus, segment).read(kind, numbers)),
    }),
  });

  // Firefox builds are Manifest V2, where the toolbar button is `browserAction`.
  const toolbar = browser.action ?? browser.browserAction;
  const badge = new PassageBadge(
    (tabId, text) => void toolbar.setBadgeText({ tabId, text }).catch(() => undefined),
    (tabId, title) => void toolbar.setTitle({ tabId, title }).catch(() => undefined),
  );
  void toolbar.setBadgeBackgroundColor({ color: '#8a5a00' });

  // What a tab may ask for on the reader's behalf: see lib/gesture-guard.ts.
  const guard = new GestureGuard();
  const guardRestored = gestureGuardItem.getValue().then(
    (snapshot) => guard.restore(snapshot),
    () => undefined,
  );
  const saveGuard = (): void => void gestureGuardItem.setValue(guard.snapshot()).catch(() => undefined);
  /** Whether `action` asked by `sender` on `docId` is allowed (extension pages always are). */
  const mayAct = async (sender: { tab?: { id?: number } }, docId: string, action: GuardedAction): Promise<boolean> => {
    if (sender.tab?.id === undefined) return true;
    await guardRestored;
    const allowed = guard.allow(sender.tab.id, docId, action);
    if (allowed) saveGuard();
    return allowed;
  };

  onMessage('ping', () => true);
  onMessage('findMatches', async ({ data, sender }) => {
    startPageMarks();
    const service = await corpora.get();
    markPageStep('loaded');
    const matches = await service.findSourcedMatches(data.text, data.options);
    markPageStep('matched');
    if (sender.tab?.id !== undefined) {
      await guardRestored;
      if (guard.reported(sender.tab.id, matches.map((m) => m.docId))) saveGuard();
    }
    // What the card shows of each match (sentence pairs of rewritten passages, the word diff of
    // copied ones) is worked out here, beside the stemmer and the diff library, not in every page.
    const explained = withCardExplanations(data.text, matches);
    markPageStep('explained');
    return explained;
  });
  onMessage('getDocument', async ({ data }) => (await corpora.get()).getDocument(data.docId));
  onMessage('getIndexInfo', () => corpora.shippedInfo());
  onMessage('corporaChanged', () => corpora.reload());
  onMessage('openSource', async ({ data, sender }) => {
    if (!(await mayAct(sender, data.docId, 'openSource'))) return false;
    await openSourceViewer(data, sender.tab);
    return true;
  });
  onMessage('dismissPassage', async ({ data, sender }) => {
    if (!(await mayAct(sender, data.docId, 'dismiss'))) return false;
    const current = parseDismissals(await dismissalsItem.getValue());
    await dismissalsItem.setValue([...current, { site: data.site, docId: data.docId, passageHash: data.passageHash }]);
    return true;
  });
  onMessage('reportPassageCount', ({ data, sender }) => {
    if (sender.tab?.id !== undefined) badge.report(sender.tab.id, sender.frameId ?? 0, data.count, data.rewritten);
  });

  onMessage('getPassageFrames', ({ data }) => badge.framesWithPassages(data.tabId));

  // A new document is loading in the tab: its old count no longer applies. (Without
  // the "tabs" permission `changeInfo.url` is hidden, so the status is the signal.)
  browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
    if (changeInfo.status !== 'loading') return;
    badge.reset(tabId);
    void guardRestored.then(() => {
      guard.navigated(tabId);
      saveGuard();
    });
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    badge.reset(tabId);
    void guardRestored.then(() => {
      guard.remove(tabId);
      saveGuard();
    });
  });

  browser.commands.onCommand.addListener((command, tab) => {
    const direction = command === 'next-passage' ? 1 : command === 'previous-passage' ? -1 : 0;
    if (direction === 0 || tab?.id === undefined) return;
    void sendMessageToFrame('stepPassage', { direction }, { tabId: tab.id, frameId: 0 }).catch(() => undefined);
  });
});
