/**
 * The one typed message protocol between the extension's parts.
 *
 * Content scripts never hold the corpus index: they send the page's text to the
 * background, which matches it against the index and answers with spans. Text
 * crosses only between the extension's own processes on this device.
 */
import { defineExtensionMessaging, type GetDataType, type GetReturnType } from '@webext-core/messaging';
import { browser } from 'wxt/browser';
import type { CorpusDocument, DocumentMetadata } from './corpus';
import type { IndexInfo } from './index-format';
import type { MatchKind, MatchOptions, MatchSpan } from './matcher';
import type { RewriteExplanation } from './sentence-pairs';
import type { Dismissal } from './storage';
import type { DiffPart } from './word-diff';

/** Which corpus a document belongs to: the shipped one or one the user imported. */
export interface CorpusRef {
  /** `"shipped"` or the imported corpus's id. */
  id: string;
  /** Display name, e.g. "My press releases". */
  name: string;
}

/**
 * A corpus document as the extension's pages see it: `id` is qualified
 * (`<corpusId>:<docId>` for imported corpora, the plain id for the shipped one).
 */
export interface SourcedDocument extends CorpusDocument {
  corpus: CorpusRef;
}

/**
 * A match with what a hover card needs to show its source without another round trip.
 * `docId` and `source.id` are qualified like `SourcedDocument.id`.
 */
export interface SourcedMatch extends MatchSpan {
  /** Metadata of the source document. */
  source: DocumentMetadata;
  /** The corpus the source document belongs to. */
  corpus: CorpusRef;
  /** The source text of the passage: `sourceText = documentText.slice(docStart, docEnd)`. */
  sourceText: string;
  /** Source text before and after the passage, to the sentence boundaries. */
  contextBefore: string;
  contextAfter: string;
  /** Length of the whole source document, in characters. */
  documentLength: number;
  /**
   * A rewritten match's shared content words and sentence pairs for the hover
   * card, computed by the background (`withRewriteExplanations`) so the content
   * script carries no stemmer. Absent on copied matches.
   */
  rewrite?: RewriteExplanation;
  /**
   * A copied match's word diff, source → page, for the hover card; computed by
   * the background (`withWordDiffs`) so the content script carries no diff
   * library. Absent on rewritten matches.
   */
  diff?: DiffPart[];
}

/** Where one reused passage sits in a source document, for the viewer. */
export interface PassageRef {
  docStart: number;
  docEnd: number;
}

/** What the source viewer is asked to show. */
export interface SourceRequest {
  docId: string;
  /** The passage to mark and scroll to. */
  active: PassageRef;
  /** Every passage of the same document reused by the page. */
  passages: PassageRef[];
  /** The page that reused them. */
  pageUrl: string;
  pageTitle: string;
}

/** One source of a painted passage, as the popup lists it. */
export interface ReportSource {
  docId: string;
  /** How the page reused this source's text. */
  kind: MatchKind;
  title: string;
  outlet?: string;
  published?: string;
  url?: string;
  similarity: number;
  docStart: number;
  docEnd: number;
  /** The source's text of the passage. */
  sourceText: string;
  /** The page's text of the span matched to this source (the passage, or the part of it this source shares). */
  pageText: string;
  /** Length of the whole source document, in characters, for coverage. */
  documentLength: number;
}

/** One painted passage of a page. */
export interface ReportPassage {
  /** Position of the passage in page order; `focusPassage` takes it. */
  index: number;
  /** The passage as it reads on the page. */
  pageText: string;
  /** Copied when any of its sources shares it copied, else rewritten (as painted). */
  kind: MatchKind;
  /** Its sources, earliest first when dates are known. */
  sources: ReportSource[];
}

/** What the popup and the exports know of the current page. */
export interface PageReport {
  pageUrl: string;
  pageTitle: string;
  /** Visible characters of the page's text and how many of them are in passages. */
  pageChars: number;
  reusedChars: number;
  /** Whether the extension runs on this page (site and global switches). */
  active: boolean;
  passages: ReportPassage[];
}

/** Messages and their answers. */
export interface ProtocolMap {
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
 * library's wire format, so the same `onMessage` handlers answer it.
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
