import { describe, expect, it } from 'vitest';
import { countChangedWords, diffPassage } from './word-diff';

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
