import type { PassageRef } from '../../lib/domain';

/** A run of the article text: plain (`passage: null`) or inside passage number `passage`. */
export interface MarkSegment {
  text: string;
  passage: number | null;
}

/**
 * Cuts `text` into plain runs and marked runs. Overlapping passages are cut at
 * each boundary; an overlapped run belongs to the passage that starts first.
 */
export function segmentMarks(text: string, passages: readonly PassageRef[]): MarkSegment[] {
  const cuts = new Set<number>([0, text.length]);
  for (const p of passages) {
    cuts.add(Math.max(0, Math.min(text.length, p.docStart)));
    cuts.add(Math.max(0, Math.min(text.length, p.docEnd)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: MarkSegment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i]!;
    const to = points[i + 1]!;
    const owner = passages.findIndex((p) => p.docStart <= from && to <= p.docEnd);
    const passage = owner >= 0 ? owner : null;
    const last = segments[segments.length - 1];
    if (last && last.passage === passage) last.text += text.slice(from, to);
    else segments.push({ text: text.slice(from, to), passage });
  }
  return segments;
}
