import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIndex } from './build-index';
import { extendsContext, hashKgrams, kgramContext, SKIPPED_KGRAM, winnowPositions } from './fingerprint';
import { findPostings } from './index-format';
import { tokenizeWords } from './tokenize';

/** Property runs are CPU-bound; allow for a loaded machine (this is not a timing assertion). */
const PROPERTY_TIMEOUT = { timeout: 60_000 };

const kgramsOf = (text: string, k: number): Uint32Array => {
  const tokens = tokenizeWords(text);
  return hashKgrams(tokens.hashes, tokens.flags, k);
};

/** Hashes of the k-grams that winnowing selects in `text`. */
const fingerprints = (text: string, k: number, w: number): Set<number> => {
  const kgrams = kgramsOf(text, k);
  return new Set(winnowPositions(kgrams, w).map((p) => kgrams[p]!));
};

const CONTENT = [
  'camp', 'ashraf', 'iraq', 'iran', 'group', 'members', 'government', 'baghdad', 'terrorist', 'residents', 'expel',
  'province', 'diyala', 'border', 'relocation', 'statement', 'officials', 'war', 'bombing', 'protected', 'status',
];
const STOP = ['the', 'of', 'in', 'a', 'and', 'to', 'by', 'for', 'was', 'its', 'from', 'that'];
const contentWord = fc.constantFrom(...CONTENT);
const anyWord = fc.constantFrom(...CONTENT, ...STOP);

describe('hashKgrams', PROPERTY_TIMEOUT, () => {
  it('returns one hash per run of k words, and none when there are fewer than k words', () => {
    expect(kgramsOf('camp ashraf in diyala province', 3).length).toBe(3);
    expect(kgramsOf('camp ashraf in diyala province', 5).length).toBe(1);
    expect(kgramsOf('camp ashraf', 3).length).toBe(0);
    expect(kgramsOf('', 1).length).toBe(0);
  });

  it('is deterministic and depends only on the words, not their typography', () => {
    const a = kgramsOf('The Iraqi government’s statement said', 2);
    const b = kgramsOf('the IRAQI   government\'s — statement, said', 2);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(kgramsOf('The Iraqi government’s statement said', 2))).toEqual(Array.from(a));
  });

  it('gives equal k-grams equal hashes wherever they occur', () => {
    const kgrams = kgramsOf('camp ashraf residents said camp ashraf residents', 3);
    expect(kgrams[0]).toBe(kgrams[4]);
    expect(kgrams[0]).not.toBe(kgrams[1]);
  });

  it('depends on word order and on k', () => {
    expect(kgramsOf('camp ashraf residents', 3)[0]).not.toBe(kgramsOf('residents ashraf camp', 3)[0]);
    expect(kgramsOf('camp ashraf', 2)[0]).not.toBe(kgramsOf('camp ashraf', 1)[0]);
  });

  it('marks k-grams made only of stopwords as skipped, and no other', () => {
    const text = 'one of the most of the camp in the north';
    const tokens = tokenizeWords(text);
    const kgrams = hashKgrams(tokens.hashes, tokens.flags, 3);
    // one of the | of the most | the most of | most of the | of the camp | the camp in | camp in the | in the north
    // "most" is a stopword, "one" is not.
    const skipped = Array.from(kgrams, (h) => h === SKIPPED_KGRAM);
    expect(skipped).toEqual([false, true, true, true, false, false, false, false]);
  });

  it('never gives a k-gram with a content word the reserved skipped value', () => {
    fc.assert(
      fc.property(fc.array(anyWord, { maxLength: 40 }), fc.integer({ min: 1, max: 5 }), (ws, k) => {
        const tokens = tokenizeWords(ws.join(' '));
        const kgrams = hashKgrams(tokens.hashes, tokens.flags, k);
        expect(kgrams.length).toBe(Math.max(0, ws.length - k + 1));
        kgrams.forEach((h, i) => {
          const allStop = ws.slice(i, i + k).every((word) => STOP.includes(word));
          expect(h === SKIPPED_KGRAM).toBe(allStop);
        });
      }),
    );
  });
});

describe('winnowPositions', PROPERTY_TIMEOUT, () => {
  it('selects nothing from no k-grams', () => {
    expect(winnowPositions(new Uint32Array(0), 4)).toEqual([]);
  });

  it('selects the smallest hash of each window, the rightmost on ties, once', () => {
    const kgrams = Uint32Array.from([77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98]);
    // Windows of 4: minima at 3,3,3,(3|6 tie → 6),6,6,8,8,8,8,11,11,15,15
    expect(winnowPositions(kgrams, 4)).toEqual([3, 6, 8, 11, 15]);
  });

  it('selects the minimum of the whole sequence when it is shorter than a window', () => {
    expect(winnowPositions(Uint32Array.from([9, 3, 5]), 10)).toEqual([1]);
  });

  it('with a window of 1 selects every k-gram that is not skipped', () => {
    expect(winnowPositions(Uint32Array.from([5, SKIPPED_KGRAM, 5, 2]), 1)).toEqual([0, 2, 3]);
  });

  it('never selects a skipped k-gram', () => {
    const kgrams = Uint32Array.from([SKIPPED_KGRAM, SKIPPED_KGRAM, SKIPPED_KGRAM, SKIPPED_KGRAM, 12, SKIPPED_KGRAM]);
    expect(winnowPositions(kgrams, 2)).toEqual([4]);
    expect(winnowPositions(Uint32Array.from([SKIPPED_KGRAM, SKIPPED_KGRAM]), 4)).toEqual([]);
  });

  it('skips stopword-only runs of a real sentence', () => {
    const tokens = tokenizeWords('it was one of the most of the most of the');
    const kgrams = hashKgrams(tokens.hashes, tokens.flags, 3);
    for (const p of winnowPositions(kgrams, 2)) expect(kgrams[p]).not.toBe(SKIPPED_KGRAM);
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 50 }), { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (values, w) => {
        const kgrams = Uint32Array.from(values);
        expect(winnowPositions(kgrams, w)).toEqual(winnowPositions(Uint32Array.from(values), w));
      }),
    );
  });

  it('selects, in increasing order, the rightmost minimum of every window that is not all skipped', () => {
    const value = fc.oneof(fc.nat({ max: 20 }), fc.constant(SKIPPED_KGRAM));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (values, w) => {
        const kgrams = Uint32Array.from(values);
        const selected = winnowPositions(kgrams, w);
        for (let i = 1; i < selected.length; i++) expect(selected[i]).toBeGreaterThan(selected[i - 1]!);
        const set = new Set(selected);
        const windowSize = Math.min(w, values.length);
        for (let start = 0; start + windowSize <= values.length && values.length > 0; start++) {
          let min = start;
          for (let p = start; p < start + windowSize; p++) if (values[p]! <= values[min]!) min = p;
          if (values[min] === SKIPPED_KGRAM) expect(set.has(min)).toBe(false);
          else expect(set.has(min)).toBe(true);
        }
        // Only window minima are selected.
        for (const p of selected) {
          const covering = [];
          for (let start = Math.max(0, p - windowSize + 1); start <= p && start + windowSize <= values.length; start++) {
            covering.push(values.slice(start, start + windowSize));
          }
          expect(covering.some((window) => Math.min(...window) === values[p])).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('winnowing guarantee', PROPERTY_TIMEOUT, () => {
  it('a shared run of w + k - 1 content words yields a common selected fingerprint', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(anyWord, { maxLength: 30 }),
        fc.array(anyWord, { maxLength: 30 }),
        fc.array(anyWord, { maxLength: 30 }),
        fc.array(anyWord, { maxLength: 30 }),
        fc.array(contentWord, { minLength: 10, maxLength: 20 }),
        (k, w, beforeA, afterA, beforeB, afterB, shared) => {
          const run = shared.slice(0, w + k - 1 + (shared.length % 3));
          const a = [...beforeA, ...run, ...afterA].join(' ');
          const b = [...beforeB, ...run, ...afterB].join(' ');
          const common = [...fingerprints(a, k, w)].filter((h) => fingerprints(b, k, w).has(h));
          expect(common.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a shared run of w + k - 1 mixed words yields a common fingerprint unless all its k-grams are stopword-only', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(anyWord, { maxLength: 20 }),
        fc.array(anyWord, { maxLength: 20 }),
        fc.array(anyWord, { minLength: 8, maxLength: 8 }),
        (k, w, before, after, shared) => {
          const run = shared.slice(0, w + k - 1);
          const runKgrams = kgramsOf(run.join(' '), k);
          fc.pre(Array.from(runKgrams).some((h) => h !== SKIPPED_KGRAM));
          const a = [...before, ...run].join(' ');
          const b = [...run, ...after].join(' ');
          const fb = fingerprints(b, k, w);
          expect([...fingerprints(a, k, w)].some((h) => fb.has(h))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('with the index defaults, six content words copied from a document hit a posting of that document there', () => {
    const doc =
      'State Department spokesman Ian Kelly said Friday that Washington hopes the Mujahedin Khalq Organization ' +
      'will be treated humanely and do not end up in a country where they could be harmed following their removal ' +
      'from their bases at Camp Ashraf.';
    const index = buildIndex([{ id: 'doc', title: 'Doc', text: doc }]);
    const docTokens = tokenizeWords(doc);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: docTokens.count - 6 }), fc.array(contentWord, { maxLength: 10 }), (from, filler) => {
        const run = doc.slice(docTokens.starts[from]!, docTokens.ends[from + 5]!);
        const runTokens = tokenizeWords(run);
        expect(runTokens.count).toBe(6);
        const page = `${filler.join(' ')} ${run} ${filler.reverse().join(' ')}`;
        const pageTokens = tokenizeWords(page);
        const kgrams = hashKgrams(pageTokens.hashes, pageTokens.flags, index.k);
        let hit = false;
        kgrams.forEach((h) => {
          const [lo, hi] = findPostings(index, h);
          for (let p = lo; p < hi; p++) {
            const pos = index.postingPositions[p]!;
            if (pos >= from && pos + index.k <= from + 6) hit = true;
          }
        });
        // Only guaranteed when the run has a k-gram that is not all stopwords.
        const runKgrams = hashKgrams(runTokens.hashes, runTokens.flags, index.k);
        if (Array.from(runKgrams).some((h) => h !== SKIPPED_KGRAM)) expect(hit).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('kgramContext / extendsContext', PROPERTY_TIMEOUT, () => {
  const K = 3;

  it('a k-gram inside a copied run of k + 1 words or more extends its stored context on the page', () => {
    fc.assert(
      fc.property(
        fc.array(anyWord, { minLength: K + 1, maxLength: 30 }),
        fc.array(anyWord, { minLength: K + 1, maxLength: 12 }),
        fc.array(anyWord, { maxLength: 10 }),
        fc.array(anyWord, { maxLength: 10 }),
        fc.nat(),
        (docWords, run, before, after, pick) => {
          const doc = tokenizeWords([...docWords.slice(0, 5), ...run, ...docWords.slice(5)].join(' '));
          const page = tokenizeWords([...before, ...run, ...after].join(' '));
          const offset = pick % (run.length - K + 1);
          const docPosition = Math.min(5, docWords.length) + offset;
          const context = kgramContext(doc.hashes, doc.count, docPosition, K);
          expect(extendsContext(context, page.hashes, page.count, before.length + offset, K)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a k-gram with different words on both sides rarely extends the context', () => {
    const doc = tokenizeWords('alpha beta gamma delta epsilon zeta eta theta');
    let extended = 0;
    let tried = 0;
    for (const left of CONTENT) {
      for (const right of CONTENT) {
        const page = tokenizeWords(`${left}x gamma delta epsilon ${right}y`);
        tried++;
        if (extendsContext(kgramContext(doc.hashes, doc.count, 2, K), page.hashes, page.count, 1, K)) extended++;
      }
    }
    // 4 bits a side: about 2 in 16 by chance; far below 1 in 2 whatever the words.
    expect(extended / tried).toBeLessThan(0.3);
  });

  it('stores 0 for a missing word and never reads past either text', () => {
    const doc = tokenizeWords('gamma delta epsilon');
    expect(kgramContext(doc.hashes, doc.count, 0, K)).toBe(0);
    expect(extendsContext(0xff, doc.hashes, doc.count, 0, K)).toBe(false);
  });
});
