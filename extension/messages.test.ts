/**
 * `sendMessageToFrame` writes @webext-core/messaging's wire format by hand (see
 * its comment for why); these tests send through it to the library's own
 * `onMessage` handlers, so a library upgrade that changes the format fails here
 * instead of silently breaking the popup's frame messages.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PageReport } from '../lib/domain';

/** Imports the module afresh against the fake browser (wxt/browser reads the global at import). */
async function importMessages(): Promise<typeof import('./messages')> {
  vi.resetModules();
  return import('./messages');
}

const report: PageReport = { pageUrl: 'https://news.example/a', pageTitle: 'A', pageChars: 10, reusedChars: 0, active: true, passages: [] };

/** Where `tabs.sendMessage` delivered each message, as the browser would route it to one frame's listeners. */
const delivered: { tabId: number; frameId: number | undefined }[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  delivered.length = 0;
  vi.stubGlobal('chrome', fakeBrowser);
  // The fake browser has no tabs.sendMessage: deliver to runtime.onMessage as Chrome does to a content
  // script, where a listener answers through `sendResponse` after returning true.
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (tabId: number, message: unknown, options?: { frameId?: number }) => {
    delivered.push({ tabId, frameId: options?.frameId });
    let respond: (answer: unknown) => void = () => undefined;
    const responded = new Promise<unknown>((resolve) => (respond = resolve));
    const sender = { id: fakeBrowser.runtime.id, tab: { id: tabId }, frameId: options?.frameId };
    // The fake's trigger is typed with two arguments but passes every argument on to the listeners.
    const trigger = fakeBrowser.runtime.onMessage.trigger as (...args: unknown[]) => Promise<unknown[]>;
    const returned = await trigger(message, sender, respond);
    if (returned.includes(true)) return responded;
    return returned.find((answer) => answer !== undefined);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('sendMessageToFrame', () => {
  it('reaches the handler onMessage registered, with its data, and resolves with its answer', async () => {
    const { onMessage, sendMessageToFrame } = await importMessages();
    const seen: unknown[] = [];
    onMessage('getPageReport', () => report);
    onMessage('focusPassage', ({ data }) => {
      seen.push(data);
    });
    await expect(sendMessageToFrame('getPageReport', undefined, { tabId: 4, frameId: 2 })).resolves.toEqual(report);
    await sendMessageToFrame('focusPassage', { index: 3 }, { tabId: 4, frameId: 0 });
    expect(seen).toEqual([{ index: 3 }]);
    expect(delivered).toEqual([
      { tabId: 4, frameId: 2 },
      { tabId: 4, frameId: 0 },
    ]);
  });

  it("rejects with the handler's error message when the handler throws", async () => {
    const { onMessage, sendMessageToFrame } = await importMessages();
    onMessage('getPageReport', () => {
      throw new Error('frame is gone');
    });
    await expect(sendMessageToFrame('getPageReport', undefined, { tabId: 1, frameId: 0 })).rejects.toThrow('frame is gone');
  });

  it('rejects, naming the frame, when nothing answers', async () => {
    const { sendMessageToFrame } = await importMessages();
    await expect(sendMessageToFrame('getPageReport', undefined, { tabId: 9, frameId: 5 })).rejects.toThrow(/getPageReport .* frame 5 of tab 9/);
  });

  it('rejects when the browser finds no content script in the frame', async () => {
    const { sendMessageToFrame } = await importMessages();
    vi.mocked(fakeBrowser.tabs.sendMessage).mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'));
    await expect(sendMessageToFrame('focusPassage', { index: 0 }, { tabId: 2, frameId: 0 })).rejects.toThrow(/Receiving end does not exist/);
  });
});
