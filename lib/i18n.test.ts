/** The English locale file is the serialization of lib/i18n.ts's messages, and t() formats like the browser. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatMessage, MESSAGES, t, toLocaleFile } from './i18n';

describe('messages', () => {
  // Chrome refuses to load an extension that has `_locales/` without `default_locale`
  // in its manifest, or `default_locale` without `_locales/`: the two go together.
  const config = readFileSync(new URL('../wxt.config.ts', import.meta.url), 'utf8');
  const localeFile = new URL('../public/_locales/en/messages.json', import.meta.url);
  const declaresLocale = /default_locale\s*:\s*['"]en['"]/.test(config);

  it('has public/_locales/en/messages.json exactly when wxt.config.ts declares default_locale', () => {
    expect(existsSync(localeFile), 'see lib/i18n.ts for the command that writes the locale file').toBe(declaresLocale);
  });

  it.runIf(declaresLocale)('public/_locales/en/messages.json matches MESSAGES (regenerate it as lib/i18n.ts says)', () => {
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
