/**
 * The options page's side of the corpus worker: one worker per job (an import,
 * a re-import, an export), requests answered in order, progress reported as it
 * comes, and `cancel()` to stop the job at once.
 */
import type { WorkerRequest, WorkerResponse } from '../../extension/corpus-store/import-protocol';
// Vite bundles the worker and its imports as a file of its own. (The usual
// `new Worker(new URL(…, import.meta.url))` is not recognized here: WXT defines `import.meta.url`.)
import ImportWorker from '../../extension/corpus-store/import-worker.ts?worker';

/** A final answer: anything but progress. */
export type WorkerResult = Exclude<WorkerResponse, { type: 'progress' }>;
/** A progress message. */
export type WorkerProgress = Extract<WorkerResponse, { type: 'progress' }>;

/** Rejects a pending request when the job was cancelled. */
export class JobCancelledError extends Error {
  override name = 'JobCancelledError';
}

/** A running worker. */
export class CorpusWorkerJob {
  private readonly worker: Worker;
  private pending: { resolve(result: WorkerResult): void; reject(error: Error): void } | null = null;

  constructor(onProgress: (progress: WorkerProgress) => void) {
    this.worker = new ImportWorker();
    this.worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress(message);
      else this.settle((pending) => pending.resolve(message));
    });
    // A worker that fails to start or throws outside a request (out of memory, say) ends the job.
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.settle((pending) => pending.reject(new Error(event.message || 'the import worker stopped')));
      this.worker.terminate();
    });
  }

  /** Sends a request; resolves with its answer. One request at a time. */
  request(message: WorkerRequest): Promise<WorkerResult> {
    if (this.pending) return Promise.reject(new Error('the worker is busy'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(message);
    });
  }

  /** Stops the worker; a pending request rejects with `JobCancelledError`. Nothing half-written stays: see corpus-db.ts. */
  cancel(): void {
    this.worker.terminate();
    this.settle((pending) => pending.reject(new JobCancelledError('cancelled')));
  }

  /** Ends the job after its last answer. */
  close(): void {
    this.worker.terminate();
  }

  private settle(action: (pending: { resolve(result: WorkerResult): void; reject(error: Error): void }) => void): void {
    const pending = this.pending;
    this.pending = null;
    if (pending) action(pending);
  }
}
