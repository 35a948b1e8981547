import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseSources, SharedSourceCap, type CandidateChains, type PageCandidates } from './source-cap';

/** Chains from `[candidate, pageFrom, pageTo]` triples. */
function chains(list: [number, number, number][]): CandidateChains {
  return {
    count: list.length,
    candidate: Uint32Array.from(list.map(([c]) => c)),
    pageFrom: Uint32Array.from(list.map(([, from]) => from)),
    pageTo: Uint32Array.from(list.map(([, , to]) => to)),
  };
}

/** Candidate numbers kept. */
function keptOf(kept: Uint8Array): number[] {
  return [...kept.keys()].filter((c) => kept[c] === 1);
}

describe('chooseSources', () => {
  it('keeps every candidate when there is no cap or no more candidates than the cap', () => {
    const input = chains([
      [0, 0, 10],
      [1, 0, 10],
      [2, 0, 10],
    ]);
    for (const [limit, candidates] of [
      [0, 3],
      [-1, 3],
      [3, 3],
      [5, 3],
    ] as const) {
      const chosen = chooseSources(input, { candidates, pageWords: 100, limit });
      expect(keptOf(chosen.kept)).toEqual([0, 1, 2]);
      expect(chosen.keptCount).toBe(3);
      expect(chosen.leftOutIn(0, 100)).toBe(0);
    }
  });

  it('keeps the documents with the longest chains over a passage and counts the others', () => {
    // Candidate 4 shares 40 words (the original), 7 shares 30, the rest reprint one sentence of 12.
    const list: [number, number, number][] = [];
    for (let c = 0; c < 10; c++) list.push([c, 50, 62]);
    list.push([4, 40, 80], [7, 45, 75]);
    const chosen = chooseSources(chains(list), { candidates: 10, pageWords: 200, limit: 3 });
    expect(chosen.keptCount).toBe(3);
    expect(chosen.kept[4]).toBe(1);
    expect(chosen.kept[7]).toBe(1);
    // The third: equal chains of 12 words, so the most chained words in all (all 12), then the lowest number.
    expect(keptOf(chosen.kept)).toEqual([0, 4, 7]);
    expect(chosen.leftOutIn(40, 80)).toBe(7);
    // Left-out chains are counted by their centre (56): not in a passage that ends before it.
    expect(chosen.leftOutIn(40, 56)).toBe(0);
    expect(chosen.leftOutIn(56, 57)).toBe(7);
  });

  it('prefers, among equal chains, the document with more chained words on the whole page', () => {
    const chosen = chooseSources(
      chains([
        [0, 10, 20],
        [1, 10, 20],
        [2, 10, 20],
        [2, 100, 105],
      ]),
      { candidates: 3, pageWords: 200, limit: 1 },
    );
    expect(keptOf(chosen.kept)).toEqual([2]);
    expect(chosen.leftOutIn(10, 20)).toBe(2);
  });

  it('keeps the earliest published of documents that share the passage alike, dated before undated', () => {
    // Ten outlets reprint the same 30 words; the original (7) was published first, 2 has no date.
    const list: [number, number, number][] = [];
    for (let c = 0; c < 10; c++) list.push([c, 10, 40]);
    const dates = ['2024-03-05', '2024-03-04', undefined, '2024-03-06', '2024-03-04T18:00:00Z', '2024-03-07', '2024-03-08', '2024-03-01', '2024-03-09', '2024-03-10'];
    const chosen = chooseSources(chains(list), { candidates: 10, pageWords: 100, limit: 3, published: (c) => dates[c] });
    expect(keptOf(chosen.kept)).toEqual([1, 4, 7]);
    const undatedLast = chooseSources(chains(list), { candidates: 10, pageWords: 100, limit: 9, published: (c) => dates[c] });
    expect(keptOf(undatedLast.kept)).not.toContain(2);
  });

  it('ranks a document that shares a phrase of the passage after those that share most of it, whatever its date', () => {
    // 0 shares 40 words; 1 and 2 share 30 (major: at least 60 % of 40); 3, published first, shares a 12-word phrase.
    const chosen = chooseSources(
      chains([
        [0, 0, 40],
        [1, 5, 35],
        [2, 5, 35],
        [3, 10, 22],
      ]),
      { candidates: 4, pageWords: 100, limit: 3, published: (c) => (c === 3 ? '1999-01-01' : '2024-01-01') },
    );
    expect(keptOf(chosen.kept)).toEqual([0, 1, 2]);
    expect(chosen.leftOutIn(0, 40)).toBe(1);
  });

  it('reads the chains of an edited original a few words apart as one passage of it', () => {
    // The original (0) in two chains, 4 words apart around an edit; 1–4 reprint its first sentence, 5–8 its second.
    const list: [number, number, number][] = [
      [0, 0, 20],
      [0, 24, 44],
    ];
    for (let c = 1; c <= 4; c++) list.push([c, 0, 22]);
    for (let c = 5; c <= 8; c++) list.push([c, 24, 46]);
    const joined = chooseSources(chains(list), { candidates: 9, pageWords: 100, limit: 2, joinGap: 8 });
    expect(keptOf(joined.kept)).toEqual([0, 1, 5]);
    // Taken apart, each chain of the original is shorter than the reprints' and the original is not read.
    const apart = chooseSources(chains(list), { candidates: 9, pageWords: 100, limit: 2 });
    expect(keptOf(apart.kept)).toEqual([1, 2, 5, 6]);
  });

  it('keeps every document of a stretch of the page that no more than the limit share', () => {
    const chosen = chooseSources(
      chains([
        [0, 0, 10],
        [1, 50, 52],
        [2, 50, 60],
        [3, 80, 90],
      ]),
      { candidates: 4, pageWords: 100, limit: 2 },
    );
    expect(keptOf(chosen.kept)).toEqual([0, 1, 2, 3]);
    expect(chosen.leftOutIn(0, 100)).toBe(0);
  });

  it('caps each stretch of the page on its own', () => {
    // Six documents over words 0–20, six others over 100–120: two kept in each stretch.
    const list: [number, number, number][] = [];
    for (let c = 0; c < 6; c++) list.push([c, 0, 20 - c]);
    for (let c = 6; c < 12; c++) list.push([c, 100, 120 - (c - 6)]);
    const chosen = chooseSources(chains(list), { candidates: 12, pageWords: 200, limit: 2 });
    expect(keptOf(chosen.kept)).toEqual([0, 1, 6, 7]);
    expect(chosen.leftOutIn(0, 20)).toBe(4);
    expect(chosen.leftOutIn(100, 120)).toBe(4);
    expect(chosen.leftOutIn(0, 200)).toBe(8);
  });

  it('keeps a document whose chain is mostly over words not yet covered, and leaves one mostly covered', () => {
    // 0 and 1 fill words 0–30. Candidate 2 (20–44) is mostly beyond them; candidate 3 (0–22) lies inside.
    const chosen = chooseSources(
      chains([
        [0, 0, 30],
        [1, 0, 30],
        [2, 20, 44],
        [3, 0, 22],
      ]),
      { candidates: 4, pageWords: 100, limit: 2 },
    );
    expect(keptOf(chosen.kept)).toEqual([0, 1, 2]);
    expect(chosen.leftOutIn(0, 30)).toBe(1);
  });

  it('reads a document’s overlapping chains as one stretch, so it covers each word once', () => {
    // Candidate 0 repeats the sentence (two chains over 10–30) and has a longer run around it.
    const chosen = chooseSources(
      chains([
        [0, 0, 40],
        [0, 10, 30],
        [0, 12, 30],
        [1, 10, 30],
        [2, 10, 30],
      ]),
      { candidates: 3, pageWords: 100, limit: 2 },
    );
    expect(keptOf(chosen.kept)).toEqual([0, 1]);
    expect(chosen.leftOutIn(0, 40)).toBe(1);
  });

  it('counts a document left out once per passage, however many of its chains fall in it', () => {
    const chosen = chooseSources(
      chains([
        [0, 0, 30],
        [1, 0, 10],
        [1, 15, 25],
      ]),
      { candidates: 2, pageWords: 100, limit: 1 },
    );
    expect(keptOf(chosen.kept)).toEqual([0]);
    expect(chosen.leftOutIn(0, 30)).toBe(1);
  });

  it('clips chains that run past the page and does not depend on the order of its input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(7), fc.nat(60), fc.integer({ min: 1, max: 30 })), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        (raw, limit) => {
          const list = raw.map(([c, from, length]): [number, number, number] => [c, from, from + length]);
          const forward = chooseSources(chains(list), { candidates: 8, pageWords: 50, limit });
          // Reversed, and in the order the matcher lists chains (by candidate, then page word), which skips a sort.
          const byCandidate = [...list].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
          for (const other of [[...list].reverse(), byCandidate]) {
            const chosen = chooseSources(chains(other), { candidates: 8, pageWords: 50, limit });
            expect(keptOf(chosen.kept)).toEqual(keptOf(forward.kept));
            for (let from = 0; from < 100; from += 10) expect(chosen.leftOutIn(from, from + 25)).toBe(forward.leftOutIn(from, from + 25));
          }
          // Every candidate with a chain is kept or counted as left out.
          const withChains = new Set(list.map(([c]) => c));
          expect(forward.keptCount + forward.leftOutIn(0, 100)).toBe(withChains.size);
          // The longest chain on the page is always kept.
          if (list.some(([, from]) => from < 50)) expect(forward.keptCount).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });
  it('ranks by date, length and chained words alike whatever the order of its input, dates shared or missing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(11), fc.nat(40), fc.integer({ min: 1, max: 20 })), { minLength: 1, maxLength: 60 }),
        fc.array(fc.constantFrom(undefined, '2024-01-02', '2024-01-02T08:00:00Z', '2024-03-01'), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 1, max: 3 }),
        (raw, dates, limit) => {
          const list = raw.map(([c, from, length]): [number, number, number] => [c, from, from + length]);
          const options = { candidates: 12, pageWords: 50, limit, joinGap: 2, published: (c: number) => dates[c] };
          const byCandidate = chooseSources(chains([...list].sort((x, y) => x[0] - y[0] || x[1] - y[1])), options);
          const reversed = chooseSources(chains([...list].reverse()), options);
          expect(keptOf(reversed.kept)).toEqual(keptOf(byCandidate.kept));
          for (let from = 0; from < 60; from += 5) expect(reversed.leftOutIn(from, from + 12)).toBe(byCandidate.leftOutIn(from, from + 12));
        },
      ),
    );
  });
});

describe('SharedSourceCap', () => {
  /** One index's offer: candidate i is document `docs[i]`, with the chains given by candidate number. */
  const offer = (docs: number[], list: [number, number, number][], dates: (string | undefined)[] = []): PageCandidates => ({
    chains: chains(list),
    docs: Uint32Array.from(docs),
    pageWords: 100,
    published: (candidate) => dates[candidate],
  });

  it('chooses over every index at once, once all have offered', async () => {
    const cap = new SharedSourceCap(2, { limit: 3, joinGap: 0 });
    let answered = false;
    // Index 0: documents 10–14 share words 0–20; document 12 shares 0–40 (the original).
    const first = cap
      .seat(0)
      .offer(offer([10, 11, 12, 13, 14], [[0, 0, 20], [1, 0, 20], [2, 0, 40], [3, 0, 20], [4, 0, 20]]))
      .then((choice) => ((answered = true), choice));
    await Promise.resolve();
    expect(answered).toBe(false);
    // Index 1: documents 5–8 share words 0–20, document 5 dated earliest of all.
    const second = cap.seat(1).offer(offer([5, 6, 7, 8], [[0, 0, 20], [1, 0, 20], [2, 0, 20], [3, 0, 20]], ['2001-01-01']));
    const [zero, one] = await Promise.all([first, second]);
    expect([10, 11, 12, 13, 14].filter((d) => zero.keeps(d))).toEqual([10, 12]);
    expect([5, 6, 7, 8].filter((d) => one.keeps(d))).toEqual([5]);
    // Six of nine left out, counted the same for both indexes.
    expect(zero.leftOutIn(0, 40)).toBe(6);
    expect(one.leftOutIn(0, 40)).toBe(6);
  });

  it('does not wait for an index that leaves without offering, and ignores a leave after an offer', async () => {
    const cap = new SharedSourceCap(3, { limit: 1, joinGap: 0 });
    const seat = cap.seat(0);
    const answer = seat.offer(offer([3, 4], [[0, 0, 30], [1, 0, 10]]));
    seat.leave();
    cap.seat(1).leave();
    cap.seat(2).leave();
    const choice = await answer;
    expect([3, 4].filter((d) => choice.keeps(d))).toEqual([3]);
    expect(choice.leftOutIn(0, 30)).toBe(1);
  });

  it('refuses a second offer from one seat', async () => {
    const cap = new SharedSourceCap(2, { limit: 1, joinGap: 0 });
    const seat = cap.seat(0);
    void seat.offer(offer([1], [[0, 0, 10]]));
    expect(() => seat.offer(offer([1], [[0, 0, 10]]))).toThrow(/already offered/);
  });
});
