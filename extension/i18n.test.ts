/**
 * The English locale file is the serialization of extension/i18n.ts's messages, every
 * translation has every message with the same placeholders, and t() formats
 * like the browser.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatMessage, MESSAGES, t, toLocaleFile } from './i18n';

describe('messages', () => {
  // Chrome refuses to load an extension that has `_locales/` without `default_locale`
  // in its manifest, or `default_locale` without `_locales/`: the two go together.
  const config = readFileSync(new URL('../wxt.config.ts', import.meta.url), 'utf8');
  const localeFile = new URL('../public/_locales/en/messages.json', import.meta.url);
  const declaresLocale = /default_locale\s*:\s*['"]en['"]/.test(config);

  it('has public/_locales/en/messages.json exactly when wxt.config.ts declares default_locale', () => {
    expect(existsSync(localeFile), 'see extension/i18n.ts for the command that writes the locale file').toBe(declaresLocale);
  });

  it.runIf(declaresLocale)('public/_locales/en/messages.json matches MESSAGES (regenerate it as extension/i18n.ts says)', () => {
    expect(JSON.parse(readFileSync(localeFile, 'utf8'))).toEqual(toLocaleFile(MESSAGES));
  });

  it('uses only valid message names and declares every placeholder it uses', () => {
    for (const [key, source] of Object.entries(MESSAGES)) {
      expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
      const used = [...source.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1]!.toLowerCase());
      const declared = Object.keys('placeholders' in source ? source.placeholders : {}).map((n) => n.toLowerCase());
      expect(used.sort(), key).toEqual([...new Set(declared)].sort());
    }
  });

  it('falls back to the English text with substitutions outside the browser', () => {
    expect(t('toggleSite', 'news.example')).toBe('On for news.example');
    expect(t('popupSummary', ['3 passages', '2 corpus articles', 12])).toBe('3 passages from 2 corpus articles · 12% of this page’s text reused');
    expect(t('appName')).toBe('Sourcelight');
  });

  it('formats $$ and leaves missing substitutions empty', () => {
    expect(formatMessage({ message: 'Cost $$5 for $WHO$', placeholders: { who: '$1' } }, [])).toBe('Cost $5 for ');
  });
});

/** A `messages.json` entry as the browser reads it. */
interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

/** `$NAME$` placeholders a message uses, lower-cased (the browser ignores their case), sorted. */
function usedPlaceholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()))].sort();
}

describe('translations', () => {
  const localesDir = new URL('../public/_locales/', import.meta.url);
  const readLocale = (locale: string): Record<string, LocaleEntry> =>
    JSON.parse(readFileSync(new URL(`${locale}/messages.json`, localesDir), 'utf8')) as Record<string, LocaleEntry>;
  const english = readLocale('en');
  const translations = readdirSync(localesDir).filter((locale) => locale !== 'en');

  it('include German', () => {
    expect(translations).toContain('de');
  });

  describe.each(translations)('%s', (locale) => {
    const translated = readLocale(locale);

    it('has every English message and no other', () => {
      expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    });

    it('declares the same placeholders as English, filled by the same substitutions', () => {
      for (const [key, entry] of Object.entries(english)) {
        expect(translated[key]?.placeholders, key).toEqual(entry.placeholders);
      }
    });

    it('uses every placeholder of each message, and no other', () => {
      for (const [key, entry] of Object.entries(english)) {
        expect(usedPlaceholders(translated[key]?.message ?? ''), key).toEqual(usedPlaceholders(entry.message));
      }
    });

    it('translates the prose: at most the names, formats and symbols read the same as in English', () => {
      const same = Object.keys(english).filter((key) => translated[key]?.message === english[key]!.message);
      expect(same.sort()).toEqual(['appName', 'exportCsv', 'exportJson', 'exportMarkdown', 'optionsSitePlaceholder']);
    });

    it('names its own language for the pages’ lang attribute', () => {
      expect(translated.htmlLang?.message).toBe(locale.replace('_', '-'));
    });
  });
});
