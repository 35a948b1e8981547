/**
 * Messages between the options page and its corpus worker
 * (extension/corpus-store/import-worker.ts). The worker does everything heavy —
 * reading and unpacking files, parsing, indexing, storing, exporting — so the
 * page stays responsive; the page shows progress and asks the user.
 *
 * An import is two steps on one worker: `check` reads the files and reports
 * what is valid; `import` builds and stores the documents `check` kept.
 */
import type { CorpusError } from '../../lib/corpus-parse';
import type { CorpusRecord } from './corpus-db';

/** What the page asks. */
export type WorkerRequest =
  /** Reads and validates the picked files; answers `checked`. */
  | { type: 'check'; files: File[] }
  /**
   * Builds and stores the valid documents of the last `check`, staged under
   * `stagingKey` (the page discards what is staged there if it cancels); answers `imported`.
   */
  | { type: 'import'; name: string; replaceId?: string; stagingKey: string }
  /** Writes a corpus as JSONL (`corpusId` "shipped" for the shipped one); answers `exported`. */
  | { type: 'export'; corpusId: string };

/** A step of the work, for the progress bar. */
export type WorkPhase = 'read' | 'index' | 'compress' | 'search' | 'save' | 'export';

/** Most errors sent to the page: a corpus can have thousands, the list shows the first ones and a count. */
export const MAX_REPORTED_ERRORS = 200;

/** What the worker answers. */
export type WorkerResponse =
  /** `done` of `total` units of `phase` (files, documents; 0 of 1 for a step without parts). */
  | { type: 'progress'; phase: WorkPhase; done: number; total: number }
  | {
      type: 'checked';
      documentCount: number;
      /** The first `MAX_REPORTED_ERRORS` problems, by file and line. */
      errors: CorpusError[];
      errorCount: number;
    }
  | { type: 'imported'; record: CorpusRecord }
  /** The corpus as JSONL, one document a line, ids as in the corpus (unqualified). */
  | { type: 'exported'; blob: Blob }
  /** `quota`: the browser refused the storage space; `error`: anything else, `message` says what. */
  | { type: 'failed'; reason: 'quota' | 'error'; message: string };
