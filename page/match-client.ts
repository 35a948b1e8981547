/**
 * Asks the background for the matches of a page text (the index lives in the
 * service worker; the text goes nowhere else) and remembers recent answers.
 */
import { sendMessage } from '../extension/messages';
import type { SourcedMatch } from '../lib/domain';
import type { MatchOptions } from '../lib/matcher';
import type { Settings } from '../extension/storage';

/** Texts up to this length have their matches cached, up to this many texts. */
const MAX_CACHED_CHARS = 20_000;
const MAX_CACHED_TEXTS = 64;

/**
 * How long the client waits for an answer to each ping before it pings again
 * (≈ 16 s in all, then it gives up until the next read).
 *
 * Why ping first: while Chromium registers the extension's service worker anew,
 * a message sent to it can be rejected ("Receiving end does not exist") or,
 * worse, never answered at all. A page loaded in that moment kept no highlights
 * until it was reloaded: 5 of 8 pages loaded right after a relaunch whose
 * worker registrations had been cleared, in a probe of this stop (see
 * docs/performance.md, "A page loaded while the worker registers"). A ping is
 * answered at once by a listening background, so silence can be told from a
 * long match (a first page of a large corpus takes seconds), and only the ping
 * is ever sent twice.
 */
export const PING_WAITS_MS: readonly number[] = [250, 500, 1000, 2000, 4000, 8000];

/** What a match client sends and how it waits; tests give their own. */
export interface MatchClientParts {
  /** Answers once the background listens; may reject, or never settle, while it does not. */
  ping(): Promise<unknown>;
  send(text: string, options: Partial<MatchOptions>): Promise<SourcedMatch[]>;
  /** Resolves after `ms`, or rejects when `signal` aborts first. */
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
export function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const backgroundParts: MatchClientParts = {
  ping: () => sendMessage('ping', undefined),
  send: (text, options) => sendMessage('findMatches', { text, options }),
  wait: waitUnlessAborted,
};

/**
 * Matches of recently read texts. A framework that re-renders a block with the
 * same text gets its passages back without another trip to the background.
 */
export class MatchClient {
  private readonly cache = new Map<string, SourcedMatch[]>();
  /** Settles when the background first answered a ping; null until asked, or after giving up. */
  private reached: Promise<void> | null = null;

  /** `signal` stops the waits between pings when the feature stops. */
  constructor(
    private readonly signal: AbortSignal,
    private readonly parts: MatchClientParts = backgroundParts,
  ) {}

  /** Every span of `text` found in the enabled corpora, at the reader's thresholds. */
  async find(text: string, settings: Pick<Settings, 'minWords' | 'minSimilarity'>): Promise<SourcedMatch[]> {
    const key = `${settings.minWords}|${settings.minSimilarity}|${text}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    await this.reachBackground();
    const matches = await this.parts.send(text, { minWords: settings.minWords, minSimilarity: settings.minSimilarity });
    if (text.length <= MAX_CACHED_CHARS) {
      this.cache.set(key, matches);
      if (this.cache.size > MAX_CACHED_TEXTS) this.cache.delete(this.cache.keys().next().value!);
    }
    return matches;
  }

  private async reachBackground(): Promise<void> {
    this.reached ??= this.pingUntilAnswered();
    try {
      await this.reached;
    } catch (error) {
      this.reached = null;
      throw error;
    }
  }

  /** Pings, and pings again after each wait of `PING_WAITS_MS` that no ping (earlier ones included) answered. */
  private async pingUntilAnswered(): Promise<void> {
    let answer!: () => void;
    const answered = new Promise<'answered'>((resolve) => (answer = () => resolve('answered')));
    for (const ms of PING_WAITS_MS) {
      // A ping rejected or lost while nothing listens never answers; a later one may.
      this.parts.ping().then(answer, () => undefined);
      if ((await Promise.race([answered, this.parts.wait(ms, this.signal)])) === 'answered') return;
    }
    throw new Error(`The extension's background did not answer within ${PING_WAITS_MS.reduce((a, b) => a + b, 0) / 1000} s`);
  }
}
