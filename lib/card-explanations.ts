/**
 * What the hover card shows of each match beyond its texts, worked out in the
 * background beside the stemmer and the diff library, so the content script
 * (in every page) carries neither: a copied match's word diff, a rewritten
 * match's shared content words and sentence pairs.
 */
import { explainRewrite, type RewriteExplanation } from './sentence-pairs';
import { diffPassage, type DiffPart } from './word-diff';

/**
 * Adds to each match of the page text `text` (spans in its offsets) what its
 * card explains: `rewrite` to a rewritten one, `diff` (source → page) to a
 * copied one.
 */
export function withCardExplanations<T extends { kind: string; pageStart: number; pageEnd: number; sourceText: string }>(
  text: string,
  matches: readonly T[],
): (T & { rewrite?: RewriteExplanation; diff?: DiffPart[] })[] {
  return matches.map((match) => {
    const pageText = text.slice(match.pageStart, match.pageEnd);
    return match.kind === 'rewritten'
      ? { ...match, rewrite: explainRewrite(pageText, match.sourceText) }
      : { ...match, diff: diffPassage(pageText, match.sourceText) };
  });
}
