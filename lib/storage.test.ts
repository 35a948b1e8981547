/**
 * Settings: lenient parsing, the v1 → v2 migration, and the versioned storage
 * item running that migration on a stored v1 value (with an in-memory browser).
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type StorageModule = typeof import('./storage');

/** Imports lib/storage afresh against the fake browser: its items (and migrations) are defined at import. */
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
