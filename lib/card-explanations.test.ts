import { describe, expect, it } from 'vitest';
import { withCardExplanations } from './card-explanations';
import { explainRewrite } from './sentence-pairs';
import { diffPassage } from './word-diff';

describe('withCardExplanations', () => {
  it('explains a rewritten match over its page span: shared content words and sentence pairs, no diff', () => {
    const source = 'Iraq will relocate residents of the camp.';
    const text = 'Intro. Officials relocated the camp residents. Outro.';
    const start = text.indexOf('Officials');
    const end = text.indexOf(' Outro');
    const rewritten = { kind: 'rewritten', pageStart: start, pageEnd: end, sourceText: source };
    const [explained] = withCardExplanations(text, [rewritten]);
    expect(explained).toEqual({ ...rewritten, rewrite: explainRewrite(text.slice(start, end), source) });
    expect(explained!.rewrite!.overlap).toEqual({ shared: 3, total: 4 });
  });

  it('adds the word diff of its page span to a copied match, and no rewrite explanation', () => {
    const text = 'Intro. The council approved the new budget. Outro.';
    const start = text.indexOf('The council');
    const end = text.indexOf(' Outro');
    const copied = { kind: 'copied', pageStart: start, pageEnd: end, sourceText: 'The council passed the new budget.' };
    const [explained] = withCardExplanations(text, [copied]);
    expect(explained).toEqual({ ...copied, diff: diffPassage('The council approved the new budget.', copied.sourceText) });
  });
});
