/**
 * Lets the browser handle input and paint between slices of work
 * (https://web.dev/articles/optimize-long-tasks). `scheduler.yield` keeps the
 * continuation at the front of the queue where supported.
 */
export function yieldToMain(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A deadline `budgetMs` from now, as a `shouldYield` function. */
export function sliceDeadline(budgetMs: number): () => boolean {
  const end = performance.now() + budgetMs;
  return () => performance.now() >= end;
}
