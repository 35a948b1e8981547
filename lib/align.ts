/**
 * Banded local alignment (Smith–Waterman) of two word sequences.
 *
 * Seeds only say "these two places share a few words"; alignment decides how far
 * the shared passage really reaches, across dropped, replaced and inserted words.
 * Scores favour content words so a passage is not stretched over a stray "the".
 */

/** Alignment scores, in integer points. */
export interface AlignmentScores {
  /** Both sides have the same content word. */
  match: number;
  /** Both sides have the same function word. */
  stopwordMatch: number;
  /** One word replaced by another. */
  mismatch: number;
  /** A word present on one side only. */
  gap: number;
}

/** Defaults tuned so that one edit every three or four words still extends the passage. */
export const DEFAULT_SCORES: AlignmentScores = { match: 2, stopwordMatch: 1, mismatch: -2, gap: -2 };

/** One side of an alignment problem: word hashes, flags and the window to align within. */
export interface AlignmentSide {
  hashes: Uint32Array;
  /** Word flags; bit 1 marks function words. */
  flags: Uint8Array;
  /** First word of the window. */
  from: number;
  /** One past the last word of the window. */
  to: number;
}

/** The best local alignment: word ranges on both sides, inclusive-exclusive. */
export interface Alignment {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
  /** Words equal on both sides. */
  matches: number;
  score: number;
}

const STOP = 0;
const DIAGONAL = 1;
const UP = 2; // a word of side A with no counterpart in B
const LEFT = 3; // a word of side B with no counterpart in A

/**
 * Aligns window `a` against window `b`, considering only cells whose diagonal
 * `j - i` (absolute word positions) lies in `[minDiagonal, maxDiagonal]`.
 * Cost is O(rows × band width). Returns null when nothing scores above zero.
 */
export function alignBanded(
  a: AlignmentSide,
  b: AlignmentSide,
  minDiagonal: number,
  maxDiagonal: number,
  scores: AlignmentScores = DEFAULT_SCORES,
): Alignment | null {
  const rows = a.to - a.from;
  const width = maxDiagonal - minDiagonal + 1;
  if (rows <= 0 || width <= 0) return null;
  // prev[t] / cur[t]: best score ending at A word i, B word j = i + minDiagonal + t.
  let prev = new Int32Array(width + 1);
  let cur = new Int32Array(width + 1);
  const trace = new Uint8Array(rows * width);
  let best = 0;
  let bestRow = -1;
  let bestT = -1;

  for (let r = 0; r < rows; r++) {
    const i = a.from + r;
    const ha = a.hashes[i]!;
    const stop = (a.flags[i]! & 1) !== 0;
    for (let t = 0; t < width; t++) {
      const j = i + minDiagonal + t;
      if (j < b.from || j >= b.to) {
        cur[t] = 0;
        trace[r * width + t] = STOP;
        continue;
      }
      // Diagonal predecessor (i-1, j-1) sits at the same t in the previous row;
      // (i-1, j) at t+1 in the previous row; (i, j-1) at t-1 in this row.
      const same = b.hashes[j] === ha;
      const diagonal = (r > 0 && j > b.from ? prev[t]! : 0) + (same ? (stop ? scores.stopwordMatch : scores.match) : scores.mismatch);
      const up = r > 0 && t + 1 < width ? prev[t + 1]! + scores.gap : -1;
      const left = t > 0 && j > b.from ? cur[t - 1]! + scores.gap : -1;
      let value = 0;
      let move = STOP;
      if (diagonal > value) {
        value = diagonal;
        move = DIAGONAL;
      }
      if (up > value) {
        value = up;
        move = UP;
      }
      if (left > value) {
        value = left;
        move = LEFT;
      }
      cur[t] = value;
      trace[r * width + t] = move;
      if (value > best) {
        best = value;
        bestRow = r;
        bestT = t;
      }
    }
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  if (bestRow < 0) return null;

  // Walk back from the best cell to where the score started from zero.
  let r = bestRow;
  let t = bestT;
  let matches = 0;
  let aStart = a.from + bestRow;
  let bStart = aStart + minDiagonal + bestT;
  for (;;) {
    const move = trace[r * width + t];
    if (move === STOP || move === undefined) break;
    const i = a.from + r;
    const j = i + minDiagonal + t;
    aStart = i;
    bStart = j;
    if (move === DIAGONAL) {
      if (a.hashes[i] === b.hashes[j]) matches++;
      r -= 1;
    } else if (move === UP) {
      r -= 1;
      t += 1;
    } else {
      t -= 1;
    }
    if (r < 0) break;
  }
  const aEnd = a.from + bestRow + 1;
  const bEnd = aEnd - 1 + minDiagonal + bestT + 1;
  return { aStart, aEnd, bStart, bEnd, matches, score: best };
}
