/**
 * Where the background's time went on the last page, as entries of the
 * service worker's own performance timeline: `npm run bench:wake` and
 * `npm run bench:large` read them over the DevTools protocol after each page
 * (bench/browser-bench.ts, `readPageSteps`) to split a page into its steps
 * (docs/performance.md, "Where a wake goes in Chromium"). Nothing in the
 * extension reads them, and no page can: a service worker's timeline is its
 * own. Each page clears the previous page's entries, so a worker that lives
 * for hours keeps a few dozen at most. With pages of several tabs matched at
 * once, the entries interleave; the bench loads one page at a time.
 */

/** Every entry's name starts with this. */
export const STEP_MARK_PREFIX = 'sourcelight:';

/** The steps of one page, in order. */
export type PageStep = 'asked' | 'loaded' | 'matched' | 'explained';

/** Marks that the worker's script has run up to its `main` (once per worker). */
export function markWorkerStarted(): void {
  performance.mark(`${STEP_MARK_PREFIX}started`);
}

/** Clears the previous page's entries and marks that a page's text arrived. */
export function startPageMarks(): void {
  // By type: the worker's timeline also holds an entry for each resource it fetched.
  for (const mark of performance.getEntriesByType('mark')) {
    if (mark.name.startsWith(STEP_MARK_PREFIX) && mark.name !== `${STEP_MARK_PREFIX}started`) performance.clearMarks(mark.name);
  }
  for (const measure of performance.getEntriesByType('measure')) {
    if (measure.name.startsWith(STEP_MARK_PREFIX)) performance.clearMeasures(measure.name);
  }
  markPageStep('asked');
}

/** Marks that the page reached `step`. */
export function markPageStep(step: PageStep): void {
  performance.mark(`${STEP_MARK_PREFIX}${step}`);
}

/**
 * Runs `read` (a read of stored index parts of `kind`) and records how long it
 * took, how many parts it returned and their bytes, as a measure.
 */
export async function measuredRead<T extends ReadonlyMap<number, Uint8Array>>(kind: string, read: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const parts = await read();
  let bytes = 0;
  for (const part of parts.values()) bytes += part.byteLength;
  performance.measure(`${STEP_MARK_PREFIX}read:${kind}`, { start, end: performance.now(), detail: { parts: parts.size, bytes } });
  return parts;
}
