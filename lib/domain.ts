/**
 * What the extension's parts say to each other about a page and its sources:
 * matches with their source documents, the page's report, what the source viewer
 * is asked to show, a reader's dismissal. Plain data, no transport: the message
 * protocol (extension/messages.ts) carries these, the UI and exports render them.
 */
import type { CorpusDocument, DocumentMetadata } from './corpus';
import type { MatchKind, MatchSpan } from './matcher';
import type { RewriteExplanation } from './sentence-pairs';
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
   * card, computed by the background (`withCardExplanations`) so the content
   * script carries no stemmer. Absent on copied matches.
   */
  rewrite?: RewriteExplanation;
  /**
   * A copied match's word diff, source → page, for the hover card; computed by
   * the background (`withCardExplanations`) so the content script carries no diff
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
  /** The corpus the source document belongs to. */
  corpus: CorpusRef;
  /** Whether the reader marked that corpus private: the match is painted where the page cannot read it. */
  private: boolean;
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
  /**
   * Corpus articles that share phrases with the passage but were not compared
   * with it, beyond the closest the matcher compares (`MatchSpan.otherSources`);
   * absent when none were left out.
   */
  otherSources?: number;
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

/** A passage the user marked "Not a match here". */
export interface Dismissal {
  /** Hostname of the page. */
  site: string;
  docId: string;
  /** Hash of the normalized page passage (not the text itself). */
  passageHash: string;
}
