import { describe, expect, it } from 'vitest';
import { CARD_GAP, MAX_CARD_HEIGHT, MIN_CARD_HEIGHT, placeCard, VIEWPORT_PADDING, type Box } from './card-position';

const VIEWPORT = { width: 1000, height: 800 };
const box = (left: number, top: number, right: number, bottom: number): Box => ({ left, top, right, bottom });
const bounds = (boxes: Box[]): Box => ({
  left: Math.min(...boxes.map((b) => b.left)),
  top: Math.min(...boxes.map((b) => b.top)),
  right: Math.max(...boxes.map((b) => b.right)),
  bottom: Math.max(...boxes.map((b) => b.bottom)),
});

describe('placeCard', () => {
  it('opens below the passage’s last line, at that line’s start', () => {
    // Three lines; the last one starts at the left margin and is split in two inline boxes.
    const lines = [box(300, 100, 700, 120), box(100, 120, 700, 140), box(100, 140, 250, 160), box(250, 140, 400, 160)];
    const placed = placeCard(lines, bounds(lines), { width: 300, height: 200 }, VIEWPORT);
    expect(placed).toEqual({ side: 'below', top: 160 + CARD_GAP, left: 100, maxHeight: MAX_CARD_HEIGHT });
  });

  it('opens above the first line when there is no room below and more above', () => {
    const lines = [box(300, 600, 700, 620), box(100, 620, 500, 700)];
    const placed = placeCard(lines, bounds(lines), { width: 300, height: 300 }, VIEWPORT);
    expect(placed.side).toBe('above');
    expect(placed.top).toBe(600 - CARD_GAP - 300);
    expect(placed.left).toBe(300);
    expect(placed.maxHeight).toBe(MAX_CARD_HEIGHT);
  });

  it('stays below when the card fits there, even with more room above', () => {
    const lines = [box(100, 500, 400, 520)];
    expect(placeCard(lines, lines[0]!, { width: 300, height: 200 }, VIEWPORT).side).toBe('below');
  });

  it('caps the height by the room on the chosen side, but not below the minimum', () => {
    // Room below: 800 - 8 - (450 + 6) = 336; above: 430 - 6 - 8 = 416, so above, capped at 416.
    const lines = [box(100, 430, 400, 450)];
    const placed = placeCard(lines, lines[0]!, { width: 300, height: 420 }, VIEWPORT);
    expect(placed).toMatchObject({ side: 'above', maxHeight: 416, top: 430 - CARD_GAP - 416 });
    // A tiny viewport still gets a usable card.
    const cramped = placeCard(lines, lines[0]!, { width: 300, height: 420 }, { width: 1000, height: 500 });
    expect(cramped.maxHeight).toBeGreaterThanOrEqual(MIN_CARD_HEIGHT);
  });

  it('shifts the card to stay inside the viewport on both sides', () => {
    const right = [box(900, 100, 990, 120)];
    expect(placeCard(right, right[0]!, { width: 300, height: 100 }, VIEWPORT).left).toBe(VIEWPORT.width - VIEWPORT_PADDING - 300);
    const left = [box(-50, 100, 200, 120)];
    expect(placeCard(left, left[0]!, { width: 300, height: 100 }, VIEWPORT).left).toBe(VIEWPORT_PADDING);
    // Wider than the viewport: its start stays visible.
    expect(placeCard(right, right[0]!, { width: 1200, height: 100 }, VIEWPORT).left).toBe(VIEWPORT_PADDING);
  });

  it('reads DOMRect-like boxes whose fields are getters', () => {
    class Rect {
      constructor(private readonly r: Box) {}
      get top(): number { return this.r.top; }
      get left(): number { return this.r.left; }
      get bottom(): number { return this.r.bottom; }
      get right(): number { return this.r.right; }
    }
    const lines = [new Rect(box(100, 100, 400, 120)), new Rect(box(120, 120, 300, 140))];
    expect(placeCard(lines, new Rect(box(100, 100, 400, 140)), { width: 200, height: 100 }, VIEWPORT)).toEqual({
      side: 'below',
      top: 140 + CARD_GAP,
      left: 120,
      maxHeight: MAX_CARD_HEIGHT,
    });
  });

  it('uses the bounding box when the range has no line boxes, and ignores empty ones', () => {
    const fallback = box(200, 300, 500, 340);
    expect(placeCard([], fallback, { width: 100, height: 100 }, VIEWPORT)).toMatchObject({ side: 'below', top: 340 + CARD_GAP, left: 200 });
    expect(placeCard([box(0, 0, 0, 0)], fallback, { width: 100, height: 100 }, VIEWPORT)).toMatchObject({ top: 340 + CARD_GAP, left: 200 });
  });

  describe('a passage taller than the viewport, both ends off screen', () => {
    // A reprinted article: lines from 500 px above the viewport to 700 px below it.
    const lines = Array.from({ length: 100 }, (_, i) => box(i % 2 ? 40 : 60, -500 + i * 20, 900, -480 + i * 20));
    const card = { width: 300, height: 420 };
    const inViewport = (placed: { top: number; maxHeight: number }): boolean =>
      placed.top >= VIEWPORT_PADDING && placed.top + Math.min(card.height, placed.maxHeight) <= VIEWPORT.height - VIEWPORT_PADDING;

    it('pins the card inside the viewport, at the bottom edge when the pointer is in the top half', () => {
      const placed = placeCard(lines, bounds(lines), card, VIEWPORT, 200);
      expect(placed.side).toBe('pinned');
      expect(inViewport(placed)).toBe(true);
      expect(placed.top + Math.min(card.height, placed.maxHeight)).toBe(VIEWPORT.height - VIEWPORT_PADDING);
      // Aligned with the leftmost line on screen, and clear of the pointer.
      expect(placed.left).toBe(40);
      expect(placed.top).toBeGreaterThan(200);
    });

    it('pins it at the top edge when the pointer is in the bottom half', () => {
      const placed = placeCard(lines, bounds(lines), card, VIEWPORT, 700);
      expect(placed).toMatchObject({ side: 'pinned', top: VIEWPORT_PADDING });
      expect(placed.top + placed.maxHeight).toBeLessThan(700);
    });

    it('pins it at the bottom edge for keyboard focus (no pointer), and fits a small window', () => {
      const small = { width: 1000, height: 300 };
      const placed = placeCard(lines, bounds(lines), card, small);
      expect(placed.side).toBe('pinned');
      expect(placed.maxHeight).toBe(MIN_CARD_HEIGHT);
      expect(placed.top).toBe(small.height - VIEWPORT_PADDING - MIN_CARD_HEIGHT);
      // Lower than the minimum card: the card takes the whole viewport, inside its padding.
      const tiny = { width: 1000, height: 120 };
      expect(placeCard(lines, bounds(lines), card, tiny)).toMatchObject({ side: 'pinned', top: VIEWPORT_PADDING, maxHeight: 120 - 2 * VIEWPORT_PADDING });
    });

    it('keeps opening outside a long passage that has room on one side', () => {
      const ending = lines.filter((line) => line.bottom <= 300);
      expect(placeCard(ending, bounds(ending), card, VIEWPORT, 100).side).toBe('below');
    });
  });
});
