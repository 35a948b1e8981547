import { diffWordsWithSpace } from 'diff';
import fc from 'fast-check';
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
    expect(diffPassage('Oil  prices ROSE sharply.', 'oil prices rose\nsharply.')).toEqual([{ kind: 'same', text: 'Oil prices ROSE sharply.' }]);
    expect(diffPassage(' ', '')).toEqual([]);
  });

  it('gives what jsdiff gives for copies that differ only in case and spacing (which it does not diff)', () => {
    const word = fc.constantFrom('Oil', 'oil', 'prices', 'ROSE', 'rose', 'sharply.', '“Yes,”', 'said', 'É', 'é');
    const space = fc.constantFrom(' ', '  ', '\n', '\t ');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, space, fc.boolean())), (pieces) => {
        const page = pieces.map(([w, s]) => w + s).join('');
        const source = pieces.map(([w, , upper]) => (upper ? w.toUpperCase() : w.toLowerCase()) + ' ').join('');
        const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();
        const expected = diffWordsWithSpace(collapse(source), collapse(page), { ignoreCase: true }).map((change) => ({
          kind: change.added ? 'added' : change.removed ? 'removed' : 'same',
          text: change.value,
        }));
        expect(diffPassage(page, source)).toEqual(expected);
      }),
    );
  });
});
