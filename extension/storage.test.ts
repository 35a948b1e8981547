/**
 * Settings: lenient parsing, the v1 → v2 migration, and the versioned storage
 * item running that migration on a stored v1 value (with an in-memory browser).
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type StorageModule = typeof import('./storage');

/** Imports extension/storage afresh against the fake browser: its items (and migrations) are defined at import. */
async function importStorage(): Promise<StorageModule> {
  vi.resetModules();
  return import('./storage');
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.stubGlobal('chrome', fakeBrowser);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('parseSettings', () => {
  it('gives the defaults for nothing stored', async () => {
    const { parseSettings, DEFAULT_SETTINGS } = await importStorage();
    expect(parseSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings('garbage')).toEqual(DEFAULT_SETTINGS);
    expect(parseSettings([1, 2])).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid fields as stored', async () => {
    const { parseSettings } = await importStorage();
    const stored = {
      enabled: false,
      disabledSites: ['example.com'],
      minWords: 12,
      minSimilarity: 0.8,
      highlightStyle: 'underline',
      highlightColor: '#3366FF',
      showRewritten: false,
      rewrittenHighlightStyle: 'background',
      rewrittenHighlightColor: '#00aa88',
      corpusPrivacy: { shipped: true, c1: false },
    };
    expect(parseSettings(stored)).toEqual(stored);
  });

  it('falls back per field: an invalid field gets its default, the others are kept', async () => {
    const { parseSettings, DEFAULT_SETTINGS } = await importStorage();
    const parsed = parseSettings({
      enabled: 'yes', // not a boolean
      disabledSites: ['kept.example'],
      minWords: 3, // below 4
      minSimilarity: 0.7,
      highlightStyle: 'sparkles', // not an option
      highlightColor: '#12345', // not #rrggbb
      showRewritten: 'no', // not a boolean
      rewrittenHighlightStyle: 'dotted', // not an option
      rewrittenHighlightColor: 'violet', // not #rrggbb
    });
    expect(parsed).toEqual({
      ...DEFAULT_SETTINGS,
      disabledSites: ['kept.example'],
      minSimilarity: 0.7,
    });
  });

  it('rejects out-of-range and non-integer numbers field by field', async () => {
    const { parseSettings, DEFAULT_SETTINGS } = await importStorage();
    expect(parseSettings({ minWords: 201 }).minWords).toBe(DEFAULT_SETTINGS.minWords);
    expect(parseSettings({ minWords: 9.5 }).minWords).toBe(DEFAULT_SETTINGS.minWords);
    expect(parseSettings({ minWords: 200 }).minWords).toBe(200);
    expect(parseSettings({ minWords: 4 }).minWords).toBe(4);
    expect(parseSettings({ minSimilarity: 1.2 }).minSimilarity).toBe(DEFAULT_SETTINGS.minSimilarity);
    expect(parseSettings({ minSimilarity: -0.1 }).minSimilarity).toBe(DEFAULT_SETTINGS.minSimilarity);
    expect(parseSettings({ minSimilarity: 0 }).minSimilarity).toBe(0);
    expect(parseSettings({ disabledSites: ['a.example', 3] }).disabledSites).toEqual(DEFAULT_SETTINGS.disabledSites);
  });

  it('gives settings stored before rewritten passages existed the rewritten defaults: shown, wavy, violet', async () => {
    const { parseSettings } = await importStorage();
    const before = { enabled: true, disabledSites: [], minWords: 8, minSimilarity: 0.5, highlightStyle: 'underline', highlightColor: '#3366ff' };
    expect(parseSettings(before)).toEqual({
      ...before,
      showRewritten: true,
      rewrittenHighlightStyle: 'wavy',
      rewrittenHighlightColor: '#8250df',
      corpusPrivacy: {},
    });
  });

  it('drops unknown fields', async () => {
    const { parseSettings } = await importStorage();
    expect(parseSettings({ minWords: 10, legacy: true })).not.toHaveProperty('legacy');
  });
});

/** The fields v1 did not have, at their defaults. */
function appearanceDefaults(defaults: import('./storage').Settings): Partial<import('./storage').Settings> {
  const { highlightStyle, highlightColor, showRewritten, rewrittenHighlightStyle, rewrittenHighlightColor, corpusPrivacy } = defaults;
  return { highlightStyle, highlightColor, showRewritten, rewrittenHighlightStyle, rewrittenHighlightColor, corpusPrivacy };
}

describe('parseSettings: malformed values', () => {
  it('rejects non-finite numbers, wrong types and malformed collections field by field', async () => {
    const { parseSettings, DEFAULT_SETTINGS } = await importStorage();
    expect(parseSettings({ minWords: Number.NaN }).minWords).toBe(DEFAULT_SETTINGS.minWords);
    expect(parseSettings({ minWords: Number.POSITIVE_INFINITY }).minWords).toBe(DEFAULT_SETTINGS.minWords);
    expect(parseSettings({ minWords: '12' }).minWords).toBe(DEFAULT_SETTINGS.minWords);
    expect(parseSettings({ minSimilarity: Number.NaN }).minSimilarity).toBe(DEFAULT_SETTINGS.minSimilarity);
    expect(parseSettings({ enabled: 1 }).enabled).toBe(true);
    expect(parseSettings({ disabledSites: 'a.example' }).disabledSites).toEqual([]);
    expect(parseSettings({ disabledSites: { 0: 'a.example', length: 1 } }).disabledSites).toEqual([]);
    expect(parseSettings({ highlightColor: ' #ffc800' }).highlightColor).toBe(DEFAULT_SETTINGS.highlightColor);
    expect(parseSettings({ highlightColor: '#ffc800ff' }).highlightColor).toBe(DEFAULT_SETTINGS.highlightColor);
    expect(parseSettings({ highlightStyle: 'toString' }).highlightStyle).toBe(DEFAULT_SETTINGS.highlightStyle);
    expect(parseSettings({ corpusPrivacy: ['shipped'] }).corpusPrivacy).toEqual({});
    expect(parseSettings({ corpusPrivacy: null }).corpusPrivacy).toEqual({});
    expect(parseSettings({ corpusPrivacy: { a: true, b: 0 } }).corpusPrivacy).toEqual({});
  });

  it('returns copies: changing parsed settings changes neither the store nor the defaults', async () => {
    const { parseSettings, DEFAULT_SETTINGS } = await importStorage();
    const stored = { disabledSites: ['a.example'], corpusPrivacy: { c1: true } };
    const parsed = parseSettings(stored);
    parsed.disabledSites.push('b.example');
    parsed.corpusPrivacy.c2 = false;
    expect(stored).toEqual({ disabledSites: ['a.example'], corpusPrivacy: { c1: true } });
    const fresh = parseSettings(undefined);
    fresh.disabledSites.push('c.example');
    fresh.corpusPrivacy.c3 = true;
    expect(DEFAULT_SETTINGS.disabledSites).toEqual([]);
    expect(DEFAULT_SETTINGS.corpusPrivacy).toEqual({});
  });
});

describe('parseDismissals', () => {
  it('keeps well-formed entries, without unknown fields', async () => {
    const { parseDismissals } = await importStorage();
    const entry = { site: 'news.example', docId: 'd1', passageHash: 'abc' };
    expect(parseDismissals([entry, { ...entry, docId: 'd2', extra: 1 }])).toEqual([entry, { ...entry, docId: 'd2' }]);
  });

  it('drops malformed entries and gives nothing for a malformed store', async () => {
    const { parseDismissals } = await importStorage();
    const entry = { site: 'news.example', docId: 'd1', passageHash: 'abc' };
    expect(parseDismissals(undefined)).toEqual([]);
    expect(parseDismissals('garbage')).toEqual([]);
    expect(parseDismissals({ 0: entry })).toEqual([]);
    expect(parseDismissals([null, 3, 'x', [], { ...entry, site: 1 }, { site: 'a', docId: 'b' }, entry])).toEqual([entry]);
  });
});

describe('parseShippedCorpus', () => {
  it('keeps valid choices and falls back to the default for anything malformed', async () => {
    const { parseShippedCorpus, DEFAULT_SHIPPED_CORPUS } = await importStorage();
    expect(parseShippedCorpus({ enabled: false, name: 'Wire' })).toEqual({ enabled: false, name: 'Wire' });
    expect(parseShippedCorpus(undefined)).toEqual(DEFAULT_SHIPPED_CORPUS);
    expect(parseShippedCorpus({ enabled: 'no', name: 'Wire' })).toEqual(DEFAULT_SHIPPED_CORPUS);
    expect(parseShippedCorpus({ enabled: true, name: 'x'.repeat(101) })).toEqual(DEFAULT_SHIPPED_CORPUS);
    expect(parseShippedCorpus({ enabled: true, name: 'x'.repeat(100) }).name).toHaveLength(100);
  });
});

describe('migrateSettingsToV2', () => {
  const v1 = { enabled: false, disabledSites: ['a.example', 'b.example'], minWords: 15, minSimilarity: 0.65 };

  it('keeps every v1 choice and adds the highlight defaults', async () => {
    const { migrateSettingsToV2, DEFAULT_SETTINGS } = await importStorage();
    expect(migrateSettingsToV2(v1)).toEqual({
      ...v1,
      ...appearanceDefaults(DEFAULT_SETTINGS),
    });
  });

  it('repairs a broken v1 field without losing the rest', async () => {
    const { migrateSettingsToV2, DEFAULT_SETTINGS } = await importStorage();
    expect(migrateSettingsToV2({ ...v1, minWords: 'many' })).toEqual({
      ...v1,
      minWords: DEFAULT_SETTINGS.minWords,
      ...appearanceDefaults(DEFAULT_SETTINGS),
    });
  });

  it('runs when the stored settings are v1: the item reads and stores the v2 value', async () => {
    await fakeBrowser.storage.local.set({ settings: v1, settings$: { v: 1 } });
    const { settingsItem, DEFAULT_SETTINGS } = await importStorage();
    const expected = { ...v1, ...appearanceDefaults(DEFAULT_SETTINGS) };
    expect(await settingsItem.getValue()).toEqual(expected);
    expect(await fakeBrowser.storage.local.get(['settings', 'settings$'])).toEqual({ settings: expected, settings$: { v: 2 } });
  });

  it('treats stored settings without a version as v1', async () => {
    await fakeBrowser.storage.local.set({ settings: v1 });
    const { settingsItem } = await importStorage();
    expect(await settingsItem.getValue()).toMatchObject({ ...v1, highlightStyle: 'background' });
    expect((await fakeBrowser.storage.local.get('settings$')).settings$).toEqual({ v: 2 });
  });

  it('leaves v2 settings as they are', async () => {
    const v2 = { ...v1, highlightStyle: 'underline', highlightColor: '#00aa88' };
    await fakeBrowser.storage.local.set({ settings: v2, settings$: { v: 2 } });
    const { settingsItem } = await importStorage();
    expect(await settingsItem.getValue()).toEqual(v2);
  });

  it('gives the defaults on a fresh install', async () => {
    const { settingsItem, DEFAULT_SETTINGS } = await importStorage();
    expect(await settingsItem.getValue()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('isCorpusPrivate', () => {
  it('defaults imported corpora to private and the shipped one to public', async () => {
    const { isCorpusPrivate, DEFAULT_SETTINGS } = await importStorage();
    expect(isCorpusPrivate(DEFAULT_SETTINGS, 'shipped')).toBe(false);
    expect(isCorpusPrivate(DEFAULT_SETTINGS, 'c1a2b3')).toBe(true);
  });

  it('follows the reader’s mark, per corpus id', async () => {
    const { isCorpusPrivate, parseSettings } = await importStorage();
    const settings = parseSettings({ corpusPrivacy: { shipped: true, c1: false } });
    expect(isCorpusPrivate(settings, 'shipped')).toBe(true);
    expect(isCorpusPrivate(settings, 'c1')).toBe(false);
    expect(isCorpusPrivate(settings, 'c2')).toBe(true);
  });

  it('drops an invalid stored mark, keeping the defaults', async () => {
    const { isCorpusPrivate, parseSettings } = await importStorage();
    const settings = parseSettings({ corpusPrivacy: { shipped: 'yes' } });
    expect(settings.corpusPrivacy).toEqual({});
    expect(isCorpusPrivate(settings, 'shipped')).toBe(false);
  });
});
