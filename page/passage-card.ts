/**
 * Explains the passage under the pointer or keyboard focus in the hover card,
 * and carries out the card's buttons (open the source, copy a citation, "Not a
 * match here"). Private passages are marked but never explained in the page.
 */
import { formatCitation } from '../lib/citation';
import { sendMessage } from '../extension/messages';
import { HoverCard, type CardMatch } from './hover-card';
import type { PaintedPassage, PaintedPassages } from './painted-passages';
import type { PassagePainter } from './passage-painter';
import type { ReaderChoices } from './reader-choices';
import { hasUserActivation, trusted } from './trusted-events';

/** Grace period for moving the pointer from a highlight into its card. */
const HIDE_DELAY_MS = 250;

/** The hover card of one document and what opens and closes it. */
export class PassageCard {
  private readonly card: HoverCard;
  private readonly view: Window;
  private current: PaintedPassage | null = null;
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  private pointer: { x: number; y: number } | null = null;
  private frame = 0;

  constructor(
    private readonly document: Document,
    private readonly parts: { passages: PaintedPassages; painter: PassagePainter; choices: ReaderChoices },
  ) {
    this.view = document.defaultView!;
    this.card = new HoverCard(document, {
      openSource: (match) => this.openSource(match),
      copyCitation: (match) => this.copyCitation(match),
      dismiss: (match) => this.dismiss(match),
    });
    parts.passages.onRemove((removed) => {
      if (this.current && removed.has(this.current)) this.hide();
    });
  }

  /** The passage whose card is open or whose highlight is active, if any. */
  get active(): PaintedPassage | null {
    return this.current;
  }

  /** Whether `element` is the card's host (never read, its changes ignored). */
  isHost(element: Element): boolean {
    return this.card.isHost(element);
  }

  /** Follows the pointer, focus and Escape until `signal` aborts; then closes the card. */
  start(signal: AbortSignal): void {
    // Trusted events only: a page dispatching a synthetic pointermove opened the card (issue 12, point 1).
    this.view.addEventListener(
      'pointermove',
      trusted((event: PointerEvent) => {
        if (this.card.contains(event.target as Node)) return;
        this.pointer = { x: event.clientX, y: event.clientY };
        if (!this.frame) this.frame = this.view.requestAnimationFrame(() => this.checkPointer());
      }),
      { passive: true, signal },
    );
    this.view.addEventListener(
      'keydown',
      trusted((event: KeyboardEvent) => {
        if (event.key === 'Escape' && this.card.isOpen) this.hide();
      }),
      { signal },
    );
    // A page can move focus itself (`element.focus()` fires a trusted focusin), so
    // focus opens the card only while the reader is using the keyboard or pointer.
    this.document.addEventListener(
      'focusin',
      trusted((event: FocusEvent) => {
        const target = event.target as Node | null;
        if (!target || this.card.contains(target) || !hasUserActivation(this.view)) return;
        const passage = this.parts.passages.all.find((p) => p.range.intersectsNode(target));
        if (passage) this.show(passage);
        else if (this.current) this.hide();
      }),
      { signal },
    );
    signal.addEventListener('abort', () => {
      clearTimeout(this.hideTimer);
      if (this.frame) this.view.cancelAnimationFrame(this.frame);
      this.card.hide();
    });
  }

  /**
   * Marks `passage` active and, when it is public, explains it in the card;
   * `pointerY` is where the pointer that opened it rests.
   */
  show(passage: PaintedPassage, pointerY?: number): void {
    clearTimeout(this.hideTimer);
    if (this.current === passage) return;
    this.current = passage;
    this.parts.painter.setActive(passage);
    // Private passages are explained outside the page: any in-page card is readable by it.
    if (passage.private) {
      this.card.hide();
      return;
    }
    try {
      this.card.show(passage.range, { matches: passage.matches }, {
        onEnter: () => clearTimeout(this.hideTimer),
        onLeave: () => this.scheduleHide(),
      }, pointerY);
    } catch (error) {
      // A document that cannot host the card (exotic XML) keeps its highlights, without a card.
      this.hide();
      console.debug('[Sourcelight] card', error);
    }
  }

  /** Closes the card and clears the active mark. */
  hide(): void {
    clearTimeout(this.hideTimer);
    this.card.hide();
    this.current = null;
    this.parts.painter.setActive(null);
  }

  /** Scrolls `passage` into view and explains it, as if newly hovered. */
  focus(passage: PaintedPassage): void {
    passage.range.startContainer.parentElement?.scrollIntoView({ block: 'center', behavior: 'instant' });
    this.current = null;
    this.show(passage);
  }

  private scheduleHide(): void {
    clearTimeout(this.hideTimer);
    this.hideTimer = setTimeout(() => this.hide(), HIDE_DELAY_MS);
  }

  private checkPointer(): void {
    this.frame = 0;
    const passages = this.parts.passages.all;
    if (!this.pointer || passages.length === 0) return;
    const passage = passageAt(this.document, passages, this.pointer.x, this.pointer.y);
    if (passage) this.show(passage, this.pointer.y);
    else if (this.current) this.scheduleHide();
  }

  private openSource(match: CardMatch): void {
    // One tab per real gesture; the background limits the rate as well (lib/gesture-guard.ts).
    if (!hasUserActivation(this.view)) return;
    const passagesOfDoc = this.parts.passages.all.flatMap((p) => p.matches.filter((m) => m.docId === match.docId));
    void sendMessage('openSource', {
      docId: match.docId,
      active: { docStart: match.docStart, docEnd: match.docEnd },
      passages: passagesOfDoc.map((m) => ({ docStart: m.docStart, docEnd: m.docEnd })),
      pageUrl: this.view.location.href,
      pageTitle: this.document.title,
    });
  }

  private async copyCitation(match: CardMatch): Promise<void> {
    await this.view.navigator.clipboard.writeText(
      formatCitation({
        pageUrl: this.view.location.href,
        pageTitle: this.document.title,
        pageText: match.pageText,
        source: match.source,
        sourceText: match.sourceText,
        similarity: match.similarity,
        kind: match.kind,
        overlap: match.rewrite?.overlap,
      }),
    );
  }

  private dismiss(match: CardMatch): void {
    // Compared by value: a re-read of the block while the card was open gives the
    // passage new match objects for the same sources.
    const isDismissedMatch = (m: CardMatch): boolean =>
      m.docId === match.docId && m.pageStart === match.pageStart && m.pageEnd === match.pageEnd && m.docStart === match.docStart;
    const passage = this.parts.passages.all.find((p) => p.matches.some(isDismissedMatch));
    this.parts.choices.dismiss(match.docId, match.pageText);
    if (passage) {
      passage.matches = passage.matches.filter((m) => !isDismissedMatch(m));
      if (passage.matches.length === 0) this.parts.passages.remove([passage]);
    }
    this.hide();
  }
}

/** The painted passage whose text is under the viewport point, if any. */
function passageAt(document: Document, passages: readonly PaintedPassage[], x: number, y: number): PaintedPassage | null {
  // Without the open shadow roots named, the caret stops at their hosts
  // (https://drafts.csswg.org/cssom-view/#dom-document-caretpositionfrompoint).
  const shadowRoots = [...new Set(passages.map((p) => p.range.startContainer.getRootNode()))].filter(
    (root): root is ShadowRoot => root !== document,
  );
  const caret = caretAt(document, x, y, shadowRoots);
  if (!caret) return null;
  for (const passage of passages) {
    let inside: boolean;
    try {
      inside = passage.range.isPointInRange(caret.node, caret.offset);
    } catch {
      continue; // the caret is in another tree (e.g. a shadow root)
    }
    // The caret snaps to the nearest character even past the end of a line;
    // only count it when the pointer is really over the passage's text boxes.
    if (inside && [...passage.range.getClientRects()].some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom)) {
      return passage;
    }
  }
  return null;
}

function caretAt(document: Document, x: number, y: number, shadowRoots: ShadowRoot[]): { node: Node; offset: number } | null {
  if (typeof document.caretPositionFromPoint === 'function') {
    const position = document.caretPositionFromPoint(x, y, { shadowRoots });
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  const range = document.caretRangeFromPoint?.(x, y);
  return range ? { node: range.startContainer, offset: range.startOffset } : null;
}
