/**
 * Paints each passage where its corpus allows: public-corpus passages with the
 * CSS highlight registry (fast, native, but readable by the page), private ones
 * with the closed-shadow-root overlay (README, "Security and privacy"; issue 12,
 * point 3). Also keeps the paint in place when the page clears the registry or
 * the adopted sheet, or removes the overlay (point 2), and keeps every
 * page-visible trace away while nothing public is painted (point 4).
 */
import { Highlighter, HighlightStyle, isDarkPage, type HighlightAppearance, type HighlightKind } from './highlighter';
import { OverlayPainter } from './overlay-painter';
import type { SessionNames } from './session-names';

/** What the painter needs of a passage. */
export interface PaintablePassage {
  range: Range;
  /** Whether every source of the passage is in a private corpus. */
  private: boolean;
  /** How it was reused: public passages of each kind have their own paint (the overlay has one). */
  kind: HighlightKind;
}

/** Checks for damage done by the page at most this often while something is painted. */
const REPAIR_INTERVAL_MS = 1000;

/** Routes passages of one document to the registry or the overlay. */
export class PassagePainter {
  private readonly highlighter: Highlighter;
  private readonly style: HighlightStyle;
  private readonly overlay: OverlayPainter;
  private repairTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly document: Document,
    private readonly names: SessionNames,
  ) {
    this.highlighter = new Highlighter(document, names);
    this.style = new HighlightStyle(document, names);
    this.overlay = new OverlayPainter(document);
  }

  /** Sets the user's appearance of copied and of rewritten passages, for both ways of painting. */
  apply(appearance: HighlightAppearance, rewritten?: HighlightAppearance): void {
    this.style.apply(appearance, rewritten);
    this.overlay.apply(appearance, isDarkPage(this.document));
  }

  /** Puts the overlay's (empty) host in the page; see `OverlayPainter.attach`. */
  attachOverlay(): void {
    this.overlay.attach();
  }

  /** Whether `element` is one of the painter's own elements (overlay host, fallback mark). */
  isOwnElement(element: Element): boolean {
    return this.overlay.isHost(element) || element.localName === this.names.fallbackTag;
  }

  /** Paints `passages` in addition to those already painted. */
  add(passages: readonly PaintablePassage[]): void {
    const shown = passages.filter((p) => !p.private);
    if (shown.length > 0) this.style.adoptInto(this.document);
    for (const passage of shown) {
      const root = passage.range.startContainer.getRootNode();
      if (root !== this.document && root.nodeType === Node.DOCUMENT_FRAGMENT_NODE) this.style.adoptInto(root as ShadowRoot);
    }
    this.highlighter.add(shown.filter((p) => p.kind !== 'rewritten').map((p) => p.range));
    this.highlighter.add(shown.filter((p) => p.kind === 'rewritten').map((p) => p.range), 'rewritten');
    this.overlay.add(passages.filter((p) => p.private).map((p) => p.range));
    this.updateRepairTimer();
  }

  /** Stops painting `passages`. */
  remove(passages: readonly PaintablePassage[]): void {
    this.highlighter.remove(passages.filter((p) => !p.private).map((p) => p.range));
    this.overlay.remove(passages.filter((p) => p.private).map((p) => p.range));
    if (this.highlighter.painted.size === 0) this.style.remove();
    this.updateRepairTimer();
  }

  /** Marks the hovered or focused passage, or none. */
  setActive(passage: PaintablePassage | null): void {
    this.highlighter.setActive(passage && !passage.private ? passage.range : null);
    this.overlay.setActive(passage?.private ? passage.range : null);
  }

  /**
   * Repaints what the page removed: registry entries, the adopted sheet, the
   * overlay host. Cheap (a few map and array reads) and run at most once a second.
   */
  repair(): void {
    this.highlighter.repair();
    this.style.repair();
    this.overlay.repair();
  }

  /** Removes every trace: highlights, sheet, overlay host, timer. */
  clear(): void {
    clearInterval(this.repairTimer);
    this.repairTimer = undefined;
    this.highlighter.clear();
    this.style.remove();
    this.overlay.detach();
  }

  private updateRepairTimer(): void {
    const painting = this.highlighter.painted.size + this.overlay.painted.size > 0;
    if (painting && this.repairTimer === undefined) this.repairTimer = setInterval(() => this.repair(), REPAIR_INTERVAL_MS);
    if (!painting && this.repairTimer !== undefined) {
      clearInterval(this.repairTimer);
      this.repairTimer = undefined;
    }
  }
}
