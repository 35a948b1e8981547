import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildCorpusData, buildCorpusDataAsync, type BuildPhase } from './build-corpus-data';
import type { CorpusDocument } from './corpus';
import { decodeIndex } from './index-format';

/** Enough text for several 8 KB shards, so compression reports more than one step. */
const DOCUMENTS: CorpusDocument[] = Array.from({ length: 12 }, (_, i) => ({
  id: `doc-${i}`,
  title: `Article ${i}`,
  text: Array.from({ length: 60 }, (_, s) => `Sentence ${s} of article ${i} says something about harbour walls and storms number ${s * i}.`).join(' '),
}));

describe('buildCorpusDataAsync', () => {
  it('reports indexing per document, then compression per text shard up to its total, then the search data', async () => {
    const steps: [BuildPhase, number, number][] = [];
    await buildCorpusDataAsync(DOCUMENTS, (plain) => deflateSync(plain), (phase, done, total) => steps.push([phase, done, total]));
    const phases = steps.map(([phase]) => phase);
    // In order, each phase in one run.
    expect([...new Set(phases)]).toEqual(['index', 'compress', 'search']);
    expect(phases.lastIndexOf('index')).toBeLessThan(phases.indexOf('compress'));
    const compress = steps.filter(([phase]) => phase === 'compress');
    const total = compress[0]![2];
    expect(total).toBeGreaterThan(1);
    expect(compress.every(([, , t]) => t === total)).toBe(true);
    expect(compress.map(([, done]) => done)).toEqual([...compress.map(([, done]) => done)].sort((a, b) => a - b));
    expect(compress.at(-1)![1]).toBe(total);
    expect(steps.at(-1)).toEqual(['search', 0, 1]);
  });

  it('stores the same texts as the synchronous build', async () => {
    const async = decodeIndex((await buildCorpusDataAsync(DOCUMENTS, (plain) => deflateSync(plain))).index);
    const sync = decodeIndex(buildCorpusData(DOCUMENTS).index);
    expect(async.documents.map((doc) => doc.text)).toEqual(sync.documents.map((doc) => doc.text));
    expect(async.documents.map((doc) => doc.text)).toEqual(DOCUMENTS.map((doc) => doc.text));
  });
});
