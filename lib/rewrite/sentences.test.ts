import { describe, expect, it } from 'vitest';
import { tokenizeWords } from '../tokenize';
import { ownPart, splitSentences } from './sentences';

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

describe('ownPart', () => {
  /** The part of sentence `s` holding the words from `fromWord` to `toWord` (inclusive, as strings), as a string. */
  const part = (text: string, s: number, fromWord: string, toWord: string): string => {
    const tokens = tokenizeWords(text);
    const sentences = splitSentences(text, tokens);
    const words = Array.from({ length: tokens.count }, (_, i) => text.slice(tokens.starts[i]!, tokens.ends[i]!));
    const { first, end } = ownPart(sentences, s, words.indexOf(fromWord), words.lastIndexOf(toWord) + 1);
    return text.slice(tokens.starts[first]!, tokens.ends[end - 1]!);
  };

  it('leaves out a short heading line joined to the sentence under it, unless the words reach into it', () => {
    const text = 'Estate Planning\nThe sign expo will be held in the main hall from Monday to Friday.';
    expect(sentencesOf(text)).toHaveLength(1);
    expect(part(text, 0, 'sign', 'Friday')).toBe('The sign expo will be held in the main hall from Monday to Friday');
    expect(part(text, 0, 'Planning', 'hall')).toBe('Estate Planning\nThe sign expo will be held in the main hall from Monday to Friday');
  });

  it('leaves out a short sentence joined in front, and a short tail joined behind', () => {
    const text = 'He agreed. The council then approved the revised budget for next year. So it went.';
    expect(part(text, 0, 'council', 'year')).toBe('The council then approved the revised budget for next year');
    expect(part(text, 0, 'council', 'went')).toBe('The council then approved the revised budget for next year. So it went');
    expect(part(text, 0, 'agreed', 'budget')).toBe('He agreed. The council then approved the revised budget for next year');
  });

  it('keeps the joins in word order when a short tail holds a boundary of its own', () => {
    const text = 'The council then approved the revised budget for next year. So. It went.';
    const tokens = tokenizeWords(text);
    const { joins } = splitSentences(text, tokens);
    expect(Array.from(joins)).toEqual([10, 11]);
    expect(part(text, 0, 'council', 'year')).toBe('The council then approved the revised budget for next year');
  });

  it('is the whole sentence when nothing was joined to it', () => {
    const text = 'The council met on Tuesday evening. It approved the budget at once and went home.';
    expect(part(text, 1, 'approved', 'budget')).toBe('It approved the budget at once and went home');
    expect(part(text, 0, 'met', 'Tuesday')).toBe('The council met on Tuesday evening');
  });
});
