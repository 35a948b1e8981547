/**
 * Reading the options form's fields: pure functions from what the user typed
 * to a settings value, or null when the input is not acceptable.
 */

export const MIN_WORDS_RANGE = { min: 4, max: 200 } as const;

/** A whole number of words within 4–200, else null. */
export function parseMinWords(input: string): number | null {
  const text = input.trim();
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value >= MIN_WORDS_RANGE.min && value <= MIN_WORDS_RANGE.max ? value : null;
}

/** A percentage 0–100 (decimals allowed) as a similarity 0–1, else null. */
export function parseSimilarityPercent(input: string): number | null {
  const text = input.trim().replace(/%$/, '').trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const value = Number(text);
  return value >= 0 && value <= 100 ? Math.round(value * 10) / 1000 : null;
}

/** A similarity 0–1 as the percentage shown in the form (at most one decimal). */
export function similarityToPercent(similarity: number): number {
  return Math.round(similarity * 1000) / 10;
}

/**
 * The hostname the user means by `input`: a bare hostname ("Example.com."), or
 * any URL ("https://www.example.com/news") reduced to its hostname; lower case.
 * Null when there is no valid hostname in it.
 */
export function normalizeHostname(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let hostname: string;
  try {
    hostname = new URL(withScheme).hostname;
  } catch {
    return null;
  }
  hostname = hostname.replace(/\.$/, '').toLowerCase();
  if (!hostname) return null;
  // IPv6 literals keep their brackets in URL.hostname and match location.hostname that way.
  if (/^\[[0-9a-f:.]+\]$/.test(hostname)) return hostname;
  const labels = hostname.split('.');
  const valid = labels.every((label) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/.test(label) || /^xn--[a-z0-9-]+$/.test(label));
  return valid ? hostname : null;
}
