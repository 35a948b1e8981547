import { MatchService } from '@/lib/match-service';
import { onMessage } from '@/lib/messages';

export default defineBackground(() => {
  // Loaded on first use and kept for the life of the service worker: one copy of
  // the index for the whole browser, never one per tab.
  let service: Promise<MatchService> | null = null;
  const loadService = (): Promise<MatchService> =>
    (service ??= fetch(browser.runtime.getURL('/corpus/index.bin'))
      .then((response) => response.arrayBuffer())
      .then((bytes) => MatchService.fromBytes(bytes))
      .catch((error: unknown) => {
        service = null;
        throw error;
      }));

  onMessage('findMatches', async ({ data }) => (await loadService()).findSourcedMatches(data.text, data.options));
  onMessage('getDocument', async ({ data }) => (await loadService()).getDocument(data.docId));
  onMessage('getIndexInfo', async () => (await loadService()).index.info);
  onMessage('openSource', async ({ data, sender }) => {
    const url = new URL(browser.runtime.getURL('/source.html'));
    url.searchParams.set('request', JSON.stringify(data));
    await browser.tabs.create({
      url: url.href,
      index: sender.tab ? sender.tab.index + 1 : undefined,
      openerTabId: sender.tab?.id,
    });
  });
});
