/**
 * Names the content script shows the page, chosen afresh for every run.
 *
 * A fixed name (`::highlight(sourcelight)`, `<sourcelight-mark>`) lets any page
 * probe for the extension with `getComputedStyle(el, '::highlight(sourcelight)')`
 * or pre-register, pre-style or pre-define the name before the content script
 * starts (issue 12, points 1 and 4). Random names leave nothing to probe for
 * until something is painted, and nothing the page can claim in advance.
 */

/** The page-visible names of one content-script run. */
export interface SessionNames {
  /** Highlight registry name for every public-corpus passage. */
  highlight: string;
  /** Highlight registry name for the passage under the pointer or keyboard focus. */
  activeHighlight: string;
  /** Highlight registry name for rewritten public-corpus passages, which have their own paint. */
  rewrittenHighlight: string;
  /** Highlight registry name for the rewritten passage under the pointer or keyboard focus. */
  rewrittenActiveHighlight: string;
  /** Custom element that wraps passages where the Highlight API is missing. */
  fallbackTag: string;
}

/** Suffix of the active highlight's name. */
export const ACTIVE_SUFFIX = '-active';

/**
 * Fresh names from `random` (16 bytes). Every name is a CSS identifier (starts
 * with a letter) and the tag is a valid custom-element name (has a hyphen).
 */
export function createSessionNames(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): SessionNames {
  const token = [...random(new Uint8Array(8))].map((byte) => byte.toString(36).padStart(2, '0')).join('');
  const highlight = `h${token}`;
  const rewrittenHighlight = `${highlight}-r`;
  return {
    highlight,
    activeHighlight: `${highlight}${ACTIVE_SUFFIX}`,
    rewrittenHighlight,
    rewrittenActiveHighlight: `${rewrittenHighlight}${ACTIVE_SUFFIX}`,
    fallbackTag: `m-${token}`,
  };
}
