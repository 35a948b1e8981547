/**
 * The one typed message protocol between the extension's parts.
 *
 * Content scripts never hold the corpus index: they send the page's text to the
 * background, which matches it against the index and answers with spans. Text
 * crosses only between the extension's own processes on this device.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { CorpusDocument, DocumentMetadata } from './corpus';
import type { IndexInfo } from './index-format';
import type { MatchOptions, MatchSpan } from './matcher';

/** A match with what a hover card needs to show its source without another round trip. */
export interface SourcedMatch extends MatchSpan {
  /** Metadata of the source document. */
  source: DocumentMetadata;
  /** The source text of the passage: `sourceText = documentText.slice(docStart, docEnd)`. */
  sourceText: string;
  /** Source text before and after the passage, to the sentence boundaries. */
  contextBefore: string;
  contextAfter: string;
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

/** Messages and their answers. */
export interface ProtocolMap {
  /** Matches page text against the shipped index. */
  findMatches(data: { text: string; options: Partial<MatchOptions> }): SourcedMatch[];
  /** One corpus document, whole, for the source viewer. */
  getDocument(data: { docId: string }): CorpusDocument | null;
  /** Facts about the loaded index. */
  getIndexInfo(): IndexInfo;
  /** Opens the source viewer in a new tab next to the sender's. */
  openSource(data: SourceRequest): void;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
