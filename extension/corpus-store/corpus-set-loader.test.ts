/** The background's corpora: what is enabled is loaded (an imported corpus's head), decoded once, and reloaded when told. */
import { describe, expect, it, vi } from 'vitest';
import { buildIndex } from '../../lib/build-index';
import type { CorpusDocument } from '../../lib/corpus';
import { encodeIndex } from '../../lib/index-format';
import { DEFAULT_BUDGETS, shareBudgets, SplitIndex, splitIndex, type SplitParts } from '../../lib/split-index';
import type { CorpusDataRef, CorpusRecord } from './corpus-db';
import { SHIPPED_CORPUS_ID } from '../../lib/corpus-ids';
import { CorpusSetLoader, type CorpusSources } from './corpus-set-loader';
import type { EnabledCorpora } from './enabled-corpora';

const doc = (id: string, text: string): CorpusDocument => ({ id, title: `Title ${id}`, text });
const SHIPPED_TEXT = 'The ministry said the new irrigation canals would carry water to the eastern farms before the harvest season began.';
const IMPORTED_TEXT = 'Engineers confirmed that the old stone bridge over the river would be closed for repairs until the spring floods had passed.';
const shippedBytes = encodeIndex(buildIndex([doc('s', SHIPPED_TEXT)]));
const importedParts = splitIndex(encodeIndex(buildIndex([doc('i', IMPORTED_TEXT)])));
const PAGE = `${SHIPPED_TEXT} ${IMPORTED_TEXT}`;

function record(id: string, revision = 1, name = 'Mine'): CorpusRecord {
  return {
    id,
    name,
    enabled: true,
    revision,
    importedAt: '2024-05-03T10:00:00.000Z',
    documentCount: 1,
    wordCount: 20,
    corpusDigest: 'd',
    indexFormatVersion: 1,
    searchFormatVersion: 1,
    indexBytes: importedParts.head.length,
    searchBytes: 0,
    sources: [],
  };
}

function sources(enabled: EnabledCorpora, stored: Record<string, SplitParts | { head: Uint8Array }>) {
  const state = { enabled };
  const fake = {
    enabledCorpora: vi.fn(async () => state.enabled),
    shippedIndex: vi.fn(async () => shippedBytes),
    importedHead: vi.fn(async ({ id }: CorpusDataRef, segment: number) => stored[`${id}/${segment}`]?.head ?? null),
    importedParts: ({ id }: CorpusDataRef, segment: number) => ({
      read: async (kind: 'postings' | 'filters' | 'texts', numbers: readonly number[]) => new Map(numbers.map((n) => [n, (stored[`${id}/${segment}`] as SplitParts)[kind][n]!])),
    }),
  } satisfies CorpusSources;
  return { state, fake };
}

const SHIPPED = { id: SHIPPED_CORPUS_ID, name: 'Built-in' };
const ids = async (loader: CorpusSetLoader): Promise<string[]> => (await (await loader.get()).findSourcedMatches(PAGE)).map((m) => m.docId);

describe('CorpusSetLoader', () => {
  it('matches against the enabled corpora, decoding each index once', async () => {
    const { state, fake } = sources({ shipped: SHIPPED, imported: [record('abc')] }, { 'abc/0': importedParts });
    const loader = new CorpusSetLoader(fake);
    expect(await ids(loader)).toEqual(['s', 'abc:i']);
    // A rename or a switch reuses the decoded index; only what is enabled is read again.
    state.enabled = { shipped: null, imported: [record('abc', 1, 'Renamed')] };
    loader.reload();
    const set = await loader.get();
    expect((await set.findSourcedMatches(PAGE)).map((m) => [m.docId, m.corpus.name])).toEqual([['abc:i', 'Renamed']]);
    expect(fake.importedHead).toHaveBeenCalledTimes(1);
    expect(fake.enabledCorpora).toHaveBeenCalledTimes(2);
  });

  it('reads a re-imported corpus (new revision) again, and serves from cache until told to reload', async () => {
    const { state, fake } = sources({ shipped: null, imported: [record('abc')] }, { 'abc/0': importedParts });
    const loader = new CorpusSetLoader(fake);
    await loader.get();
    state.enabled = { shipped: null, imported: [record('abc', 2)] };
    await loader.get();
    expect(fake.importedHead).toHaveBeenCalledTimes(1);
    loader.reload();
    await loader.get();
    expect(fake.importedHead).toHaveBeenCalledTimes(2);
  });

  it('leaves out an imported corpus that cannot be loaded, and keeps matching the others', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { fake } = sources({ shipped: SHIPPED, imported: [record('gone'), record('bad')] }, { 'bad/0': { head: new Uint8Array(8) } });
    const loader = new CorpusSetLoader(fake);
    expect(await ids(loader)).toEqual(['s']);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('matches a corpus stored in segments through every segment, and finds each document in its own', async () => {
    const SECOND_TEXT = 'Divers will inspect the foundations of the east pier for eleven weeks while the quay stays closed to all commercial vessels.';
    const second = splitIndex(encodeIndex(buildIndex([doc('j', SECOND_TEXT)])));
    const { fake } = sources({ shipped: null, imported: [{ ...record('abc'), segments: 2 }] }, { 'abc/0': importedParts, 'abc/1': second });
    const fromHead = vi.spyOn(SplitIndex, 'fromHead');
    const set = await new CorpusSetLoader(fake).get();
    // The two segments share the parts budget of one index.
    expect(fromHead.mock.calls.map(([, budgets]) => budgets)).toEqual([shareBudgets(DEFAULT_BUDGETS, 2), shareBudgets(DEFAULT_BUDGETS, 2)]);
    fromHead.mockRestore();
    expect((await set.findSourcedMatches(`${IMPORTED_TEXT} ${SECOND_TEXT}`)).map((m) => m.docId)).toEqual(['abc:i', 'abc:j']);
    expect((await set.getDocument('abc:j'))?.text).toBe(SECOND_TEXT);
    expect((await set.getDocument('abc:i'))?.text).toBe(IMPORTED_TEXT);
    expect(await set.getDocument('abc:k')).toBeNull();
    expect(fake.importedHead.mock.calls.map(([, segment]) => segment)).toEqual([0, 1]);
  });

  it('leaves out a corpus in segments when one segment cannot be loaded', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { fake } = sources({ shipped: SHIPPED, imported: [{ ...record('abc'), segments: 2 }] }, { 'abc/0': importedParts });
    expect(await ids(new CorpusSetLoader(fake))).toEqual(['s']);
    expect(String(warn.mock.calls[0]?.[1])).toMatch(/segment 1/);
    warn.mockRestore();
  });

  it('gives the shipped index facts even while it is switched off', async () => {
    const { fake } = sources({ shipped: null, imported: [] }, {});
    const loader = new CorpusSetLoader(fake);
    expect((await loader.shippedInfo()).documentCount).toBe(1);
    expect(await ids(loader)).toEqual([]);
  });
});
