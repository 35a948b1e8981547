/**
 * All persisted state of the extension, in one place. Only the user's own
 * settings and choices are stored; never page text.
 */
import { storage } from 'wxt/utils/storage';
import type { Dismissal } from '../lib/domain';
import { SHIPPED_CORPUS_ID } from '../lib/corpus-ids';
import { DEFAULT_MATCH_OPTIONS } from '../lib/match-options';

/** How a kind of passage can be painted: a tinted background, a solid or a wavy underline. */
export const HIGHLIGHT_STYLES = ['background', 'underline', 'wavy'] as const;

/** How a kind of passage is painted. */
export type HighlightStyle = (typeof HIGHLIGHT_STYLES)[number];

/** User settings. */
export interface Settings {
  /** Master switch. */
  enabled: boolean;
  /** Hostnames where the extension never runs. */
  disabledSites: string[];
  /** Minimum equal words for a match, an integer from 4 to 200. */
  minWords: number;
  /** Minimum similarity, 0–1. */
  minSimilarity: number;
  /** How copied passages are painted. */
  highlightStyle: HighlightStyle;
  /** Paint colour of copied passages on light pages, `#rrggbb`; dark pages get a stronger variant. */
  highlightColor: string;
  /** Whether rewritten passages (reworded, reordered, condensed) are painted, counted and listed. */
  showRewritten: boolean;
  /** How rewritten passages are painted; distinct from copied ones by default. */
  rewrittenHighlightStyle: HighlightStyle;
  /** Paint colour of rewritten passages, `#rrggbb`. */
  rewrittenHighlightColor: string;
  /**
   * The reader's "private" mark per corpus id (`"shipped"` or an imported id):
   * matches of a private corpus are painted and explained where the page cannot
   * read them (README, "Security and privacy"). Ids not listed use
   * `isCorpusPrivate`'s default. Kept here, not in the corpus record, so the mark
   * is independent of the corpus storage format.
   */
  corpusPrivacy: Record<string, boolean>;
}

/*
 * Hand-written validators, not a schema library: these run in the content
 * script of every page, where a validation library would be most of its size.
 * Each returns the valid value (a fresh copy for arrays and records) or undefined.
 */
type Check<T> = (value: unknown) => T | undefined;

const isBoolean: Check<boolean> = (value) => (typeof value === 'boolean' ? value : undefined);
const isString: Check<string> = (value) => (typeof value === 'string' ? value : undefined);
const isColor: Check<string> = (value) => (typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value) ? value : undefined);
const isStyle: Check<HighlightStyle> = (value) => (HIGHLIGHT_STYLES as readonly unknown[]).includes(value) ? (value as HighlightStyle) : undefined;
const inRange =
  (min: number, max: number, integer: boolean): Check<number> =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value)) ? value : undefined;
const isStringArray: Check<string[]> = (value) =>
  Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? [...(value as string[])] : undefined;
const isBooleanRecord: Check<Record<string, boolean>> = (value) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, flag]) => typeof flag === 'boolean') ? (Object.fromEntries(entries) as Record<string, boolean>) : undefined;
};

const SETTINGS_FIELDS: { [K in keyof Settings]: Check<Settings[K]> } = {
  enabled: isBoolean,
  disabledSites: isStringArray,
  minWords: inRange(4, 200, true),
  minSimilarity: inRange(0, 1, false),
  highlightStyle: isStyle,
  highlightColor: isColor,
  showRewritten: isBoolean,
  rewrittenHighlightStyle: isStyle,
  rewrittenHighlightColor: isColor,
  corpusPrivacy: isBooleanRecord,
};

/** Settings of a fresh install. */
export const DEFAULT_SETTINGS: Settings = {
  enabled: true,
  disabledSites: [],
  minWords: DEFAULT_MATCH_OPTIONS.minWords,
  minSimilarity: DEFAULT_MATCH_OPTIONS.minSimilarity,
  highlightStyle: 'background',
  highlightColor: '#ffc800',
  showRewritten: true,
  // A wavy violet underline reads as "approximately the same", and stays apart
  // from the yellow fill of copied text for the common colour-vision deficiencies.
  rewrittenHighlightStyle: 'wavy',
  rewrittenHighlightColor: '#8250df',
  corpusPrivacy: {},
};

/**
 * Reads stored settings leniently: a field that is missing or invalid (an older
 * or hand-edited store) falls back to its default instead of losing the rest.
 */
export function parseSettings(value: unknown): Settings {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const field = <K extends keyof Settings>(key: K): Settings[K] => {
    const parsed = SETTINGS_FIELDS[key](record[key]);
    return parsed === undefined ? copyDefault(key) : parsed;
  };
  return {
    enabled: field('enabled'),
    disabledSites: field('disabledSites'),
    minWords: field('minWords'),
    minSimilarity: field('minSimilarity'),
    highlightStyle: field('highlightStyle'),
    highlightColor: field('highlightColor'),
    showRewritten: field('showRewritten'),
    rewrittenHighlightStyle: field('rewrittenHighlightStyle'),
    rewrittenHighlightColor: field('rewrittenHighlightColor'),
    corpusPrivacy: field('corpusPrivacy'),
  };
}

/** A default, copied so callers cannot change `DEFAULT_SETTINGS` through it. */
function copyDefault<K extends keyof Settings>(key: K): Settings[K] {
  const value = DEFAULT_SETTINGS[key];
  if (Array.isArray(value)) return [...value] as Settings[K];
  if (typeof value === 'object') return { ...value };
  return value;
}

/** The settings item; read through `parseSettings`. */
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 2,
  migrations: {
    // Version 2 added highlight appearance; keep every choice the user made before.
    2: (old: unknown): Settings => migrateSettingsToV2(old),
  },
});

/** Migration to version 2: adds highlight style and colour with their defaults. */
export function migrateSettingsToV2(old: unknown): Settings {
  return parseSettings(old);
}

/**
 * Whether matches of corpus `corpusId` are private. Imported corpora default to
 * private (a reader's own articles can be confidential); the shipped corpus is
 * public news and defaults to public.
 */
export function isCorpusPrivate(settings: Settings, corpusId: string): boolean {
  return settings.corpusPrivacy[corpusId] ?? corpusId !== SHIPPED_CORPUS_ID;
}

/** Parses the stored dismissals, dropping malformed entries (and unknown fields). */
export function parseDismissals(value: unknown): Dismissal[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { site, docId, passageHash } = entry as Record<string, unknown>;
    const [s, d, h] = [isString(site), isString(docId), isString(passageHash)];
    return s !== undefined && d !== undefined && h !== undefined ? [{ site: s, docId: d, passageHash: h }] : [];
  });
}

/** "Not a match here" choices, per site. */
export const dismissalsItem = storage.defineItem<Dismissal[]>('local:dismissals', {
  fallback: [],
  version: 1,
});

/** Whether the extension should run on pages of `hostname`. */
export function isSiteEnabled(settings: Settings, hostname: string): boolean {
  return settings.enabled && !settings.disabledSites.includes(hostname);
}

/** The user's choices about the shipped corpus (imported corpora keep theirs in IndexedDB, beside their data). */
export interface ShippedCorpusPrefs {
  /** Whether pages are matched against the corpus that ships inside the extension. */
  enabled: boolean;
  /** The user's name for it, at most 100 characters; empty for the default name. */
  name: string;
}

/** Choices of a fresh install: the shipped corpus on, under its default name. */
export const DEFAULT_SHIPPED_CORPUS: ShippedCorpusPrefs = { enabled: true, name: '' };

/** Reads the stored shipped-corpus choices; anything invalid falls back to the default. */
export function parseShippedCorpus(value: unknown): ShippedCorpusPrefs {
  if (typeof value !== 'object' || value === null) return DEFAULT_SHIPPED_CORPUS;
  const { enabled, name } = value as Record<string, unknown>;
  return typeof enabled === 'boolean' && typeof name === 'string' && name.length <= 100 ? { enabled, name } : DEFAULT_SHIPPED_CORPUS;
}

/** The shipped-corpus item; read through `parseShippedCorpus`. */
export const shippedCorpusItem = storage.defineItem<ShippedCorpusPrefs>('local:shippedCorpus', {
  fallback: DEFAULT_SHIPPED_CORPUS,
  version: 1,
});
