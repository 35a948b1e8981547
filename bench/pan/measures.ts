/**
 * Character-level macro measures of plagiarism detection (Potthast, Stein,
 * Barrón-Cedeño and Rosso, "An Evaluation Framework for Plagiarism Detection",
 * COLING 2010), as PAN scores its text-alignment task.
 *
 * A case (true reuse) and a detection are both a pair of character ranges: one
 * in the suspicious document, one in the source document. A detection detects a
 * case when the two overlap in the suspicious document and in the source
 * document (and are about the same pair of documents). Lengths count characters
 * of both documents.
 *
 * - macro recall: mean over cases of the share of the case's characters that
 *   detections detecting it cover;
 * - macro precision: the same with cases and detections swapped;
 * - granularity: mean number of detections per detected case (1 is ideal);
 * - plagdet: F1(precision, recall) / log2(1 + granularity).
 *
 * Pure; the averages are taken over the whole set of cases and detections given
 * (pool the pairs of a corpus first to get corpus-level figures).
 */
import { unionLength } from '../intervals';

/** A reused passage: a range of the suspicious document and one of the source document. */
export interface Annotation {
  /** Identifies the document pair (for example "suspicious-document00001-source-document00294"). */
  readonly pair: string;
  readonly thisOffset: number;
  readonly thisLength: number;
  readonly sourceOffset: number;
  readonly sourceLength: number;
}

/** The four PAN measures, plus the counts they were computed from. */
export interface Measures {
  readonly precision: number;
  readonly recall: number;
  readonly granularity: number;
  readonly plagdet: number;
  readonly cases: number;
  readonly detections: number;
}

function rangesOverlap(aFrom: number, aLength: number, bFrom: number, bLength: number): boolean {
  return aFrom < bFrom + bLength && bFrom < aFrom + aLength;
}

/** Whether `a` and `b` overlap in both documents of the same pair. */
export function overlaps(a: Annotation, b: Annotation): boolean {
  return (
    a.pair === b.pair &&
    rangesOverlap(a.thisOffset, a.thisLength, b.thisOffset, b.thisLength) &&
    rangesOverlap(a.sourceOffset, a.sourceLength, b.sourceOffset, b.sourceLength)
  );
}

/** Length of the union of `[from, from + length)` ranges clipped to `[clipFrom, clipTo)`. */
function coveredLength(ranges: readonly [number, number][], clipFrom: number, clipTo: number): number {
  return unionLength(
    ranges.map(([from, length]): [number, number] => [Math.max(from, clipFrom), Math.min(from + length, clipTo)]).filter(([from, to]) => from < to),
  );
}

/**
 * Share of `target`'s characters (both documents) covered by those of `others`
 * that overlap it in both documents.
 */
function coveredShare(target: Annotation, others: readonly Annotation[]): number {
  const detecting = others.filter((other) => overlaps(target, other));
  const size = target.thisLength + target.sourceLength;
  if (size === 0) return 0;
  const thisCovered = coveredLength(
    detecting.map((d) => [d.thisOffset, d.thisLength]),
    target.thisOffset,
    target.thisOffset + target.thisLength,
  );
  const sourceCovered = coveredLength(
    detecting.map((d) => [d.sourceOffset, d.sourceLength]),
    target.sourceOffset,
    target.sourceOffset + target.sourceLength,
  );
  return (thisCovered + sourceCovered) / size;
}

/** Groups annotations by pair, so each one is only compared with those of its own pair. */
function byPair(annotations: readonly Annotation[]): Map<string, Annotation[]> {
  const groups = new Map<string, Annotation[]>();
  for (const annotation of annotations) {
    const group = groups.get(annotation.pair);
    if (group) group.push(annotation);
    else groups.set(annotation.pair, [annotation]);
  }
  return groups;
}

/**
 * Macro precision, macro recall, granularity and plagdet of `detections`
 * against `cases`. Conventions of PAN's evaluator where a measure is
 * undefined: no cases and no detections give precision = recall = 1; no cases
 * or no detections alone give 0; granularity is 1 when no case is detected.
 */
export function measure(cases: readonly Annotation[], detections: readonly Annotation[]): Measures {
  const casesByPair = byPair(cases);
  const detectionsByPair = byPair(detections);
  let recallSum = 0;
  let detectedCases = 0;
  let detectionsPerDetected = 0;
  for (const c of cases) {
    const sameDetections = detectionsByPair.get(c.pair) ?? [];
    recallSum += coveredShare(c, sameDetections);
    const detecting = sameDetections.filter((d) => overlaps(c, d)).length;
    if (detecting > 0) {
      detectedCases++;
      detectionsPerDetected += detecting;
    }
  }
  let precisionSum = 0;
  for (const d of detections) precisionSum += coveredShare(d, casesByPair.get(d.pair) ?? []);

  let precision: number;
  let recall: number;
  if (cases.length === 0 && detections.length === 0) {
    precision = 1;
    recall = 1;
  } else if (cases.length === 0 || detections.length === 0) {
    precision = 0;
    recall = 0;
  } else {
    precision = precisionSum / detections.length;
    recall = recallSum / cases.length;
  }
  const granularity = detectedCases === 0 ? 1 : detectionsPerDetected / detectedCases;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    precision,
    recall,
    granularity,
    plagdet: f1 / Math.log2(1 + granularity),
    cases: cases.length,
    detections: detections.length,
  };
}
