/**
 * The one typed message protocol between the extension's parts.
 *
 * Content scripts never hold the corpus index: they send the page's text to the
 * background, which matches it against the index and answers with spans. Text
 * crosses only between the extension's own processes on this device.
 */
import { defineExtensionMessaging, type GetDataType, type GetReturnType } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import type { IndexInfo } from '../lib/index-format';
import type { MatchOptions } from '../lib/matcher';
import type { Dismissal, PageReport, SourceRequest, SourcedDocument, SourcedMatch } from '../lib/domain';

/** Messages and their answers. */
export interface ProtocolMap {
  /** Answers at once: a content script's first message, to learn that the background listens (page/match-client.ts says why). */
  ping(): true;
  /** Matches page text against every enabled corpus. */
  findMatches(data: { text: string; options: Partial<MatchOptions> }): SourcedMatch[];
  /** One corpus document, whole, for the source viewer; `docId` is qualified. Null when its corpus is disabled or gone. */
  getDocument(data: { docId: string }): SourcedDocument | null;
  /** Facts about the shipped index. */
  getIndexInfo(): IndexInfo;
  /** The options page changed the corpora (imported, replaced, deleted, renamed, switched): reload them. */
  corporaChanged(): void;
  /**
   * Opens the source viewer in a new tab next to the sender's. From a tab, only
   * for a document matched in that tab and at most once a second (`GestureGuard`);
   * answers whether it opened.
   */
  openSource(data: SourceRequest): boolean;
  /** Stores a "Not a match here" choice made in a tab's card; guarded like `openSource`. Answers whether it was stored. */
  dismissPassage(data: Dismissal): boolean;
  /** A frame's content script tells the background how many passages it paints, and how many of them are rewritten (toolbar badge). */
  reportPassageCount(data: { count: number; rewritten: number }): void;
  /** Frames of a tab (other than the top one) that paint passages, for the popup to ask for their reports. */
  getPassageFrames(data: { tabId: number }): number[];

  // Handled by the content script of every frame (the popup names the frame):
  /** The frame's passages and reuse summary. */
  getPageReport(): PageReport;
  /** Scrolls to passage `index`, marks it active and opens its card (private passages: marked only). */
  focusPassage(data: { index: number }): void;
  // Handled by the content script of a tab's top frame:
  /** Moves to the next or previous passage from the current one and opens its card. */
  stepPassage(data: { direction: 1 | -1 }): void;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

/**
 * Sends `type` to one frame of a tab, as `sendMessage(type, data, { tabId, frameId })`
 * would, but rejects cleanly when no content script listens there (browser and
 * extension pages, stores, tabs opened before install). The library's tab path
 * passes `chrome.tabs.sendMessage` a callback that never reads
 * `chrome.runtime.lastError`, so Chrome logs "Unchecked runtime.lastError: Could
 * not establish connection" on every such tab; `browser.tabs.sendMessage`
 * (webextension-polyfill) reads it and rejects instead. The message has the
 * library's wire format, so the same `onMessage` handlers answer it;
 * messages.test.ts sends through the library's real handlers, so an upgrade that
 * changes the format fails there.
 */
export async function sendMessageToFrame<K extends keyof ProtocolMap>(
  type: K,
  data: GetDataType<ProtocolMap[K]>,
  target: { tabId: number; frameId: number },
): Promise<GetReturnType<ProtocolMap[K]>> {
  const message = { id: Math.floor(Math.random() * 1e9), type, data, timestamp: Date.now() };
  const reply = (await browser.tabs.sendMessage(target.tabId, message, { frameId: target.frameId })) as
    | { res?: GetReturnType<ProtocolMap[K]>; err?: { message?: string } }
    | undefined;
  if (!reply) throw new Error(`No answer to ${type} from frame ${target.frameId} of tab ${target.tabId}`);
  if (reply.err) throw new Error(reply.err.message ?? `${type} failed in the content script`);
  return reply.res as GetReturnType<ProtocolMap[K]>;
}
