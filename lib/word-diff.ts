/**
 * Word-level differences between a page passage and its source, for display.
 * The diff algorithm is jsdiff's (https://github.com/kpdecker/jsdiff); this
 * wrapper only fixes the vocabulary the UI speaks. The background works the
 * diff out (lib/card-explanations.ts) and sends it with each copied match, so
 * the content script carries no diff library; the card only renders and counts.
 */
import { diffWordsWithSpace } from 'diff';

/** A run of text in the merged view of page and source. */
export interface DiffPart {
  /** `same`: in both; `added`: only on the page; `removed`: only in the source. */
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/**
 * Compares the page's version of a passage with the source's version, word by
 * word. Case-insensitive, so a capitalised sentence start is not a change.
 */
export function diffPassage(pageText: string, sourceText: string): DiffPart[] {
  const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();
  const page = collapse(pageText);
  const source = collapse(sourceText);
  // A verbatim copy, the commonest match: jsdiff would tokenize both sides to say the same
  // (one part, as the page has it), and the background diffs every match of a page.
  if (page.toLowerCase() === source.toLowerCase()) return page === '' ? [] : [{ kind: 'same', text: page }];
  return diffWordsWithSpace(source, page, { ignoreCase: true }).map((change) => ({
    kind: change.added ? 'added' : change.removed ? 'removed' : 'same',
    text: change.value,
  }));
}

/** Counts words added on the page and removed from the source. */
export function countChangedWords(parts: readonly DiffPart[]): { added: number; removed: number } {
  const words = (text: string): number => text.split(/\s+/).filter(Boolean).length;
  let added = 0;
  let removed = 0;
  for (const part of parts) {
    if (part.kind === 'added') added += words(part.text);
    if (part.kind === 'removed') removed += words(part.text);
  }
  return { added, removed };
}
