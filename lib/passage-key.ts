import { normalizeText } from './normalize';

/**
 * A short key for a page passage: stable across typography and markup changes,
 * and not the text itself, so "Not a match here" choices store no page text.
 */
export function passageKey(text: string): string {
  const normalized = normalizeText(text).text;
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < normalized.length; i++) {
    const c = normalized.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
