import { afterEach, describe, expect, it } from 'vitest';
import { markPageStep, markWorkerStarted, measuredRead, startPageMarks, STEP_MARK_PREFIX } from './step-marks';

/** The extension's entries in this process's timeline: [type, name]. */
function ours(): [string, string][] {
  return performance
    .getEntries()
    .filter((entry) => entry.name.startsWith(STEP_MARK_PREFIX))
    .map((entry) => [entry.entryType, entry.name.slice(STEP_MARK_PREFIX.length)]);
}

afterEach(() => {
  performance.clearMarks();
  performance.clearMeasures();
});

describe('step marks', () => {
  it("marks a page's steps and reads, in order, after the worker's start", async () => {
    markWorkerStarted();
    startPageMarks();
    markPageStep('loaded');
    const parts = new Map([
      [3, new Uint8Array(10)],
      [7, new Uint8Array(32)],
    ]);
    await expect(measuredRead('postings', () => Promise.resolve(parts))).resolves.toBe(parts);
    markPageStep('matched');
    markPageStep('explained');
    expect(ours()).toEqual([
      ['mark', 'started'],
      ['mark', 'asked'],
      ['mark', 'loaded'],
      ['measure', 'read:postings'],
      ['mark', 'matched'],
      ['mark', 'explained'],
    ]);
    const read = performance.getEntriesByName(`${STEP_MARK_PREFIX}read:postings`)[0] as PerformanceMeasure;
    expect(read.detail).toEqual({ parts: 2, bytes: 42 });
    expect(read.duration).toBeGreaterThanOrEqual(0);
  });

  it("a new page clears the last page's entries but keeps the worker's start: they never pile up", async () => {
    markWorkerStarted();
    for (let page = 0; page < 100; page++) {
      startPageMarks();
      markPageStep('loaded');
      await measuredRead('texts', () => Promise.resolve(new Map([[1, new Uint8Array(1)]])));
      markPageStep('matched');
      markPageStep('explained');
    }
    expect(ours()).toHaveLength(6);
    expect(ours().filter(([, name]) => name === 'started')).toHaveLength(1);
  });

  it('a failed read records nothing and rejects as the read did', async () => {
    startPageMarks();
    await expect(measuredRead('filters', () => Promise.reject(new Error('part 4 is missing')))).rejects.toThrow('part 4 is missing');
    expect(ours()).toEqual([['mark', 'asked']]);
  });
});
