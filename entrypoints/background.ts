import { sharedCorpusStore } from '@/lib/corpus-store/corpus-db';
import { CorpusSetLoader } from '@/lib/corpus-store/corpus-set-loader';
import { enabledCorpora } from '@/lib/corpus-store/enabled-corpora';
import { onMessage, sendMessage } from '@/lib/messages';
import { PassageBadge } from '@/lib/passage-badge';
import { openSourceViewer } from '@/lib/source-view/open-viewer';

export default defineBackground(() => {
  // Loaded on first use and kept for the life of the service worker: one copy of
  // each index for the whole browser, never one per tab.
  const corpora = new CorpusSetLoader({
    enabledCorpora,
    shippedIndex: async () => (await fetch(browser.runtime.getURL('/corpus/index.bin'))).arrayBuffer(),
    importedIndex: async (corpusId) => (await sharedCorpusStore()).getIndex(corpusId),
  });

  // Firefox builds are Manifest V2, where the toolbar button is `browserAction`.
  const toolbar = browser.action ?? browser.browserAction;
  const badge = new PassageBadge(
    (tabId, text) => void toolbar.setBadgeText({ tabId, text }).catch(() => undefined),
    (tabId, title) => void toolbar.setTitle({ tabId, title }).catch(() => undefined),
  );
  void toolbar.setBadgeBackgroundColor({ color: '#8a5a00' });

  onMessage('findMatches', async ({ data }) => (await corpora.get()).findSourcedMatches(data.text, data.options));
  onMessage('getDocument', async ({ data }) => (await corpora.get()).getDocument(data.docId));
  onMessage('getIndexInfo', () => corpora.shippedInfo());
  onMessage('corporaChanged', () => corpora.reload());
  onMessage('openSource', ({ data, sender }) => openSourceViewer(data, sender.tab));
  onMessage('reportPassageCount', ({ data, sender }) => {
    if (sender.tab?.id !== undefined) badge.report(sender.tab.id, sender.frameId ?? 0, data.count, data.rewritten);
  });

  onMessage('getPassageFrames', ({ data }) => badge.framesWithPassages(data.tabId));

  // A new document is loading in the tab: its old count no longer applies. (Without
  // the "tabs" permission `changeInfo.url` is hidden, so the status is the signal.)
  browser.tabs.onUpdated.addListener((tabId, changeInfo) => {
    if (changeInfo.status === 'loading') badge.reset(tabId);
  });
  browser.tabs.onRemoved.addListener((tabId) => badge.reset(tabId));

  browser.commands.onCommand.addListener((command, tab) => {
    const direction = command === 'next-passage' ? 1 : command === 'previous-passage' ? -1 : 0;
    if (direction === 0 || tab?.id === undefined) return;
    void sendMessage('stepPassage', { direction }, { tabId: tab.id, frameId: 0 }).catch(() => undefined);
  });
});
