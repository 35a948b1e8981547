/**
 * Asks the background for the matches of a page text (the index lives in the
 * service worker; the text goes nowhere else) and remembers recent answers.
 */
import { sendMessage } from '../extension/messages';
import type { SourcedMatch } from '../lib/domain';
import type { Settings } from '../extension/storage';

/** Texts up to this length have their matches cached, up to this many texts. */
const MAX_CACHED_CHARS = 20_000;
const MAX_CACHED_TEXTS = 64;

/**
 * Matches of recently read texts. A framework that re-renders a block with the
 * same text gets its passages back without another trip to the background.
 */
export class MatchClient {
  private readonly cache = new Map<string, SourcedMatch[]>();

  /** Every span of `text` found in the enabled corpora, at the reader's thresholds. */
  async find(text: string, settings: Pick<Settings, 'minWords' | 'minSimilarity'>): Promise<SourcedMatch[]> {
    const key = `${settings.minWords}|${settings.minSimilarity}|${text}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const matches = await sendMessage('findMatches', {
      text,
      options: { minWords: settings.minWords, minSimilarity: settings.minSimilarity },
    });
    if (text.length <= MAX_CACHED_CHARS) {
      this.cache.set(key, matches);
      if (this.cache.size > MAX_CACHED_TEXTS) this.cache.delete(this.cache.keys().next().value!);
    }
    return matches;
  }
}
