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

// Scratch rows and trace, grown on demand and reused by every call: the matcher
// aligns thousands of small windows per page, and allocating three typed arrays
// for each one cost more than the alignment itself.
let prevRow = new Int32Array(64);
let curRow = new Int32Array(64);
let traceCells = new Uint8Array(4096);

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
  if (prevRow.length < width + 1) {
    prevRow = new Int32Array(2 * (width + 1));
    curRow = new Int32Array(2 * (width + 1));
  }
  if (traceCells.length < rows * width) traceCells = new Uint8Array(2 * rows * width);
  // prev[t] / cur[t]: best score ending at A word i, B word j = i + minDiagonal + t.
  let prev = prevRow;
  let cur = curRow;
  const trace = traceCells;
  const aHashes = a.hashes;
  const aFlags = a.flags;
  const bHashes = b.hashes;
  const bFrom = b.from;
  const bTo = b.to;
  const { match, stopwordMatch, mismatch, gap } = scores;
  let best = 0;
  let bestRow = -1;
  let bestT = -1;

  // Whether every cell of the previous row scored 0 (as if there were a row -1 of zeros).
  let prevZero = true;
  const losing = mismatch <= 0 && gap <= 0;
  for (let r = 0; r < rows; r++) {
    const i = a.from + r;
    const ha = aHashes[i]!;
    const matchScore = (aFlags[i]! & 1) !== 0 ? stopwordMatch : match;
    const j0 = i + minDiagonal;
    const rowStart = r * width;
    // Cells whose B word lies outside b's window score 0 and stop; only
    // t in [tFrom, tTo) has a B word.
    const tFrom = Math.min(width, Math.max(0, bFrom - j0));
    const tTo = Math.max(tFrom, Math.min(width, bTo - j0));
    if (prevZero && losing) {
      // After a row of zeros, a row without an equal word is all zeros too:
      // every move into it loses points. Skip its arithmetic.
      let equal = false;
      for (let j = j0 + tFrom; j < j0 + tTo; j++) {
        if (bHashes[j] === ha) {
          equal = true;
          break;
        }
      }
      if (!equal) {
        cur.fill(0, 0, width);
        trace.fill(STOP, rowStart, rowStart + width);
        const swap = prev;
        prev = cur;
        cur = swap;
        continue;
      }
    }
    for (let t = 0; t < tFrom; t++) {
      cur[t] = 0;
      trace[rowStart + t] = STOP;
    }
    for (let t = tTo; t < width; t++) {
      cur[t] = 0;
      trace[rowStart + t] = STOP;
    }
    let rowZero = true;
    for (let t = tFrom; t < tTo; t++) {
      const j = j0 + t;
      // Diagonal predecessor (i-1, j-1) sits at the same t in the previous row;
      // (i-1, j) at t+1 in the previous row; (i, j-1) at t-1 in this row.
      const inside = j > bFrom;
      const diagonal = (r > 0 && inside ? prev[t]! : 0) + (bHashes[j] === ha ? matchScore : mismatch);
      const up = r > 0 && t + 1 < width ? prev[t + 1]! + gap : -1;
      const left = t > 0 && inside ? cur[t - 1]! + gap : -1;
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
      trace[rowStart + t] = move;
      if (value > 0) {
        rowZero = false;
        if (value > best) {
          best = value;
          bestRow = r;
          bestT = t;
        }
      }
    }
    prevZero = rowZero;
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
    // Moves keep t within [0, width) (no UP from the last column, no LEFT from
    // the first); the check only guards the reused buffer.
    const move = t >= 0 && t < width ? trace[r * width + t] : STOP;
    if (move === STOP) break;
    const i = a.from + r;
    const j = i + minDiagonal + t;
    aStart = i;
    bStart = j;
    if (move === DIAGONAL) {
      if (aHashes[i] === bHashes[j]) matches++;
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
