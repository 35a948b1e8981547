import { describe, expect, it } from 'vitest';
import { measure, overlaps, type Annotation } from './measures';

const a = (pair: string, thisOffset: number, thisLength: number, sourceOffset: number, sourceLength: number): Annotation => ({
  pair,
  thisOffset,
  thisLength,
  sourceOffset,
  sourceLength,
});

describe('PAN measures (hand-computed cases)', () => {
  it('scores a half-overlapping detection 0.5 on every measure but granularity', () => {
    // Case 100 + 100 characters; detection shares 50 with it on each side.
    const m = measure([a('p', 0, 100, 0, 100)], [a('p', 50, 100, 50, 100)]);
    expect(m.recall).toBeCloseTo(0.5, 10);
    expect(m.precision).toBeCloseTo(0.5, 10);
    expect(m.granularity).toBe(1);
    expect(m.plagdet).toBeCloseTo(0.5, 10);
  });

  it('divides by log2(1 + granularity) when a case is split in two detections', () => {
    const m = measure([a('p', 0, 100, 0, 100)], [a('p', 0, 50, 0, 50), a('p', 50, 50, 50, 50)]);
    expect(m.recall).toBe(1);
    expect(m.precision).toBe(1);
    expect(m.granularity).toBe(2);
    expect(m.plagdet).toBeCloseTo(1 / Math.log2(3), 10);
  });

  it('does not count a detection that overlaps the case on the suspicious side only', () => {
    const m = measure([a('p', 0, 100, 0, 100)], [a('p', 0, 100, 500, 100)]);
    expect(m.recall).toBe(0);
    expect(m.precision).toBe(0);
    expect(m.granularity).toBe(1);
    expect(m.plagdet).toBe(0);
  });

  it('never matches annotations of different pairs', () => {
    expect(overlaps(a('p', 0, 10, 0, 10), a('q', 0, 10, 0, 10))).toBe(false);
    expect(overlaps(a('p', 0, 10, 0, 10), a('p', 9, 10, 9, 10))).toBe(true);
    expect(overlaps(a('p', 0, 10, 0, 10), a('p', 10, 10, 0, 10))).toBe(false);
  });

  it('averages per case and per detection (macro), pooled over pairs', () => {
    // Case 1 found exactly, case 2 missed; one false detection in another pair.
    const m = measure(
      [a('p', 0, 100, 0, 100), a('p', 200, 100, 500, 100)],
      [a('p', 0, 100, 0, 100), a('q', 0, 10, 0, 10)],
    );
    expect(m.recall).toBeCloseTo(0.5, 10);
    expect(m.precision).toBeCloseTo(0.5, 10);
    expect(m.plagdet).toBeCloseTo(0.5, 10);
  });

  it('counts characters of both documents (a condensed case)', () => {
    // Case 100 suspicious + 300 source characters; detection covers 100 + 150 of them.
    const m = measure([a('p', 0, 100, 0, 300)], [a('p', 0, 100, 0, 150)]);
    expect(m.recall).toBeCloseTo(250 / 400, 10);
    expect(m.precision).toBe(1);
    expect(m.plagdet).toBeCloseTo((2 * 0.625) / 1.625, 10);
  });

  it('counts characters covered by two overlapping detections once', () => {
    const m = measure([a('p', 0, 100, 0, 100)], [a('p', 0, 60, 0, 60), a('p', 40, 60, 40, 60)]);
    expect(m.recall).toBe(1);
    expect(m.granularity).toBe(2);
  });

  it('follows PAN conventions where a measure is undefined', () => {
    expect(measure([], [])).toMatchObject({ precision: 1, recall: 1, granularity: 1, plagdet: 1 });
    expect(measure([], [a('p', 0, 1, 0, 1)])).toMatchObject({ precision: 0, recall: 0, plagdet: 0 });
    expect(measure([a('p', 0, 1, 0, 1)], [])).toMatchObject({ precision: 0, recall: 0, plagdet: 0 });
  });
});
