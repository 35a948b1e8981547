/**
 * The options page's corpus worker (see import-protocol.ts). A dedicated
 * worker of an extension page: same origin as the page, so it opens the same
 * IndexedDB and fetches the extension's files; it has no extension APIs and
 * needs none. Closing the page ends it, and with it any unfinished import:
 * its record is never written, and its staged segments are deleted by the
 * page or by a later import (corpus-db.ts).
 */
import type { CorpusDocument } from '../../lib/corpus';
import { decodeIndex } from '../../lib/index-format';
import { SHIPPED_CORPUS_ID } from '../../lib/corpus-ids';
import { CorpusStore, isQuotaError } from './corpus-db';
import { importCorpus } from './import-corpus';
import { MAX_REPORTED_ERRORS, type WorkerRequest, type WorkerResponse, type WorkPhase } from './import-protocol';
import { nativeDeflateRaw } from './native-deflate';
import { readImportSources } from './read-import';

/** The parts of a dedicated worker's global scope used here (the project's TypeScript lib is the DOM one). */
interface WorkerScope {
  postMessage(message: WorkerResponse): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
}

/** How many file names a corpus record keeps, to show where it came from. */
const MAX_SOURCE_NAMES = 10;
/** Least time between two progress messages: enough for a smooth bar, few enough not to flood the page. */
const PROGRESS_INTERVAL_MS = 100;

const scope = self as unknown as WorkerScope;
/** The valid documents of the last `check`, waiting for `import`. */
let checked: { documents: CorpusDocument[]; sources: string[] } | null = null;
let lastProgressAt = 0;

scope.addEventListener('message', (event) => {
  void handle(event.data).then(
    (response) => scope.postMessage(response),
    (error: unknown) =>
      scope.postMessage({
        type: 'failed',
        reason: isQuotaError(error) ? 'quota' : 'error',
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  switch (request.type) {
    case 'check':
      return check(request.files);
    case 'import':
      return importChecked(request.name, request.replaceId, request.stagingKey);
    case 'export':
      return exportCorpus(request.corpusId);
  }
}

async function check(files: File[]): Promise<WorkerResponse> {
  const sources = files.map((file) => ({ name: file.name, size: file.size, read: async () => new Uint8Array(await file.arrayBuffer()) }));
  const corpus = await readImportSources(sources, { onProgress: (done, total) => progress('read', done, total) });
  checked = { documents: corpus.documents, sources: files.slice(0, MAX_SOURCE_NAMES).map((file) => file.name) };
  return {
    type: 'checked',
    documentCount: corpus.documents.length,
    errors: corpus.errors.slice(0, MAX_REPORTED_ERRORS),
    errorCount: corpus.errors.length,
  };
}

async function importChecked(name: string, replaceId: string | undefined, stagingKey: string): Promise<WorkerResponse> {
  if (!checked || checked.documents.length === 0) throw new Error('there are no checked documents to import');
  const { documents, sources } = checked;
  // importCorpus lets go of each segment's documents once stored: nothing else may hold them.
  checked = null;
  const store = await CorpusStore.open();
  try {
    const record = await importCorpus(
      store,
      documents,
      { name, replaceId, sources },
      { stagingKey, compress: nativeDeflateRaw() ?? undefined, onProgress: (phase, done, total) => progress(phase, done, total, done === total) },
    );
    return { type: 'imported', record };
  } finally {
    store.close();
  }
}

async function exportCorpus(corpusId: string): Promise<WorkerResponse> {
  progress('export', 0, 1, true);
  // One part per line: the browser assembles the file without one giant string.
  const lines: string[] = [];
  const addLines = (documents: Iterable<CorpusDocument>): void => {
    for (const doc of documents) lines.push(`${JSON.stringify(doc)}\n`);
  };
  if (corpusId === SHIPPED_CORPUS_ID) {
    const response = await fetch('/corpus/index.bin');
    if (!response.ok) throw new Error(`the shipped index could not be read (HTTP ${response.status})`);
    addLines(decodeIndex(new Uint8Array(await response.arrayBuffer())).documents);
  } else {
    const store = await CorpusStore.open();
    try {
      const record = await store.get(corpusId);
      if (!record) throw new Error('the corpus is no longer stored');
      // A segment at a time, its texts inflated a few shards at a time; postings and filter words are not read.
      for await (const documents of store.documents(record)) {
        if (!documents) throw new Error('the corpus is no longer stored');
        addLines(documents);
      }
    } finally {
      store.close();
    }
  }
  return { type: 'exported', blob: new Blob(lines, { type: 'application/jsonl' }) };
}

/** Sends progress, at most every `PROGRESS_INTERVAL_MS` unless `force`. */
function progress(phase: WorkPhase, done: number, total: number, force = false): void {
  const now = performance.now();
  if (!force && now - lastProgressAt < PROGRESS_INTERVAL_MS) return;
  lastProgressAt = now;
  scope.postMessage({ type: 'progress', phase, done, total });
}
