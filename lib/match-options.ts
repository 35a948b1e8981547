/**
 * The matcher's default options, apart from the matcher: settings (parsed in
 * every page's content script) read them, and importing them from
 * `matcher.ts` would carry the matcher and its tables into the page.
 */
import type { MatchOptions } from './matcher';

/** Defaults: a passage of 8 equal words, half similar, with 3 descriptive words. */
export const DEFAULT_MATCH_OPTIONS: MatchOptions = {
  minWords: 8,
  minSimilarity: 0.5,
  minDescriptiveWords: 3,
  maxSeedGap: 24,
  band: 8,
  margin: 16,
  rewritten: true,
  maxSourcesPerPassage: 8,
};
