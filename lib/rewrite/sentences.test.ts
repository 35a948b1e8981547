import { describe, expect, it } from 'vitest';
import { tokenizeWords } from '../tokenize';
import { splitSentences } from './sentences';

/** The sentences of `text` as strings, from the first word's start to the last word's end. */
function sentencesOf(text: string, options = {}): string[] {
  const tokens = tokenizeWords(text);
  const { count, firstWord, endWord } = splitSentences(text, tokens, options);
  return Array.from({ length: count }, (_, s) => text.slice(tokens.starts[firstWord[s]!]!, tokens.ends[endWord[s]! - 1]!));
}

describe('splitSentences', () => {
  it('splits at sentence-final punctuation followed by a capital, a digit or a quote', () => {
    expect(
      sentencesOf('The council met on Tuesday evening. It approved the budget at once! Was anyone surprised by that? "Not really," one member said.'),
    ).toEqual([
      'The council met on Tuesday evening',
      'It approved the budget at once',
      'Was anyone surprised by that',
      'Not really," one member said',
    ]);
  });

  it('does not split after initials, common abbreviations or before a lower-case word', () => {
    expect(sentencesOf('Mr. Smith met Dr. Jones and J. R. Brown at the U.S. embassy on Jan. 5 this year. e.g. nothing else happened there today.')).toEqual([
      'Mr. Smith met Dr. Jones and J. R. Brown at the U.S. embassy on Jan. 5 this year. e.g. nothing else happened there today',
    ]);
  });

  it('splits at blank lines and at line breaks that start a new capitalised line', () => {
    expect(sentencesOf('A headline without a full stop\nThe first paragraph starts here and goes on\n\nanother paragraph starts lower case here')).toEqual([
      'A headline without a full stop',
      'The first paragraph starts here and goes on',
      'another paragraph starts lower case here',
    ]);
  });

  it('does not split at a line break inside a sentence', () => {
    expect(sentencesOf('rings of copper, shell, pendant,\nwheel and marbles were found in the\nsame layer of the site')).toHaveLength(1);
  });

  it('joins fragments shorter than minWords to the next sentence, and a short tail to the previous one', () => {
    expect(sentencesOf('He agreed. The council then approved the revised budget for next year. So it went.')).toEqual([
      'He agreed. The council then approved the revised budget for next year. So it went',
    ]);
    expect(sentencesOf('He agreed. The council then approved the revised budget for next year.', { minWords: 2 })).toEqual([
      'He agreed',
      'The council then approved the revised budget for next year',
    ]);
  });

  it('cuts a run without boundaries into pieces of at most maxWords words, covering every word once', () => {
    const text = Array.from({ length: 130 }, (_, i) => `word${i}`).join(' ');
    const tokens = tokenizeWords(text);
    const { count, firstWord, endWord } = splitSentences(text, tokens, { maxWords: 60 });
    expect(count).toBe(3);
    expect(firstWord[0]).toBe(0);
    expect(endWord[count - 1]).toBe(130);
    for (let s = 0; s < count; s++) {
      expect(endWord[s]! - firstWord[s]!).toBeLessThanOrEqual(60);
      if (s > 0) expect(firstWord[s]).toBe(endWord[s - 1]);
    }
  });

  it('finds no sentence in text without words', () => {
    expect(sentencesOf('  … — ')).toEqual([]);
  });
});
