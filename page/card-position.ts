/**
 * Where the hover card goes: pure geometry, no DOM. The card opens below the
 * last line of the passage, aligned with that line's start, or above its first
 * line when there is not room below and there is more above; it is shifted
 * sideways to stay `VIEWPORT_PADDING` inside the viewport, and its height is
 * capped by the room on the chosen side. A passage with no usable room on
 * either side (a reprinted article taller than the window, both ends off
 * screen) gets the card pinned inside the viewport, over the passage, in the
 * half away from the pointer: placed outside, the card would be off screen
 * (seen on a page reprinting whole wire articles).
 *
 * (Replaces Floating UI's `inline`, `offset`, `flip`, `shift` and `size`
 * middleware, which were a tenth of the content script.)
 */

/** A rectangle in viewport coordinates, as `getClientRects()` gives them. */
export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** The card's placement: fixed-position `top` and `left`, and the card's `max-height`. */
export interface CardPlacement {
  top: number;
  left: number;
  maxHeight: number;
  side: 'below' | 'above' | 'pinned';
}

/** Gap between the passage and the card. */
export const CARD_GAP = 6;
/** The card stays this far inside the viewport. */
export const VIEWPORT_PADDING = 8;
/** The card is never squeezed below this height (it scrolls inside)… */
export const MIN_CARD_HEIGHT = 160;
/** …nor grows taller than this. */
export const MAX_CARD_HEIGHT = 420;

/**
 * Places a card of `card` size (its natural size, at most `MAX_CARD_HEIGHT`
 * tall) for a passage whose line boxes are `lines` (a Range's client rects;
 * `fallback`, its bounding rect, when it has none) in a `viewport`;
 * `pointerY`, where the pointer rests (none for keyboard focus), decides which
 * edge a pinned card keeps to.
 */
export function placeCard(
  lines: readonly Box[],
  fallback: Box,
  card: { width: number; height: number },
  viewport: { width: number; height: number },
  pointerY?: number,
): CardPlacement {
  const boxes = lines.filter((box) => box.right > box.left || box.bottom > box.top);
  const last = lineOf(boxes, 'last') ?? copy(fallback);
  const first = lineOf(boxes, 'first') ?? copy(fallback);
  const wanted = Math.min(card.height, MAX_CARD_HEIGHT);
  const roomBelow = viewport.height - VIEWPORT_PADDING - (last.bottom + CARD_GAP);
  const roomAbove = first.top - CARD_GAP - VIEWPORT_PADDING;
  const maxLeft = viewport.width - VIEWPORT_PADDING - card.width;
  // Wider than the viewport allows: keep its start edge visible.
  const leftOf = (anchor: Box): number => Math.round(Math.max(VIEWPORT_PADDING, Math.min(anchor.left, maxLeft)));
  // No room for even a short card on either side, and the passage runs off screen.
  if (roomBelow < MIN_CARD_HEIGHT && roomAbove < MIN_CARD_HEIGHT && (first.top < 0 || last.bottom > viewport.height)) {
    return pinned(boxes, first, wanted, viewport, pointerY, leftOf);
  }
  const side = wanted <= roomBelow || roomBelow >= roomAbove ? 'below' : 'above';
  const room = side === 'below' ? roomBelow : roomAbove;
  const maxHeight = Math.round(Math.max(MIN_CARD_HEIGHT, Math.min(MAX_CARD_HEIGHT, room)));
  const height = Math.min(wanted, maxHeight);
  const anchor = side === 'below' ? last : first;
  const top = side === 'below' ? anchor.bottom + CARD_GAP : anchor.top - CARD_GAP - height;
  return { top: Math.round(top), left: leftOf(anchor), maxHeight, side };
}

/**
 * The card of a passage that fills the viewport: inside the viewport, at its
 * bottom edge when the pointer is in the top half (or unknown, as for keyboard
 * focus), at its top edge otherwise, aligned with the start of the passage's
 * lines on screen.
 */
function pinned(
  boxes: readonly Box[],
  first: Box,
  wanted: number,
  viewport: { width: number; height: number },
  pointerY: number | undefined,
  leftOf: (anchor: Box) => number,
): CardPlacement {
  // Half the viewport, but at least the minimum, and never more than the viewport holds.
  const fits = Math.max(0, viewport.height - 2 * VIEWPORT_PADDING);
  const maxHeight = Math.round(Math.min(fits, Math.max(MIN_CARD_HEIGHT, Math.min(MAX_CARD_HEIGHT, viewport.height / 2 - VIEWPORT_PADDING))));
  const height = Math.min(wanted, maxHeight);
  const atTop = pointerY !== undefined && pointerY > viewport.height / 2;
  const top = atTop ? VIEWPORT_PADDING : viewport.height - VIEWPORT_PADDING - height;
  const onScreen = boxes.filter((box) => box.bottom > 0 && box.top < viewport.height);
  const start = onScreen.length > 0 ? onScreen.reduce((a, b) => (b.left < a.left ? b : a)) : first;
  return { top: Math.round(top), left: leftOf(start), maxHeight, side: 'pinned' };
}

function copy(box: Box): Box {
  return { top: box.top, left: box.left, bottom: box.bottom, right: box.right };
}

/**
 * The first or last line of the passage, as one box: the top-most (bottom-most)
 * box and every box whose vertical middle lies within it (the other inline
 * boxes of that line).
 */
function lineOf(boxes: readonly Box[], which: 'first' | 'last'): Box | null {
  let edge: Box | null = null;
  for (const box of boxes) {
    if (!edge || (which === 'last' ? box.bottom > edge.bottom : box.top < edge.top)) edge = box;
  }
  if (!edge) return null;
  // Read field by field: a DOMRect's fields are prototype getters, which spreading would lose.
  const line: Box = { top: edge.top, left: edge.left, bottom: edge.bottom, right: edge.right };
  for (const box of boxes) {
    const middle = (box.top + box.bottom) / 2;
    if (middle < edge.top || middle > edge.bottom) continue;
    line.top = Math.min(line.top, box.top);
    line.bottom = Math.max(line.bottom, box.bottom);
    line.left = Math.min(line.left, box.left);
    line.right = Math.max(line.right, box.right);
  }
  return line;
}
