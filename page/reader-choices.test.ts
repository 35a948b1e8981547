import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const sendMessage = vi.hoisted(() => vi.fn((..._args: unknown[]) => Promise.resolve()));
vi.mock('../extension/messages', () => ({ sendMessage }));

type Modules = [typeof import('./reader-choices'), typeof import('../extension/storage'), typeof import('../lib/passage-key')];

/** Imports afresh against the fake browser: extension/storage defines its items at import. */
async function load(): Promise<Modules> {
  vi.resetModules();
  return Promise.all([import('./reader-choices'), import('../extension/storage'), import('../lib/passage-key')]);
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.stubGlobal('chrome', fakeBrowser);
  sendMessage.mockClear();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Lets storage change events reach the watchers. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('ReaderChoices', () => {
  it('is active unless switched off everywhere or for this site', async () => {
    const [{ ReaderChoices }, { settingsItem, DEFAULT_SETTINGS }] = await load();
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, disabledSites: ['muted.example'] });
    const signal = new AbortController().signal;
    expect((await ReaderChoices.load('news.example', signal)).isActive).toBe(true);
    expect((await ReaderChoices.load('muted.example', signal)).isActive).toBe(false);
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, enabled: false });
    expect((await ReaderChoices.load('news.example', signal)).isActive).toBe(false);
  });

  it('reads settings stored by version 1 as their migration would: the choices made, defaults for the rest', async () => {
    // Written before the modules load, as an older version left them: no version mark, no appearance fields.
    await fakeBrowser.storage.local.set({ settings: { enabled: true, disabledSites: ['muted.example'], minWords: 12, minSimilarity: 0.7 } });
    const [{ ReaderChoices }, { DEFAULT_SETTINGS, migrateSettingsToV2 }] = await load();
    const signal = new AbortController().signal;
    const choices = await ReaderChoices.load('news.example', signal);
    expect(choices.settings).toEqual({ ...DEFAULT_SETTINGS, disabledSites: ['muted.example'], minWords: 12, minSimilarity: 0.7 });
    expect(choices.settings).toEqual(migrateSettingsToV2({ enabled: true, disabledSites: ['muted.example'], minWords: 12, minSimilarity: 0.7 }));
    expect((await ReaderChoices.load('muted.example', signal)).isActive).toBe(false);
  });

  it('knows dismissals of this site only, by passage hash, and sends new ones to the background', async () => {
    const [{ ReaderChoices }, { dismissalsItem }, { passageKey }] = await load();
    await dismissalsItem.setValue([
      { site: 'news.example', docId: 'a', passageHash: passageKey('The council approved the budget.') },
      { site: 'other.example', docId: 'b', passageHash: passageKey('The council approved the budget.') },
    ]);
    const choices = await ReaderChoices.load('news.example', new AbortController().signal);
    expect(choices.isDismissed('a', 'The council approved the budget.')).toBe(true);
    expect(choices.isDismissed('a', 'Another passage entirely.')).toBe(false);
    expect(choices.isDismissed('b', 'The council approved the budget.')).toBe(false);

    choices.dismiss('b', 'The council approved the budget.');
    expect(choices.isDismissed('b', 'The council approved the budget.')).toBe(true);
    expect(sendMessage).toHaveBeenCalledWith('dismissPassage', {
      site: 'news.example',
      docId: 'b',
      passageHash: passageKey('The council approved the budget.'),
    });
  });

  it('says whether a settings change alters matching or only appearance', async () => {
    const [{ ReaderChoices }, { settingsItem, DEFAULT_SETTINGS }] = await load();
    const choices = await ReaderChoices.load('news.example', new AbortController().signal);
    const changes: boolean[] = [];
    choices.onSettingsChange(({ matching }) => changes.push(matching));
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, highlightColor: '#ff0000' });
    await settle();
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, highlightColor: '#ff0000', minWords: 12 });
    await settle();
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, highlightColor: '#ff0000', minWords: 12, showRewritten: false });
    await settle();
    expect(changes).toEqual([false, true, true]);
    expect(choices.settings.minWords).toBe(12);
  });

  it('stops following storage when its signal aborts', async () => {
    const [{ ReaderChoices }, { settingsItem, DEFAULT_SETTINGS }] = await load();
    const controller = new AbortController();
    const choices = await ReaderChoices.load('news.example', controller.signal);
    const listener = vi.fn();
    choices.onSettingsChange(listener);
    controller.abort();
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, minWords: 20 });
    await settle();
    expect(listener).not.toHaveBeenCalled();
    expect(choices.settings.minWords).toBe(DEFAULT_SETTINGS.minWords);
  });
});
