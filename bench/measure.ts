/** Timing, statistics and memory helpers of the benchmark. */
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';

v8.setFlagsFromString('--expose-gc');
/** V8's `gc()`, exposed without a command-line flag so `npm run bench` needs none. */
const collectGarbage = runInNewContext('gc') as () => void;

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Wall-clock milliseconds of one call, with its result. */
export function timeOnce<T>(run: () => T): { ms: number; result: T } {
  const start = performance.now();
  const result = run();
  return { ms: performance.now() - start, result };
}

/**
 * Median wall-clock milliseconds of `repetitions` calls. Garbage is collected once
 * before the series, not before each call: on two cores the sweeping that follows
 * a full collection competes with the next call and slows it by up to half.
 */
export function timeMedian(repetitions: number, run: () => unknown): number {
  collectGarbage();
  const times: number[] = [];
  for (let r = 0; r < repetitions; r++) times.push(timeOnce(run).ms);
  return median(times);
}

/** Heap and array-buffer bytes in use after a full garbage collection. */
export interface MemorySnapshot {
  readonly heapUsed: number;
  readonly arrayBuffers: number;
}

/** Memory in use now, after collecting garbage. */
export function memoryNow(): MemorySnapshot {
  collectGarbage();
  collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heapUsed, arrayBuffers };
}

/** `after - before`, field by field. */
export function memoryDelta(before: MemorySnapshot, after: MemorySnapshot): MemorySnapshot {
  return { heapUsed: after.heapUsed - before.heapUsed, arrayBuffers: after.arrayBuffers - before.arrayBuffers };
}
