import { describe, expect, it } from 'vitest';
import { countChangedWords, diffPassage, withWordDiffs } from './word-diff';

describe('diffPassage', () => {
  it('marks words only on the page as added and words only in the source as removed, ignoring case and spacing (common text as the page has it)', () => {
    const parts = diffPassage('The   council approved the new budget', 'the council passed the new budget');
    expect(parts.map((p) => [p.kind, p.text.trim()]).filter(([, text]) => text)).toEqual([
      ['same', 'The council'],
      ['removed', 'passed'],
      ['added', 'approved'],
      ['same', 'the new budget'],
    ]);
    expect(countChangedWords(parts)).toEqual({ added: 1, removed: 1 });
  });

  it('finds no change in a verbatim copy', () => {
    expect(countChangedWords(diffPassage('Oil prices rose sharply.', 'Oil prices rose sharply.'))).toEqual({ added: 0, removed: 0 });
  });
});

describe('withWordDiffs', () => {
  it('adds the diff of its page span to each copied match and leaves rewritten ones alone', () => {
    const text = 'Intro. The council approved the new budget. Outro.';
    const start = text.indexOf('The council');
    const end = text.indexOf(' Outro');
    const copied = { kind: 'copied', pageStart: start, pageEnd: end, sourceText: 'The council passed the new budget.' };
    const rewritten = { kind: 'rewritten', pageStart: start, pageEnd: end, sourceText: 'Lawmakers backed the spending plan.' };
    const [withDiff, untouched] = withWordDiffs(text, [copied, rewritten]);
    expect(withDiff!.diff).toEqual(diffPassage('The council approved the new budget.', copied.sourceText));
    expect(untouched).toBe(rewritten);
  });
});
