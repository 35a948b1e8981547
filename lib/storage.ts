/**
 * All persisted state of the extension, in one place. Only the user's own
 * settings and choices are stored; never page text.
 */
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { SHIPPED_CORPUS_ID } from './corpus-store/corpus-ids';
import { DEFAULT_MATCH_OPTIONS } from './matcher';

/** How a kind of passage can be painted: a tinted background, a solid or a wavy underline. */
export const HIGHLIGHT_STYLES = ['background', 'underline', 'wavy'] as const;

/** A paint colour, `#rrggbb`. */
const colorSchema = z.string().regex(/^#[0-9a-f]{6}$/i);

const settingsSchema = z.object({
  /** Master switch. */
  enabled: z.boolean(),
  /** Hostnames where the extension never runs. */
  disabledSites: z.array(z.string()),
  /** Minimum equal words for a match. */
  minWords: z.number().int().min(4).max(200),
  /** Minimum similarity, 0–1. */
  minSimilarity: z.number().min(0).max(1),
  /** How copied passages are painted. */
  highlightStyle: z.enum(HIGHLIGHT_STYLES),
  /** Paint colour of copied passages on light pages, `#rrggbb`; dark pages get a stronger variant. */
  highlightColor: colorSchema,
  /** Whether rewritten passages (reworded, reordered, condensed) are painted, counted and listed. */
  showRewritten: z.boolean(),
  /** How rewritten passages are painted; distinct from copied ones by default. */
  rewrittenHighlightStyle: z.enum(HIGHLIGHT_STYLES),
  /** Paint colour of rewritten passages, `#rrggbb`. */
  rewrittenHighlightColor: colorSchema,
  /**
   * The reader's "private" mark per corpus id (`"shipped"` or an imported id):
   * matches of a private corpus are painted and explained where the page cannot
   * read them (README, "Security and privacy"). Ids not listed use
   * `isCorpusPrivate`'s default. Kept here, not in the corpus record, so the mark
   * is independent of the corpus storage format.
   */
  corpusPrivacy: z.record(z.string(), z.boolean()),
});

/** User settings. */
export type Settings = z.infer<typeof settingsSchema>;

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
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(settingsSchema.shape) as (keyof Settings)[]) {
    const field = settingsSchema.shape[key].safeParse(record[key]);
    if (field.success) merged[key] = field.data;
  }
  return settingsSchema.parse(merged);
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

/** A passage the user marked "Not a match here". */
export interface Dismissal {
  /** Hostname of the page. */
  site: string;
  docId: string;
  /** Hash of the normalized page passage (not the text itself). */
  passageHash: string;
}

const dismissalSchema = z.object({ site: z.string(), docId: z.string(), passageHash: z.string() });

/** Parses the stored dismissals, dropping malformed entries. */
export function parseDismissals(value: unknown): Dismissal[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const parsed = dismissalSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
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

const shippedCorpusSchema = z.object({
  /** Whether pages are matched against the corpus that ships inside the extension. */
  enabled: z.boolean(),
  /** The user's name for it; empty for the default name. */
  name: z.string().max(100),
});

/** The user's choices about the shipped corpus (imported corpora keep theirs in IndexedDB, beside their data). */
export type ShippedCorpusPrefs = z.infer<typeof shippedCorpusSchema>;

/** Choices of a fresh install: the shipped corpus on, under its default name. */
export const DEFAULT_SHIPPED_CORPUS: ShippedCorpusPrefs = { enabled: true, name: '' };

/** Reads the stored shipped-corpus choices; anything invalid falls back to the default. */
export function parseShippedCorpus(value: unknown): ShippedCorpusPrefs {
  const parsed = shippedCorpusSchema.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_SHIPPED_CORPUS;
}

/** The shipped-corpus item; read through `parseShippedCorpus`. */
export const shippedCorpusItem = storage.defineItem<ShippedCorpusPrefs>('local:shippedCorpus', {
  fallback: DEFAULT_SHIPPED_CORPUS,
  version: 1,
});
